import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approveReview, joinClusterBody, sample } from '#test/support/api-client';
import { launchChromium } from '#test/support/browser';
import { submitAs, suiteClient } from '#test/support/e2e';
import { failWaitingReview } from '#test/support/fail-application';
import { suiteRuntimeUrl } from '#test/support/lanes';
import { PageAudit } from '#test/support/page-audit';
import { waits } from '#test/support/timeouts';

const audit = new PageAudit();

/** Screenshots a console page and audits its markup (axe-core in a page of its own: the console runs without JavaScript). */
async function screenshot(page: Page, name: string): Promise<void> {
  await audit.email(browser, name, await page.content(), page.viewportSize()?.width ?? 1280);
}

/**
 * The operator console in real Chromium, no script: an operator signs in,
 * finds a FAILED application and redrives it (the workflow goes on from its
 * stage), and reassigns a review to another expert (the old link answers
 * 409, the new expert's emailed link works), after a first try without a
 * choice that comes back with the error summary in both languages.
 */
const client = suiteClient();
const BASE = suiteRuntimeUrl();
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

/** The sign-in's pages are audited once (the first sign-in). */
let signInAudited = false;

async function signedIn(operatorId: string): Promise<Page> {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  // Not signed in: the console refuses (403) and shows the way in, which comes back here.
  const refused = await page.goto(`${BASE}/admin`);
  expect(refused?.status()).toBe(403);
  if (!signInAudited) await screenshot(page, 'console-refused');
  await Promise.all([page.waitForURL(/\/admin\/sign-in\?next=/), page.click('a[href^="/admin/sign-in"]')]);
  if (!signInAudited) await screenshot(page, 'console-sign-in');
  signInAudited = true;
  await page.fill('#operator', operatorId);
  await Promise.all([page.waitForURL(/\/admin$/), page.click('button[type="submit"]')]);
  expect(await page.content()).toContain(operatorId);
  return page;
}

async function submit(page: Page, selector: string) {
  const [response] = await Promise.all([page.waitForNavigation(), page.click(selector)]);
  return response;
}

describe('the operator console', () => {
  it('redrives a FAILED application from its stage, and the application goes on', async () => {
    const applicant = sample.joinCandidate(210);
    const { token, applicationId } = await submitAs(
      client,
      joinClusterBody(applicant, sample.cluster.clusterId),
    );
    const [reviewLink = ''] = await client.waitForLinks(applicationId, 'reviews', 1);
    const operator = await client.operatorLogin('setup');
    const expertId = (
      await client.request('GET', `/admin/api/applications/${applicationId}`, { token: operator })
    ).body.openTasks[0].holder as string;
    await failWaitingReview(applicationId, expertId);
    await client.waitForStatus(token, applicationId, ['FAILED']);

    const page = await signedIn('olga.ops');
    await page.goto(`${BASE}/admin/applications?status=FAILED`);
    await screenshot(page, 'console-1-failed-list');
    await Promise.all([
      page.waitForNavigation(),
      page.click(`a[href="/admin/applications/${applicationId}"]`),
    ]);
    expect(await page.locator('#redrive-form').textContent()).toContain('REVIEW');
    await screenshot(page, 'console-2-failed-application');
    const reply = await submit(page, '#redrive-form button[type="submit"]');
    expect(reply?.status()).toBe(200);
    expect(page.url()).toContain('done=redrive');
    expect(await page.locator('[role="status"]').textContent()).toMatch(/перезапущена|Redriven/);
    await screenshot(page, 'console-3-redriven');

    // The run goes on at REVIEW: the expert's link works again, and the application moves on.
    await client.waitForStatus(token, applicationId, ['IN_REVIEW']);
    await expect
      .poll(async () => (await client.postLink(reviewLink, approveReview)).status, { timeout: waits.poll })
      .toBe(200);
    await client.waitForStatus(token, applicationId, ['AWAITING_SIGNOFF']);
    await page.reload();
    const history = await page.locator('table').last().textContent();
    expect(history).toContain('REDRIVEN');
    expect(history).toContain('operator:olga.ops');
    await page.context().close();
  });

  it('reassigns a review: the old link answers 409, the new expert decides from the emailed link', async () => {
    const applicant = sample.joinCandidate(211);
    const { token, applicationId } = await submitAs(
      client,
      joinClusterBody(applicant, sample.cluster.clusterId),
    );
    const [oldLink = ''] = await client.waitForLinks(applicationId, 'reviews', 1);

    const page = await signedIn('ivan.ops');
    await page.goto(`${BASE}/admin/applications?status=IN_REVIEW&type=JOIN_CLUSTER&limit=100`);
    await Promise.all([
      page.waitForNavigation(),
      page.click(`a[href="/admin/applications/${applicationId}"]`),
    ]);
    const form = page.locator('form[id^="reassign-review-"]');
    expect(await form.count()).toBe(1);
    const select = form.locator('select[name="to"]');
    const selectId = (await select.getAttribute('id')) ?? '';

    // Sent without a choice: the page again, 400, the summary first and in both languages, linked to
    // the field, the reason kept.
    await form.locator('textarea[name="reason"]').fill('Эксперт в отпуске / The expert is on leave');
    const refused = await submit(page, 'form[id^="reassign-review-"] button[type="submit"]');
    expect(refused?.status()).toBe(400);
    expect(await page.title()).toMatch(/^Ошибка: Заявка .* \/ Error: Application /);
    const summary = page.locator('main > .error-summary');
    expect(await summary.locator('h2').textContent()).toMatch(/^Ответ не отправлен.* \/ Not submitted/);
    const link = summary.locator('li a');
    expect(await link.count()).toBe(1);
    expect(await link.getAttribute('href')).toBe(`#${selectId}`);
    expect(await link.textContent()).toBe(
      'Выберите из списка, кому передать задачу. / Choose from the list whom to hand the task to.',
    );
    expect(await page.locator(`#${selectId}`).getAttribute('aria-invalid')).toBe('true');
    expect(await form.locator('textarea[name="reason"]').inputValue()).toBe(
      'Эксперт в отпуске / The expert is on leave',
    );
    await screenshot(page, 'console-4-reassign-refused');

    // The first option is the placeholder; the second the first expert listed.
    const to = await select.locator('option').nth(1).getAttribute('value');
    await select.selectOption(to ?? '');
    await screenshot(page, 'console-4-reassign-form');
    const reply = await submit(page, 'form[id^="reassign-review-"] button[type="submit"]');
    expect(reply?.status()).toBe(200);
    expect(page.url()).toContain('done=reassign');
    await screenshot(page, 'console-5-reassigned');

    const old = await client.postLink(oldLink, approveReview);
    expect(old.status).toBe(409);
    expect(old.body.error.code).toBe('REASSIGNED');
    const oldPage = await browser.newPage();
    const oldReply = await oldPage.goto(oldLink);
    expect(oldReply?.status()).toBe(409);
    await oldPage.close();

    const links = await client.waitForLinks(applicationId, 'reviews', 2);
    const newLink = links.find((link) => link !== oldLink) ?? '';
    expect((await client.postLink(newLink, approveReview)).status).toBe(200);
    await client.waitForStatus(token, applicationId, ['AWAITING_SIGNOFF']);
    await page.reload();
    expect(await page.content()).toContain('REVIEW_REASSIGNED');
    await page.context().close();
  });

  it("refuses a form posted without the page's CSRF token", async () => {
    const page = await signedIn('eve.ops');
    const applicant = sample.joinCandidate(212);
    const { applicationId } = await submitAs(client, joinClusterBody(applicant, sample.cluster.clusterId));
    await client.waitForLinks(applicationId, 'reviews', 1);
    const reply = await page.request.post(`${BASE}/admin/applications/${applicationId}/cancel`, {
      form: { reason: 'forged', confirm: 'yes', csrfToken: 'forged' },
    });
    expect(reply.status()).toBe(403);
    expect(await reply.text()).toContain('The form is out of date');

    // A filter that does not pass (typed into the address): the list unfiltered, 400, the summary
    // linked to the filter in both languages.
    const filtered = await page.goto(`${BASE}/admin/applications?minAgeDays=99999`);
    expect(filtered?.status()).toBe(400);
    expect(await page.title()).toMatch(/^Ошибка: Заявки \/ Error: Applications/);
    const link = page.locator('main > .error-summary li a');
    expect(await link.getAttribute('href')).toBe('#minAgeDays');
    expect(await link.textContent()).toMatch(/^Возраст заявки: .* \/ The application’s age: /);
    expect(await page.locator('#minAgeDays').inputValue()).toBe('99999');
    await screenshot(page, 'console-6-filter-refused');
    await page.context().close();
  });

  it('signs out from any page: the session ends, the console refuses again', async () => {
    const page = await signedIn('leaving.operator');
    await page.goto(`${BASE}/admin/applications`);
    const signedOut = await submit(page, 'form[action="/admin/sign-out"] button');
    expect(signedOut?.status()).toBe(200);
    expect(await page.content()).toContain('You have signed out of the operator console.');
    expect((await page.goto(`${BASE}/admin/applications`))?.status()).toBe(403);
    await page.context().close();
  });

  it('shows nothing that axe-core (WCAG 2.1 AA) or the Nu Html Checker finds wrong', async () => {
    const findings = await audit.findings();
    expect(findings.checked).toBe(9);
    expect(findings.axe).toEqual([]);
    expect(findings.htmlErrors).toEqual([]);
  });
});
