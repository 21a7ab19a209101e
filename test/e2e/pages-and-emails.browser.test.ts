import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmailContent } from '#shared/notifications/emails';
import { launchChromium } from '#test/support/browser';
import { PageAudit } from '#test/support/page-audit';
import { APP, emails, pages } from '#test/support/page-fixtures';

/**
 * Every page and every email the service sends, rendered from the same
 * functions the handlers use, in Chromium at 1280 and 320 px: axe-core's
 * WCAG 2.1 AA rules and the Nu Html Checker find nothing; refused forms put
 * their summary first, in view and focused, and say «Ошибка» in the title;
 * deadlines are in Moscow time with the zone named; Russian numbers have
 * decimal commas; subjects stay within 80 characters and name the cluster
 * (and, for tasks, the deadline). Screenshots feed the gallery (docs/gallery).
 */

let browser: Browser;
const audit = new PageAudit();

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

async function open(html: string, width: number): Promise<Page> {
  const page = await browser.newPage({ viewport: { width, height: width === 320 ? 640 : 800 } });
  await page.setContent(html, { waitUntil: 'load' });
  return page;
}

describe('every page', () => {
  it.each(Object.keys(pages))('%s: at 1280 and 320 px, nothing wider than the screen', async (name) => {
    for (const width of [1280, 320]) {
      const page = await open(pages[name] ?? '', width);
      expect(await page.locator('html').evaluate((element) => element.scrollWidth)).toBeLessThanOrEqual(
        width,
      );
      // Who writes, and whom to ask: on every page.
      expect(await page.locator('header').textContent()).toContain('Департамент');
      expect(await page.locator('footer').textContent()).toMatch(/@.+\+7/s);
      await audit.page(page, width === 1280 ? name : `${name}-320px`);
      await page.close();
    }
  });

  it.each(['review-form-errors', 'signoff-form-errors', 'invitation-form-errors'])(
    '%s: the error summary is first, in the first screen, focused, linked to the fields, with «Ошибка» in the title',
    async (name) => {
      for (const width of [1280, 320]) {
        const page = await open(pages[name] ?? '', width);
        expect(await page.title()).toMatch(/^Ошибка: .+ \/ Error: /);
        const summary = page.locator('#error-summary');
        const box = await summary.boundingBox();
        const viewport = page.viewportSize();
        expect(box && viewport && box.y + Math.min(box.height, 120) <= viewport.height).toBe(true);
        expect(await page.locator(':focus').getAttribute('id')).toBe('error-summary');
        // Before the application's details, in both languages, each item a link to its field.
        const order = await page
          .locator('main > *')
          .evaluateAll((elements) => elements.map((element) => element.tagName));
        expect(order.slice(0, 2)).toEqual(['DIV', 'H1']);
        const links = await summary
          .locator('a')
          .evaluateAll((anchors) => anchors.map((anchor) => anchor.getAttribute('href')));
        for (const href of links) expect(await page.locator(href ?? '#none').count()).toBe(1);
        expect(await summary.textContent()).toMatch(/[А-Яа-я].+\/.+[A-Za-z]/s);
        expect(await summary.textContent()).not.toMatch(/comment: a comment|is required to accept/);
        await page.close();
      }
    },
  );

  it('states deadlines in Moscow time with the zone, and Russian numbers with decimal commas', async () => {
    const page = await open(pages['signoff-form'] ?? '', 1280);
    const text = (await page.locator('main').textContent()) ?? '';
    expect(text).toContain('11 марта 2026 г. в 12:00 МСК');
    expect(text).toContain('11 March 2026 at 12:00 Moscow time');
    expect(text).not.toContain('UTC');
    expect(text).toContain('6,3 / 10');
    expect(text).toContain('7,7 / 10');
    expect(text).not.toMatch(/\b6\.3\b/);
    await page.close();
  });

  it('names the cluster and the applicant in the heading, and lists the proposed members on the sign-off page', async () => {
    for (const name of ['review-form', 'signoff-form', 'consent-form', 'invitation-form']) {
      const page = await open(pages[name] ?? '', 1280);
      const heading = (await page.locator('h1').textContent()) ?? '';
      expect(heading).toContain('Зеленоград');
      expect(heading).toMatch(/Зеленоградский инновационный центр|Датчик|Участник 2/);
      await page.close();
    }
    const signoff = await open(pages['signoff-form'] ?? '', 1280);
    expect(await signoff.locator('table tbody tr').count()).toBe(33);
    expect(await signoff.locator('main').textContent()).toContain('Что означают оценки');
    await signoff.close();
  });
});

describe('every email', () => {
  it.each(Object.keys(emails))(
    '%s: a subject of at most 80 characters naming the cluster; the id in the body',
    async (name) => {
      const email = emails[name] as EmailContent;
      expect(email.subject.length).toBeLessThanOrEqual(80);
      expect(email.subject).toContain('Зеленоград');
      // Russian first, then English, when a short name leaves room for both.
      expect(email.subject).toMatch(/[А-Яа-я].* \/ [A-Z][a-z]/);
      if (/request|reminder|invitation/.test(name))
        expect(email.subject).toContain('до 11.03.2026 12:00 МСК');
      if (name !== 'email-invitation') expect(email.text).toContain(APP);
      expect(email.text).toContain('Департамент');
      await audit.email(browser, name, email.html);
      await audit.email(browser, `${name}-320px`, email.html, 320);
    },
  );
});

describe('the independent checkers', () => {
  it('find no WCAG 2.1 AA violation (axe-core) and no HTML error (Nu Html Checker) in any of them', async () => {
    const findings = await audit.findings();
    console.info(
      `[audit] ${findings.checked} documents: ${findings.axe.length} axe violations, ${findings.htmlErrors.length} HTML errors, ${findings.htmlWarnings.length} HTML warnings`,
    );
    expect(findings.checked).toBe(2 * (Object.keys(pages).length + Object.keys(emails).length));
    expect(findings.axe).toEqual([]);
    expect(findings.htmlErrors).toEqual([]);
    expect(findings.htmlWarnings).toEqual([]);
  });
});
