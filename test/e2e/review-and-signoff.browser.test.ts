import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { joinClusterBody, sample } from '#test/support/api-client';
import { CONFIRM, CONTINUE, clickAndWait, continueAndConfirm, launchChromium } from '#test/support/browser';
import { FINAL_STATUSES, submitAs, suiteClient } from '#test/support/e2e';
import { PageAudit } from '#test/support/page-audit';

/**
 * People acting from their email in real Chromium: the expert opens the
 * link from the outbox, fills the form and submits; the official approves;
 * a second submission shows the "already decided" page; and plain GETs of
 * every link (what a mail scanner does) change nothing.
 */
const client = suiteClient();
let browser: Browser;
/** Every page these tests show, and the emails behind them: checked by axe-core and the Nu Html Checker at the end. */
const audit = new PageAudit();

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

async function snapshot(token: string, applicationId: string) {
  const { body } = await client.getApplication(token, applicationId);
  return { status: body.status as string, history: body.history as unknown[] };
}

/** What a mail security scanner does: follow every link with a plain GET, in a browser and without. */
async function scan(page: Page, link: string) {
  for (let visit = 0; visit < 3; visit++) {
    const response = await page.goto(link);
    expect(response?.status()).toBe(200);
    expect((await client.getLink(link)).status).toBe(200);
  }
}

/** The summary of a refused form: first in the page, within the first screen, focused, «Ошибка» in the title. */
async function expectErrorSummaryInView(page: Page) {
  expect(await page.title()).toMatch(/^Ошибка: /);
  const box = await page.locator('#error-summary').boundingBox();
  const viewport = page.viewportSize();
  expect(box && viewport && box.y + Math.min(box.height, 120) <= viewport.height).toBe(true);
  expect(await page.locator(':focus').getAttribute('id')).toBe('error-summary');
}

async function fillScore(page: Page, name: string, value: string) {
  const field = page.locator(`[name="${name}"]`);
  if ((await field.count()) > 1) await page.check(`[name="${name}"][value="${value}"]`);
  else if ((await field.evaluate((element) => element.tagName)) === 'SELECT') await field.selectOption(value);
  else await field.fill(value);
}

describe('the review and sign-off pages', () => {
  it('take an expert review and an official approval from the emailed links, once', async () => {
    const applicant = sample.joinCandidate(20);
    const { token, applicationId } = await submitAs(
      client,
      joinClusterBody(applicant, sample.cluster.clusterId),
    );
    const [reviewLink = ''] = await client.waitForLinks(applicationId, 'reviews', 1);
    await client.waitForStatus(token, applicationId, ['IN_REVIEW']);
    const page = await browser.newPage();

    // A scanner following the review link changes nothing.
    const beforeScan = await snapshot(token, applicationId);
    await scan(page, reviewLink);
    expect(await snapshot(token, applicationId)).toEqual(beforeScan);

    // The expert finds the email in the outbox and follows its link.
    await page.goto(new URL('/_local/outbox', reviewLink).href);
    await page.click(`a[href="${reviewLink}"]`);
    await expect.poll(() => page.url()).toBe(reviewLink);
    expect(await page.locator('h1').first().textContent()).toBeTruthy();
    expect(await page.content()).toContain(applicationId);
    await audit.page(page, '1-review-form');

    // The same form open twice (a second tab, a double submit): the first submission wins.
    const secondTab = await browser.newPage();
    await secondTab.goto(reviewLink);
    for (const tab of [page, secondTab]) {
      await tab.check('input[name="recommendation"][value="APPROVE"]');
      await fillScore(tab, 'innovation', '8');
      await fillScore(tab, 'feasibility', '7');
      await fillScore(tab, 'cooperation', '9');
      await tab.fill('[name="comment"]', 'Сильная команда. Strong team.');
    }
    // "Continue" shows what will be sent and changes nothing; "Confirm" sends it.
    expect((await clickAndWait(page, CONTINUE))?.status()).toBe(200);
    expect(await page.locator('h1').textContent()).toMatch(/Проверьте заключение/);
    await audit.page(page, '2a-review-check');
    expect((await snapshot(token, applicationId)).status).toBe('IN_REVIEW');
    expect((await clickAndWait(page, CONFIRM))?.status()).toBe(200);
    await audit.page(page, '2-review-confirmation');
    expect((await clickAndWait(secondTab, CONTINUE))?.status()).toBe(409);
    await audit.page(secondTab, '3-review-already-submitted');

    // The official's link arrives once the quorum is in; scanners still change nothing.
    const [signoffLink = ''] = await client.waitForLinks(applicationId, 'signoff', 1);
    await client.waitForStatus(token, applicationId, ['AWAITING_SIGNOFF']);
    const beforeSignoffScan = await snapshot(token, applicationId);
    await scan(page, signoffLink);
    expect(await snapshot(token, applicationId)).toEqual(beforeSignoffScan);

    await page.goto(signoffLink);
    await secondTab.goto(signoffLink);
    expect(await page.content()).toContain('Strong team.');
    await audit.page(page, '4-signoff-page');
    // Rejecting without a comment, at desktop width: the summary is at the top of the first screen, focused.
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.check('input[name="decision"][value="REJECT"]');
    expect((await clickAndWait(page, CONTINUE))?.status()).toBe(400);
    await expectErrorSummaryInView(page);
    expect(await page.locator('#error-summary').textContent()).toMatch(
      /Напишите комментарий.*Write a comment/s,
    );
    await audit.page(page, '4a-signoff-errors');
    await page.check('input[name="decision"][value="APPROVE"]');
    await page.fill('[name="comment"]', 'Одобрено. Approved.');
    expect((await continueAndConfirm(page))?.status()).toBe(200);
    await audit.page(page, '5-signoff-confirmation');
    expect((await client.waitForStatus(token, applicationId, FINAL_STATUSES)).status).toBe('APPROVED');
    // The workflow notifies the applicant after the decision: compare against the history once it has.
    const notified = async () =>
      (await snapshot(token, applicationId)).history.some(
        (event) => (event as { action?: string }).action === 'APPLICANT_NOTIFIED',
      );
    await expect.poll(notified).toBe(true);

    const decided = await snapshot(token, applicationId);
    await secondTab.fill('[name="comment"]', 'Second thoughts');
    await secondTab.check('input[name="decision"][value="REJECT"]');
    expect((await clickAndWait(secondTab, CONTINUE))?.status()).toBe(409);
    expect(await secondTab.content()).toMatch(/уже|already/i);
    await audit.page(secondTab, '6-signoff-already-decided');
    expect(await snapshot(token, applicationId)).toEqual(decided);
    // The emails of the application, as sent: the expert's, the official's and the applicant's.
    for (const [index, mail] of (await client.outbox(applicationId)).entries())
      await audit.email(browser, `review-flow-email-${index + 1}`, mail.html);
  });

  it('let an expert decline a review with a reason; a replacement is emailed and the declined link is closed', async () => {
    const applicant = sample.joinCandidate(25);
    const { token, applicationId } = await submitAs(
      client,
      joinClusterBody(applicant, sample.cluster.clusterId),
    );
    const [reviewLink = ''] = await client.waitForLinks(applicationId, 'reviews', 1);
    await client.waitForStatus(token, applicationId, ['IN_REVIEW']);
    const page = await browser.newPage();
    await page.setViewportSize({ width: 320, height: 800 });
    await page.goto(reviewLink);

    // Declining without a reason: the form comes back with the problem at the top and by the field.
    await page.check('input[name="recommendation"][value="RECUSE"]');
    expect((await clickAndWait(page, CONTINUE))?.status()).toBe(400);
    await expectErrorSummaryInView(page);
    expect(await page.locator('#error-summary').textContent()).toMatch(
      /Укажите причину отказа от экспертизы.*Give the reason for declining the review/s,
    );
    expect(await page.locator('#comment-error').count()).toBe(1);
    expect(await page.isChecked('input[name="recommendation"][value="RECUSE"]')).toBe(true);
    await audit.page(page, '7-recusal-needs-a-reason');

    await page.fill('[name="comment"]', 'Конфликт интересов: работал у заявителя. Conflict of interest.');
    expect((await continueAndConfirm(page))?.status()).toBe(200);
    expect(await page.content()).toMatch(/declined the review/);
    await audit.page(page, '8-recusal-recorded');

    const links = await client.waitForLinks(applicationId, 'reviews', 2);
    expect(links.filter((link) => link !== reviewLink)).toHaveLength(1);
    const declined = await page.goto(reviewLink);
    expect(declined?.status()).toBe(409);
    expect(await page.content()).toContain('RECUSED');
    await audit.page(page, '9-recused-link');
    await client.withdraw(token, applicationId);
  });

  it('show nothing that axe-core (WCAG 2.1 AA) or the Nu Html Checker finds wrong', async () => {
    const findings = await audit.findings();
    expect(findings.checked).toBeGreaterThanOrEqual(12);
    expect(findings.axe).toEqual([]);
    expect(findings.htmlErrors).toEqual([]);
  });
});
