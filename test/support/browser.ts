import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';

/** Debian's Chromium, installed by `npm run setup`; the browser suite is only included when it exists. */
const CHROMIUM_PATH = '/usr/bin/chromium';

/** Where screenshots go: a test artifact, kept with the test report. */
const SCREENSHOT_DIR = new URL('../../test-results/screenshots/', import.meta.url).pathname;

export async function launchChromium(): Promise<Browser> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    // This machine's network is closed: without these flags Chromium keeps dialling Google's hosts.
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}

/** Clicks and waits for the page it leads to: the navigation's response. */
export async function clickAndWait(page: Page, selector: string) {
  const [response] = await Promise.all([page.waitForNavigation(), page.click(selector)]);
  return response;
}

/** The form's "Continue": the check page (200), or the form again with its errors (400), or the link's error page. */
export const CONTINUE = 'button[name="step"][value="check"]';
/** The check page's "Confirm": the one button without a step, which sends the answer. */
export const CONFIRM = '#answer-form button[type="submit"]:not([name])';

/** Continue to the check page, then confirm there: the answer is sent. Stops at the first page that is not 200. */
export async function continueAndConfirm(page: Page) {
  const check = await clickAndWait(page, CONTINUE);
  if (check?.status() !== 200) return check;
  return clickAndWait(page, CONFIRM);
}
