import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approveReview, joinClusterBody, sample } from '#test/support/api-client';
import { clickAndWait, continueAndConfirm, launchChromium } from '#test/support/browser';
import { FINAL_STATUSES, submitAs, suiteClient } from '#test/support/e2e';
import { PageAudit } from '#test/support/page-audit';
import { deadlineSeconds } from '#test/support/timeouts';

/**
 * Delegation and escalation of a sign-off in real Chromium: an official hands
 * the sign-off to a colleague from the page, the colleague decides from the
 * new emailed link, the first link then says it was delegated; and the
 * department head's page says why it got an escalated sign-off.
 */
const client = suiteClient();
const HEAD_EMAIL = 'i.zaitseva@dept.example.city';
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

const audit = new PageAudit();

/** Chooses a decision and sends it: "Continue", then "Confirm" on the check page. */
async function decide(page: Page, decision: 'APPROVE' | 'REJECT') {
  await page.check(`input[name="decision"][value="${decision}"]`);
  return continueAndConfirm(page);
}

/** A join application whose one review is in: it awaits sign-off. */
async function awaitingSignoff(candidate: number) {
  const { token, applicationId } = await submitAs(
    client,
    joinClusterBody(sample.joinCandidate(candidate), sample.cluster.clusterId),
  );
  const [reviewLink = ''] = await client.waitForLinks(applicationId, 'reviews', 1);
  expect((await client.postLink(reviewLink, approveReview)).status).toBe(200);
  const [signoffLink = ''] = await client.waitForLinks(applicationId, 'signoff', 1);
  return { token, applicationId, signoffLink };
}

describe('the sign-off page', () => {
  it('delegates to a colleague it lists; the colleague decides; the first link then answers 409', async () => {
    const { token, applicationId, signoffLink } = await awaitingSignoff(35);
    const page = await browser.newPage();
    await page.goto(signoffLink);
    const firstEmail = (await client.outbox(applicationId)).find((mail) => mail.links.includes(signoffLink));
    const options = await page.locator('#delegateTo option').allTextContents();
    // The active officials other than the one holding the sign-off.
    expect(options).toHaveLength(2);
    await audit.page(page, 'delegation-1-form');

    const choice = await page.locator('#delegateTo option').nth(0).getAttribute('value');
    await page.selectOption('#delegateTo', choice ?? '');
    await page.fill('#delegation-comment', 'Я в командировке до пятницы. Away until Friday.');
    const reply = await clickAndWait(page, 'form:has(input[value="DELEGATE"]) button[type="submit"]');
    expect(reply?.status()).toBe(200);
    expect(await page.content()).toMatch(/передано|delegated/i);
    await audit.page(page, 'delegation-2-done');

    const [, delegateLink = ''] = await client.waitForLinks(applicationId, 'signoff', 2);
    const delegateEmail = (await client.outbox(applicationId)).find((mail) =>
      mail.links.includes(delegateLink),
    );
    expect(delegateEmail?.to).not.toEqual(firstEmail?.to);
    expect(delegateEmail?.text).toContain('Away until Friday.');
    const delegatePage = await browser.newPage();
    await delegatePage.goto(delegateLink);
    expect(await delegatePage.locator('.notice').textContent()).toContain('Away until Friday.');
    await audit.page(delegatePage, 'delegation-3-delegate-page');
    await delegatePage.fill('#comment', 'Одобрено коллегой. Approved by a colleague.');
    expect((await decide(delegatePage, 'APPROVE'))?.status()).toBe(200);

    const stale = await page.goto(signoffLink);
    expect(stale?.status()).toBe(409);
    expect(await page.content()).toContain('DELEGATED');
    await audit.page(page, 'delegation-4-first-link');
    expect((await client.waitForStatus(token, applicationId, FINAL_STATUSES)).status).toBe('APPROVED');
  });

  it('tells the department head that the sign-off was escalated, and why', async () => {
    const { token, applicationId, signoffLink } = await awaitingSignoff(36);
    // The e2e runtime's sign-off deadline (test/support/e2e-global-setup.ts) passes undecided.
    const [, headLink = ''] = await client.waitForLinks(
      applicationId,
      'signoff',
      2,
      (deadlineSeconds(10) + 30) * 1000,
    );
    const headEmail = (await client.outbox(applicationId)).find((mail) => mail.links.includes(headLink));
    expect(headEmail?.to).toEqual([HEAD_EMAIL]);
    expect(headEmail?.text).toMatch(/did not decide by the sign-off deadline/);

    const page = await browser.newPage();
    await page.goto(headLink);
    const notice = await page.locator('.notice').textContent();
    expect(notice).toMatch(/руководителю департамента/);
    expect(notice).toMatch(/Escalated to you as head of the department/);
    await audit.page(page, 'escalation-1-head-page');
    await page.fill('#comment', 'Проект не готов. Not ready yet.');
    expect((await decide(page, 'REJECT'))?.status()).toBe(200);

    const stale = await page.goto(signoffLink);
    expect(stale?.status()).toBe(409);
    expect(await page.content()).toContain('ESCALATED');
    await audit.page(page, 'escalation-2-first-link');
    expect((await client.waitForStatus(token, applicationId, FINAL_STATUSES)).status).toBe('REJECTED');
    await audit.email(browser, 'escalation-email', headEmail?.html ?? '');
  });

  it('shows nothing that axe-core (WCAG 2.1 AA) or the Nu Html Checker finds wrong', async () => {
    const findings = await audit.findings();
    expect(findings.checked).toBe(7);
    expect(findings.axe).toEqual([]);
    expect(findings.htmlErrors).toEqual([]);
  });
});
