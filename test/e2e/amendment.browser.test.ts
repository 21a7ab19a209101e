import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approveReview, joinClusterBody, sample } from '#test/support/api-client';
import {
  CONTINUE,
  clickAndWait,
  continueAndConfirm,
  launchChromium,
  screenshot,
} from '#test/support/browser';
import { submitAs, suiteClient } from '#test/support/e2e';

/**
 * Return for amendment in real Chromium: the official returns a join from the
 * sign-off page (a comment required), the applicant is emailed what to
 * correct, resubmits, and the next sign-off page comes from a new link.
 */
const client = suiteClient();
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

describe('the sign-off page', () => {
  it('returns an application for amendment with a comment; the applicant is told what to correct and resubmits', async () => {
    const applicant = sample.joinCandidate(45);
    const body = joinClusterBody(applicant, sample.cluster.clusterId);
    const { token, applicationId } = await submitAs(client, body);
    const [reviewLink = ''] = await client.waitForLinks(applicationId, 'reviews', 1);
    expect((await client.postLink(reviewLink, approveReview)).status).toBe(200);
    const [signoffLink = ''] = await client.waitForLinks(applicationId, 'signoff', 1);

    const page = await browser.newPage();
    await page.goto(signoffLink);
    const choice = 'input[name="decision"][value="RETURN"]';
    expect(
      await page.locator(`label[for="${await page.locator(choice).getAttribute('id')}"]`).textContent(),
    ).toMatch(/Вернуть на доработку/);
    // Without a comment the form comes back with the error summary first, and nothing is returned.
    await page.check(choice);
    expect((await clickAndWait(page, CONTINUE))?.status()).toBe(400);
    expect(await page.title()).toMatch(/^Ошибка/);
    await page.check(choice);
    await page.fill('#comment', 'Уточните, какую продукцию вы поставите. Say what you will supply.');
    // The check page, then the confirmation: returned.
    expect((await continueAndConfirm(page))?.status()).toBe(200);
    expect(await page.content()).toMatch(/возвращена заявителю на доработку/);
    expect(await page.content()).toMatch(/returned to its applicant for amendment/);
    await screenshot(page, 'amendment-1-returned');

    const returned = await client.waitForStatus(token, applicationId, ['AMENDMENT_REQUESTED']);
    expect(returned.amendment.comment).toContain('Say what you will supply.');
    const mail = async () =>
      (await client.outbox(applicationId)).find(
        (message) =>
          message.to.includes(body.contactEmail) && message.text.includes('Say what you will supply.'),
      );
    await expect.poll(async () => (await mail())?.subject ?? '').toMatch(/^Доработка «/);
    const notice = await mail();
    expect(notice?.subject.length).toBeLessThanOrEqual(80);
    expect(notice?.text).toContain(applicationId);
    expect(notice?.text).toMatch(/PUT \/applications\//);
    const email = await browser.newPage();
    await email.setContent(notice?.html ?? '');
    expect(await email.textContent('body')).toContain('Уточните, какую продукцию вы поставите.');
    await screenshot(email, 'amendment-2-email');

    const resubmitted = await client.resubmit(token, applicationId, {
      ...body,
      motivation: 'Мы поставим датчики давления. We will supply pressure sensors.',
    });
    expect(resubmitted.status).toBe(202);
    const links = await client.waitForLinks(applicationId, 'reviews', 2);
    expect((await client.postLink(links.at(-1) ?? '', approveReview)).status).toBe(200);
    const signoffs = await client.waitForLinks(applicationId, 'signoff', 2);
    const again = await browser.newPage();
    await again.goto(signoffs.at(-1) ?? '');
    expect(await again.content()).toContain('We will supply pressure sensors.');
    await screenshot(again, 'amendment-3-signoff-again');
    // The first sign-off link is spent.
    expect((await page.goto(signoffLink))?.status()).toBe(409);
    expect((await client.withdraw(token, applicationId)).status).toBe(200);
  });
});
