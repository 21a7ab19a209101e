import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { screenshot } from '#test/support/browser';

/**
 * Independent checks of every page and email a browser test shows: axe-core
 * (WCAG 2.1 A and AA rules) runs in the page as Chromium renders it, and the
 * Nu Html Checker (vnu.jar, the `vnu-jar` package, on the machine's Java)
 * validates the markup. The JVM starts slowly, so the documents of a test
 * file are collected and checked in one `java -jar` run at its end.
 * Every page and email is also screenshotted (test-results/screenshots, or
 * docs/gallery with GALLERY=1: see docs/gallery/README.md).
 */

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFile(require.resolve('axe-core/axe.min.js'), 'utf8');
const VNU_JAR = require.resolve('vnu-jar/build/dist/vnu.jar');

export const WCAG_21_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: unknown[]; failureSummary?: string }>;
}

export interface VnuMessage {
  type: string;
  subType?: string;
  message: string;
  url?: string;
  lastLine?: number;
  extract?: string;
}

/** axe-core's WCAG 2.1 AA rules over the page as it is now (its CSP allows no script, DevTools evaluation is exempt). */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  interface AxeWindow {
    axe?: { run: (context: unknown, options: unknown) => Promise<{ violations: unknown[] }> };
    document: unknown;
  }
  const hasAxe = await page.evaluate(() => (globalThis as unknown as AxeWindow).axe !== undefined);
  if (!hasAxe) await page.evaluate(await AXE_SOURCE);
  return page.evaluate(async (tags) => {
    const window = globalThis as unknown as Required<AxeWindow>;
    const result = await window.axe.run(window.document, { runOnly: { type: 'tag', values: tags } });
    return result.violations as AxeViolation[];
  }, WCAG_21_AA);
}

/** The Nu Html Checker over many documents in one JVM: its messages by file name. */
export async function vnuMessages(documents: ReadonlyArray<{ name: string; html: string }>) {
  const dir = await mkdtemp(join(tmpdir(), 'vnu-'));
  try {
    const files = await Promise.all(
      documents.map(async (document, index) => {
        const file = join(
          dir,
          `${String(index).padStart(3, '0')}-${document.name.replace(/[^\w-]+/g, '_')}.html`,
        );
        await writeFile(file, document.html);
        return file;
      }),
    );
    const { stdout } = await promisify(execFile)(
      'java',
      [
        '-Xshare:auto',
        '-Xss2m',
        '-jar',
        VNU_JAR,
        '--format',
        'json',
        '--stdout',
        '--exit-zero-always',
        ...files,
      ],
      { maxBuffer: 64 * 1024 * 1024 },
    );
    const messages = (JSON.parse(stdout) as { messages: VnuMessage[] }).messages;
    const byName = new Map<string, VnuMessage[]>();
    documents.forEach((document, index) => {
      byName.set(
        document.name,
        messages.filter((message) => message.url?.endsWith(files[index] ?? '\0')),
      );
    });
    return byName;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Where the screenshots go: the gallery (GALLERY=1) or the test artifacts. */
const GALLERY_DIR = new URL('../../docs/gallery/', import.meta.url).pathname;
export const galleryRun = process.env.GALLERY === '1';

export class PageAudit {
  readonly documents: Array<{ name: string; html: string }> = [];
  readonly violations: Array<{ name: string; violations: AxeViolation[] }> = [];

  /** Checks the page as it is now: axe in the browser, the markup kept for the checker, a screenshot. */
  async page(page: Page, name: string): Promise<void> {
    this.violations.push({ name, violations: await axeViolations(page) });
    this.documents.push({ name, html: await page.content() });
    await this.#screenshot(page, name);
  }

  /** An email's HTML, shown in a page of its own at the page's width, then checked like a page. */
  async email(browser: Browser, name: string, html: string, width = 1280): Promise<void> {
    const page = await browser.newPage({ viewport: { width, height: 900 } });
    try {
      await page.setContent(html, { waitUntil: 'load' });
      this.violations.push({ name, violations: await axeViolations(page) });
      this.documents.push({ name, html });
      await this.#screenshot(page, name);
    } finally {
      await page.close();
    }
  }

  async #screenshot(page: Page, name: string): Promise<void> {
    // The gallery shows the desktop width; the phone-width shots stay with the test artifacts.
    if (!galleryRun || name.endsWith('-320px')) return screenshot(page, name);
    await mkdir(GALLERY_DIR, { recursive: true });
    await page.screenshot({ path: join(GALLERY_DIR, `${name}.png`), fullPage: true });
  }

  /** axe's violations, and the checker's errors and warnings, of everything audited: all should be empty. */
  async findings() {
    const vnu = await vnuMessages(this.documents);
    const problems = (types: (message: VnuMessage) => boolean) =>
      [...vnu].flatMap(([name, messages]) =>
        messages.filter(types).map((message) => `${name}:${message.lastLine ?? '?'}: ${message.message}`),
      );
    return {
      checked: this.documents.length,
      axe: this.violations.flatMap(({ name, violations }) =>
        violations.map((violation) => `${name}: ${violation.id} (${violation.impact}): ${violation.help}`),
      ),
      htmlErrors: problems((message) => message.type === 'error' || message.subType === 'fatal'),
      htmlWarnings: problems((message) => message.type === 'info' && message.subType === 'warning'),
    };
  }
}
