import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isValidInn } from '#shared/domain/inn';
import { approveReview, sample } from '#test/support/api-client';
import { continueAndConfirm, launchChromium } from '#test/support/browser';
import { FINAL_STATUSES, suiteClient } from '#test/support/e2e';
import { suiteRuntimeUrl } from '#test/support/lanes';
import { PageAudit } from '#test/support/page-audit';

/**
 * The applicant portal in real Chromium with JavaScript off: an applicant
 * signs in, files a create application from the form (member INNs pasted and
 * uploaded as CSV, a refused first attempt with an error per line), and
 * follows it through the emailed links (members' consent, three expert
 * reviews, the department's sign-off) to APPROVED, then invites to its new
 * cluster as its coordinator; another files a join and withdraws it.
 */
const client = suiteClient();
const base = new URL('/portal', suiteRuntimeUrl()).href;
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

const audit = new PageAudit();

/**
 * Screenshots the portal page and audits its markup (axe-core, the Nu Html Checker). The portal is
 * browsed without JavaScript, where axe cannot run: the page's HTML is audited in a page of its own.
 */
async function screenshot(page: Page, name: string): Promise<void> {
  const width = page.viewportSize()?.width ?? 1280;
  await audit.email(browser, name, await page.content(), width);
}

/** A browser session without JavaScript: everything must work with plain forms. */
const noScript = () => browser.newContext({ javaScriptEnabled: false });

async function submit(page: Page, selector: string) {
  const [response] = await Promise.all([page.waitForNavigation(), page.click(selector)]);
  return response;
}

async function signIn(context: BrowserContext, inn: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(base);
  expect(new URL(page.url()).pathname).toBe('/portal/sign-in');
  await page.fill('#inn', inn);
  await submit(page, 'form button[type="submit"]');
  expect(new URL(page.url()).pathname).toBe('/portal');
  return page;
}

/** The error summary: at the top, focused, titled «Ошибка», each error a link to its field. */
async function expectErrorSummary(page: Page, fields: string[]) {
  expect(await page.title()).toMatch(/^Ошибка/);
  expect(
    await page.locator('.errors').evaluate((element) => element.ownerDocument.activeElement === element),
  ).toBe(true);
  const links = await page
    .locator('.errors a')
    .evaluateAll((anchors) => anchors.map((anchor) => anchor.getAttribute('href')));
  for (const field of fields) {
    expect(links).toContain(`#${field}`);
    expect(await page.locator(`#${field}`).count()).toBe(1);
  }
  const box = await page.locator('.errors').boundingBox();
  expect((box?.y ?? 10_000) + (box?.height ?? 0)).toBeLessThan(page.viewportSize()?.height ?? 0);
}

async function fitsIn320(page: Page) {
  await page.setViewportSize({ width: 320, height: 900 });
  expect(await page.locator('html').evaluate((element) => element.scrollWidth)).toBeLessThanOrEqual(320);
}

/** An INN of the right shape whose check digit is wrong. */
function withBadCheckDigit(inn: string): string {
  for (let digit = 0; digit < 10; digit++) {
    const candidate = `${inn.slice(0, -1)}${digit}`;
    if (!isValidInn(candidate)) return candidate;
  }
  throw new Error('no bad check digit');
}

describe('the applicant portal', () => {
  it('files a create application from the form and follows it through the emailed links to APPROVED', async () => {
    const people = sample.activeIn(['electronics', 'laser_radiation'], 32, 200);
    const members = people.slice(0, 30);
    const [applicant] = members;
    if (!applicant) throw new Error('no applicant');
    const name = `Портал ${Date.now()}`;
    const context = await noScript();
    const page = await signIn(context, applicant.inn);
    await screenshot(page, 'portal-1-my-applications');

    // The form: the first 20 INNs pasted, the other 10 uploaded as CSV (with a header row).
    await page.click('a[href="/portal/applications/new-create"]');
    await page.fill('#clusterName', name);
    await page.check('#sector-electronics');
    await page.check('#sector-laser_radiation');
    await page.fill('#projectTitle', 'Лазерные датчики / Laser sensors');
    await page.fill('#projectSummary', 'Совместная разработка. Joint development of laser sensors.');
    const pasted = members.slice(0, 20).map((member) => member.inn);
    const csv = `ИНН;Название\n${members
      .slice(20)
      .map((member) => `${member.inn};${member.name}`)
      .join('\n')}\n`;
    // Mistakes, one per line: a bad check digit, a suspended participant, an unknown INN.
    const badDigit = withBadCheckDigit(people[30]?.inn ?? '');
    const suspended = sample.suspended().inn;
    await page.fill('#memberInns', [...pasted, badDigit, suspended, 'abc'].join('\n'));
    await page.setInputFiles('#memberFile', {
      name: 'members.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(csv),
    });
    await page.fill('#partners', 'Fraunhofer IIS; coop@iis.example; ; DE\nБез почты');
    await page.fill('#contactEmail', `portal@${applicant.inn}.example.org`);
    await page.setViewportSize({ width: 1280, height: 900 });
    expect((await submit(page, 'form button.approve'))?.status()).toBe(400);
    await expectErrorSummary(page, ['memberInns', 'partners']);
    const summary = (await page.locator('.errors').textContent()) ?? '';
    expect(summary).toContain(`Строка 21: ${badDigit}: неверная контрольная цифра ИНН`);
    expect(summary).toContain(`Line 22: ${suspended}: the organization is a suspended participant`);
    expect(summary).toContain('Строка 23: «abc» — не ИНН');
    expect(summary).toMatch(/Partner, line 2: check the email/);
    expect(await page.locator('#memberInns').getAttribute('aria-invalid')).toBe('true');
    // What was typed comes back; the sectors stay checked.
    expect(await page.inputValue('#clusterName')).toBe(name);
    expect(await page.isChecked('#sector-laser_radiation')).toBe(true);
    await screenshot(page, 'portal-2-create-errors');
    await fitsIn320(page);
    await screenshot(page, 'portal-3-create-errors-320px');
    await page.setViewportSize({ width: 1280, height: 900 });

    await page.fill('#memberInns', pasted.join('\n'));
    await page.setInputFiles('#memberFile', {
      name: 'members.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(csv),
    });
    await page.fill('#partners', 'Fraunhofer IIS; coop@iis.example; ; DE');
    expect((await submit(page, 'form button.approve'))?.status()).toBe(200);
    const applicationId = /\/portal\/applications\/(app_[0-9a-z]+)/.exec(page.url())?.[1] ?? '';
    expect(applicationId).not.toBe('');
    expect(await page.locator('[role="status"]').textContent()).toMatch(/Заявка подана/);
    await screenshot(page, 'portal-4-filed');

    // The same application through the API: the portal filed what the form said.
    const token = await client.login(applicant.inn);
    const filed = (await client.getApplication(token, applicationId)).body;
    expect(filed).toMatchObject({
      type: 'CREATE_CLUSTER',
      memberCount: 30,
      contactEmail: `portal@${applicant.inn}.example.org`,
    });
    expect(filed.cluster).toMatchObject({ name, sectors: ['electronics', 'laser_radiation'] });

    // Consent: 29 members and the partner are emailed; one answers in the browser, the rest post the form's fields.
    const consentLinks = await client.waitForLinks(applicationId, 'consents', 30);
    const [first = '', ...others] = consentLinks;
    const member = await context.newPage();
    await member.goto(first);
    await member.check('input[name="answer"][value="CONFIRM"]');
    // "Continue" to the check page, then "Confirm" (the link pages' confirmation step).
    expect((await continueAndConfirm(member))?.status()).toBe(200);
    for (const link of others) expect((await client.postLink(link, { answer: 'CONFIRM' })).status).toBe(200);

    // Three experts review from their links, in the browser.
    const reviewLinks = await client.waitForLinks(applicationId, 'reviews', 3);
    for (const [index, link] of reviewLinks.entries()) {
      const expert = await context.newPage();
      await expert.goto(link);
      await expert.check('input[name="recommendation"][value="APPROVE"]');
      for (const field of ['innovation', 'feasibility', 'cooperation']) {
        const input = expert.locator(`[name="${field}"]`);
        if ((await input.count()) > 1) await expert.check(`[name="${field}"][value="8"]`);
        else if ((await input.evaluate((element) => element.tagName)) === 'SELECT')
          await input.selectOption('8');
        else await input.fill('8');
      }
      await expert.fill('[name="comment"]', `Эксперт ${index + 1}: сильный проект. Strong project.`);
      expect((await continueAndConfirm(expert))?.status()).toBe(200);
    }

    // The department signs off in the browser.
    const [signoffLink = ''] = await client.waitForLinks(applicationId, 'signoff', 1);
    const official = await context.newPage();
    await official.goto(signoffLink);
    await official.check('input[name="decision"][value="APPROVE"]');
    await official.fill('[name="comment"]', 'Одобрено. Approved.');
    expect((await continueAndConfirm(official))?.status()).toBe(200);
    expect((await client.waitForStatus(token, applicationId, FINAL_STATUSES)).status).toBe('APPROVED');

    // The applicant sees the outcome and the whole history, newest first.
    await page.goto(`${base}/applications/${applicationId}`);
    expect(await page.locator('dl').first().textContent()).toMatch(/одобрена/);
    const times = await page
      .locator('ol.timeline > li > time')
      .evaluateAll((nodes) => nodes.map((node) => node.getAttribute('datetime') ?? ''));
    expect(times.length).toBeGreaterThan(30);
    expect([...times].sort().reverse()).toEqual(times);
    expect(await page.locator('ol.timeline').textContent()).toMatch(/МСК/);
    await screenshot(page, 'portal-5-approved');
    await page.goto(base);
    expect(await page.locator(`a[href="/portal/applications/${applicationId}"]`).count()).toBe(1);

    // As the new cluster's coordinator: invite a member (a wrong INN first) and a partner, then revoke one.
    await page.goto(`${base}/applications/${applicationId}`);
    await page.click('a[href$="/invitations"]');
    expect(await page.locator('h1').textContent()).toContain(name);
    await page.fill('#member-inn', withBadCheckDigit(people[31]?.inn ?? ''));
    expect((await submit(page, 'form:has(#member-inn) button'))?.status()).toBe(400);
    await expectErrorSummary(page, ['member-inn']);
    await page.fill('#member-inn', people[31]?.inn ?? '');
    expect((await submit(page, 'form:has(#member-inn) button'))?.status()).toBe(200);
    await page.fill('#partner-name', 'Nordic Ventures');
    await page.fill('#partner-email', `ventures-${Date.now()}@nordic.example`);
    await page.fill('#partner-country', 'fi');
    expect((await submit(page, 'form:has(#partner-name) button'))?.status()).toBe(200);
    expect(await page.locator('ul > li form button.reject').count()).toBe(2);
    await screenshot(page, 'portal-6-invitations');
    expect((await submit(page, 'ul > li form button.reject'))?.status()).toBe(200);
    expect(await page.locator('[role="status"]').textContent()).toMatch(/отозвано/);
    expect(await page.locator('ul > li form button.reject').count()).toBe(1);
    const clusterId = /clusters\/(clu_[0-9a-z]+)\//.exec(page.url())?.[1] ?? '';
    const listed = await client.listInvitations(token, clusterId, '?limit=10');
    expect((listed.body.items as Array<{ status: string }>).map((item) => item.status).sort()).toEqual([
      'PENDING',
      'REVOKED',
    ]);
    await context.close();
  });

  it('files a join application and withdraws it, with a confirmation step', async () => {
    const applicant = sample.joinCandidate(140);
    const context = await noScript();
    const page = await signIn(context, applicant.inn);
    await page.click('a[href="/portal/applications/new-join"]');
    expect(await page.locator(`label[for="cluster-${sample.cluster.clusterId}"]`).textContent()).toContain(
      sample.cluster.name,
    );
    // Sent without a cluster or a motivation (the browser's own checks bypassed, as an old browser would).
    await page.locator('[required]').evaluateAll((fields) => {
      for (const field of fields) field.removeAttribute('required');
    });
    expect((await submit(page, 'form button.approve'))?.status()).toBe(400);
    await expectErrorSummary(page, ['clusterId', 'motivation']);
    expect(await page.locator('.errors').textContent()).toMatch(/Выберите кластер.*Choose a cluster/s);
    await screenshot(page, 'portal-7-join-errors');

    await page.check(`#cluster-${sample.cluster.clusterId}`);
    await page.fill('#motivation', 'Мы делаем датчики. We make the sensors.');
    expect((await submit(page, 'form button.approve'))?.status()).toBe(200);
    const applicationId = /\/portal\/applications\/(app_[0-9a-z]+)/.exec(page.url())?.[1] ?? '';
    expect(await page.locator('h1').textContent()).toContain(sample.cluster.name);

    await page.click(`a[href="/portal/applications/${applicationId}/withdraw"]`);
    await screenshot(page, 'portal-8-withdraw-confirmation');
    await page.locator('#confirm').evaluate((field) => field.removeAttribute('required'));
    expect((await submit(page, 'form button.reject'))?.status()).toBe(400);
    await expectErrorSummary(page, ['confirm']);
    await page.check('#confirm');
    expect((await submit(page, 'form button.reject'))?.status()).toBe(200);
    expect(await page.locator('[role="status"]').textContent()).toMatch(/Заявка отозвана/);
    await fitsIn320(page);
    await screenshot(page, 'portal-9-withdrawn-320px');

    const token = await client.login(applicant.inn);
    const withdrawn = (await client.getApplication(token, applicationId)).body;
    expect(withdrawn.status).toBe('WITHDRAWN');
    expect(withdrawn.history).toContainEqual(
      expect.objectContaining({ action: 'WITHDRAWN', actor: `applicant:${applicant.inn}` }),
    );
    await page.goto(base);
    expect(await page.locator(`#h-${applicationId}`).textContent()).toContain(sample.cluster.name);
    await context.close();
  });

  it('resubmits a join returned for amendment from the form filled in from it, and it is examined again', async () => {
    const applicant = sample.joinCandidate(142);
    const context = await noScript();
    const page = await signIn(context, applicant.inn);
    await page.goto(`${base}/applications/new-join`);
    await page.check(`#cluster-${sample.cluster.clusterId}`);
    await page.fill('#motivation', 'Мы делаем датчики. We make the sensors.');
    expect((await submit(page, 'form button.approve'))?.status()).toBe(200);
    const applicationId = /\/portal\/applications\/(app_[0-9a-z]+)/.exec(page.url())?.[1] ?? '';
    const token = await client.login(applicant.inn);

    // The expert approves; the official returns it for amendment.
    const [review = ''] = await client.waitForLinks(applicationId, 'reviews', 1);
    expect((await client.postLink(review, approveReview)).status).toBe(200);
    const [signoff = ''] = await client.waitForLinks(applicationId, 'signoff', 1);
    const returned = await client.postLink(signoff, {
      decision: 'RETURN',
      comment: 'Опишите продукцию. Describe the products.',
    });
    expect(returned.status).toBe(200);
    await client.waitForStatus(token, applicationId, ['AMENDMENT_REQUESTED']);

    // The applicant reads the comment and resubmits from the form, filled in from the application.
    await page.goto(`${base}/applications/${applicationId}`);
    expect(await page.locator('main').textContent()).toContain('Опишите продукцию. Describe the products.');
    await page.click(`a[href="/portal/applications/${applicationId}/resubmit"]`);
    expect(await page.inputValue('#motivation')).toBe('Мы делаем датчики. We make the sensors.');
    expect(await page.isChecked(`#cluster-${sample.cluster.clusterId}`)).toBe(true);
    expect(await page.locator('.notice').textContent()).toMatch(/МСК/);
    await screenshot(page, 'portal-10-resubmit-form');
    await page.fill('#motivation', '');
    await page.locator('[required]').evaluateAll((fields) => {
      for (const field of fields) field.removeAttribute('required');
    });
    expect((await submit(page, 'form button.approve'))?.status()).toBe(400);
    await expectErrorSummary(page, ['motivation']);
    await page.fill('#motivation', 'Датчики давления и температуры. Pressure and temperature sensors.');
    // What the browser is about to send, to send it once more below.
    const form = page.locator('form:has(button.approve)');
    const action = (await form.getAttribute('action')) ?? '';
    const sent = await form
      .locator('input, textarea')
      .evaluateAll((fields) =>
        (fields as unknown as Array<{ name: string; value: string; type: string; checked: boolean }>)
          .filter(
            (field) =>
              field.name && !((field.type === 'radio' || field.type === 'checkbox') && !field.checked),
          )
          .map((field) => [field.name, field.value] as [string, string]),
      );
    expect((await submit(page, 'form button.approve'))?.status()).toBe(200);
    expect(await page.locator('[role="status"]').textContent()).toMatch(/Исправленная заявка подана/);
    // The same form sent twice (a double click, a retry): its first result, not an error.
    const again = await page.request.post(new URL(action, page.url()).href, {
      form: Object.fromEntries(sent),
      maxRedirects: 0,
    });
    expect(again.status()).toBe(303);
    expect(again.headers().location).toMatch(new RegExp(`/applications/${applicationId}\\?resubmitted=1$`));

    const resubmitted = (await client.getApplication(token, applicationId)).body;
    expect(resubmitted.motivation).toBe('Датчики давления и температуры. Pressure and temperature sensors.');
    expect(resubmitted.history).toContainEqual(expect.objectContaining({ action: 'RESUBMITTED' }));
    // Examined again: the expert's new link, then the department's, to the decision.
    const reviews = await client.waitForLinks(applicationId, 'reviews', 2);
    expect((await client.postLink(reviews.at(-1) ?? '', approveReview)).status).toBe(200);
    const signoffs = await client.waitForLinks(applicationId, 'signoff', 2);
    expect((await client.postLink(signoffs.at(-1) ?? '', { decision: 'APPROVE', comment: '' })).status).toBe(
      200,
    );
    expect((await client.waitForStatus(token, applicationId, FINAL_STATUSES)).status).toBe('APPROVED');
    await context.close();
  });

  it('refuses a form without this session’s CSRF token, and pages without a session', async () => {
    const applicant = sample.joinCandidate(141);
    const context = await noScript();
    const page = await signIn(context, applicant.inn);
    await page.goto(`${base}/applications/new-join`);
    await page.locator('input[name="csrfToken"]').evaluateAll((fields) => {
      for (const field of fields) field.setAttribute('value', 'forged');
    });
    await page.locator('[required]').evaluateAll((fields) => {
      for (const field of fields) field.removeAttribute('required');
    });
    expect((await submit(page, 'form button.approve'))?.status()).toBe(403);
    const anonymous = await fetch(`${base}/applications`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'kind=JOIN_CLUSTER',
    });
    expect(anonymous.status).toBe(401);
    await context.close();
  });

  it('shows nothing that axe-core (WCAG 2.1 AA) or the Nu Html Checker finds wrong', async () => {
    const findings = await audit.findings();
    expect(findings.checked).toBeGreaterThanOrEqual(10);
    expect(findings.axe).toEqual([]);
    expect(findings.htmlErrors).toEqual([]);
  });
});
