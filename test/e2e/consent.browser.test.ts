import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClusterBody, sample } from '#test/support/api-client';
import { CONTINUE, clickAndWait, continueAndConfirm, launchChromium } from '#test/support/browser';
import { submitAs, suiteClient } from '#test/support/e2e';
import { PageAudit } from '#test/support/page-audit';

/**
 * A member acting from its consent email in real Chromium: a scanner's GETs
 * change nothing, the page names the cluster and the application and works
 * at 320 px, the form answers once (a second tab gets the "already answered"
 * page), and after a withdrawal the remaining links say the application is closed.
 */
const client = suiteClient();
let browser: Browser;
const audit = new PageAudit();

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

describe('the consent page', () => {
  it('takes a member’s answer from the emailed link once, and closes with the application', async () => {
    const members = sample.activeIn(['communications_equipment'], 30, 60);
    const body = createClusterBody(members, 'E2E Consent Cluster', ['communications_equipment']);
    const { token, applicationId } = await submitAs(client, body);
    const [link = '', otherTab = '', ...rest] = await client.waitForLinks(applicationId, 'consents', 29);

    // What a mail scanner does changes nothing.
    const before = (await client.getApplication(token, applicationId)).body;
    const page = await browser.newPage();
    for (let visit = 0; visit < 2; visit++) {
      expect((await page.goto(link))?.status()).toBe(200);
      expect((await client.getLink(link)).status).toBe(200);
    }
    expect((await client.getApplication(token, applicationId)).body.consent).toEqual(before.consent);

    // The member finds the email in the outbox and follows its link.
    await page.goto(new URL('/_local/outbox', link).href);
    await page.click(`a[href="${link}"]`);
    await expect.poll(() => page.url()).toBe(link);
    const content = await page.content();
    expect(content).toContain('E2E Consent Cluster');
    expect(content).toContain(applicationId);
    await page.setViewportSize({ width: 320, height: 720 });
    const width = await page.locator('html').evaluate((element) => element.scrollWidth);
    expect(width).toBeLessThanOrEqual(320);
    await audit.page(page, 'consent-1-form');

    // The same form open twice: the first answer wins.
    const secondTab = await browser.newPage();
    await secondTab.goto(link);
    await page.check('input[name="answer"][value="CONFIRM"]');
    await page.fill('[name="comment"]', 'Участвуем. We are in.');
    expect((await continueAndConfirm(page))?.status()).toBe(200);
    expect(await page.content()).toMatch(/подтверждено|confirmed/i);
    await audit.page(page, 'consent-2-confirmed');
    await secondTab.check('input[name="answer"][value="DECLINE"]');
    expect((await clickAndWait(secondTab, CONTINUE))?.status()).toBe(409);
    expect(await secondTab.content()).toMatch(/already been answered/);
    const counted = (await client.getApplication(token, applicationId)).body;
    expect(counted.consent).toMatchObject({ asked: 29, confirmed: 1, declined: 0, pending: 28 });
    expect(counted.history).toContainEqual(
      expect.objectContaining({ action: 'CONSENT_CONFIRMED', detail: { comment: 'Участвуем. We are in.' } }),
    );

    // Withdrawn mid-consent: the links still unanswered say the application is closed.
    for (const other of rest.slice(0, 5))
      expect((await client.postLink(other, { answer: 'CONFIRM' })).status).toBe(200);
    expect((await client.withdraw(token, applicationId)).status).toBe(200);
    const closed = await browser.newPage();
    expect((await closed.goto(otherTab))?.status()).toBe(409);
    expect(await closed.content()).toMatch(/закрыта|closed/i);
    await audit.page(closed, 'consent-3-application-closed');
    const request = (await client.outbox(applicationId)).find((mail) => mail.links.includes(link));
    await audit.email(browser, 'consent-email', request?.html ?? '');
  });

  it('shows nothing that axe-core (WCAG 2.1 AA) or the Nu Html Checker finds wrong', async () => {
    const findings = await audit.findings();
    expect(findings.checked).toBe(4);
    expect(findings.axe).toEqual([]);
    expect(findings.htmlErrors).toEqual([]);
  });
});
