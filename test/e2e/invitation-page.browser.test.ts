import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sample } from '#test/support/api-client';
import { CONTINUE, clickAndWait, continueAndConfirm, launchChromium } from '#test/support/browser';
import { suiteClient } from '#test/support/e2e';
import { PageAudit } from '#test/support/page-audit';

/**
 * The invitee acting from the email in real Chromium: opens the invitation
 * page from the outbox, sends the form without the fields a member's
 * acceptance needs (the page comes back with the errors marked), then
 * accepts; a second tab's answer gets the "already answered" page; and a
 * mail scanner's GETs change nothing. A partner declines from its page.
 */
const client = suiteClient();
const clusterId = sample.cluster.clusterId;
let browser: Browser;
let coordinator: string;
const audit = new PageAudit();

beforeAll(async () => {
  browser = await launchChromium();
  coordinator = await client.login(sample.cluster.coordinatorInn ?? '');
});
afterAll(async () => {
  await browser?.close();
});

async function statusOf(invitationId: string): Promise<string | undefined> {
  const listed = await client.listInvitations(coordinator, clusterId, '?limit=100');
  return (listed.body.items as Array<{ invitationId: string; status: string }>).find(
    (item) => item.invitationId === invitationId,
  )?.status;
}

describe('the invitation page', () => {
  it('takes a member’s acceptance from the emailed link, once, and shows the application filed', async () => {
    const invitee = sample.joinCandidate(114);
    const made = await client.invite(coordinator, clusterId, { role: 'MEMBER', inn: invitee.inn });
    expect(made.status).toBe(201);
    const invitationId = made.body.invitationId as string;
    const link = await client.waitForInvitationLink(invitationId);
    const page = await browser.newPage();

    // A scanner following the link changes nothing.
    for (let visit = 0; visit < 2; visit++) {
      expect((await page.goto(link))?.status()).toBe(200);
      expect((await client.getLink(link)).status).toBe(200);
    }
    expect(await statusOf(invitationId)).toBe('PENDING');

    // The invitee finds the email in the outbox and follows its link.
    await page.goto(new URL('/_local/outbox', link).href);
    await page.click(`a[href="${link}"]`);
    await expect.poll(() => page.url()).toBe(link);
    expect(await page.locator('h1').textContent()).toContain(sample.cluster.name);
    expect(await page.locator('[name="contactEmail"]').inputValue()).toBe(invitee.email);
    await page.setViewportSize({ width: 320, height: 800 });
    await audit.page(page, 'invitation-1-member-page-320px');
    expect(await page.locator('html').evaluate((element) => element.scrollWidth)).toBeLessThanOrEqual(320);
    await page.setViewportSize({ width: 1024, height: 800 });

    // Sent without a motivation: the server's errors at the top (the motivation is not `required` in
    // HTML, since declining needs none).
    const secondTab = await browser.newPage();
    await secondTab.goto(link);
    await page.check('input[name="answer"][value="ACCEPT"]');
    expect((await clickAndWait(page, CONTINUE))?.status()).toBe(400);
    expect(await page.title()).toMatch(/^Ошибка: /);
    expect(await page.locator('#error-summary').textContent()).toContain('Write the motivation');
    expect(await page.locator(':focus').getAttribute('id')).toBe('error-summary');
    expect(await page.locator('#motivation').getAttribute('aria-invalid')).toBe('true');
    await audit.page(page, 'invitation-2-member-errors');
    expect(await statusOf(invitationId)).toBe('PENDING');

    await page.fill('[name="motivation"]', 'Мы делаем датчики. We make the sensors.');
    expect((await continueAndConfirm(page))?.status()).toBe(200);
    const done = (await page.locator('main').textContent()) ?? '';
    expect(done).toMatch(/app_[0-9a-z]{26}/);
    expect(done).toContain('What happens next');
    await audit.page(page, 'invitation-3-member-accepted');
    expect(await statusOf(invitationId)).toBe('ACCEPTED');

    // The other tab's answer comes too late.
    await secondTab.check('input[name="answer"][value="DECLINE"]');
    expect((await clickAndWait(secondTab, CONTINUE))?.status()).toBe(409);
    expect(await secondTab.content()).toMatch(/уже принято|already been accepted/);
    await audit.page(secondTab, 'invitation-4-already-answered');
  });

  it('takes a partner’s refusal without any other field', async () => {
    const made = await client.invite(coordinator, clusterId, {
      role: 'PARTNER',
      name: 'Nordic Ventures',
      email: `ventures-${Date.now()}@nordic.example`,
      country: 'FI',
    });
    const link = await client.waitForInvitationLink(made.body.invitationId);
    const page = await browser.newPage();
    await page.goto(link);
    expect(await page.locator('[name="motivation"]').count()).toBe(0);
    await audit.page(page, 'invitation-5-partner-page');
    await page.check('input[name="answer"][value="DECLINE"]');
    expect((await continueAndConfirm(page))?.status()).toBe(200);
    expect(await page.locator('main').textContent()).toMatch(/declined/);
    expect(await statusOf(made.body.invitationId)).toBe('DECLINED');
    await audit.page(page, 'invitation-6-partner-declined');
  });

  it('shows nothing that axe-core (WCAG 2.1 AA) or the Nu Html Checker finds wrong', async () => {
    const findings = await audit.findings();
    expect(findings.checked).toBe(6);
    expect(findings.axe).toEqual([]);
    expect(findings.htmlErrors).toEqual([]);
  });
});
