import { createHash } from 'node:crypto';
import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { linkPageHandler, linkRoute } from '#shared/http/answer-pages';
import { type LinkParams, linkParamsFrom } from '#shared/links/signature';
import { PERMISSIONS_POLICY, STRICT_TRANSPORT_SECURITY } from '#shared/pages/layout';
import { reviewRecordedPage, signoffRecordedPage } from '#shared/pages/result-pages';
import { reviewCheckPage, reviewFormPage } from '#shared/pages/review-page';
import { signoffCheckPage, signoffFormPage } from '#shared/pages/signoff-page';
import { reviewPageView, signoffPageView } from '#shared/use-cases/answer-page-views';
import { answerReview, checkReview } from '#shared/use-cases/answer-review';
import { checkSignoffDecision, decideSignoff } from '#shared/use-cases/decide-signoff';
import { requestReview } from '#shared/use-cases/request-review';
import { requestSignoff } from '#shared/use-cases/request-signoff';
import {
  application,
  clockAt,
  fakeApplications,
  fakeMailer,
  fakeRegistry,
  fakeTasks,
  fakeWorkflow,
  testSigner,
} from '#test/support/in-memory-stores';

/** The signature with its first character changed (always a change, whatever that character was). */
const tamperedSignature = (sig: string) => `${sig.startsWith('A') ? 'B' : 'A'}${sig.slice(1)}`;

const context = {
  functionName: 'test',
  awsRequestId: '1',
  getRemainingTimeInMillis: () => 1000,
} as unknown as Context;

async function setup(status: 'IN_REVIEW' | 'AWAITING_SIGNOFF' = 'IN_REVIEW') {
  const applications = fakeApplications(application({ status }));
  const tasks = fakeTasks(applications);
  const mailer = fakeMailer();
  const deps = {
    applications,
    tasks,
    mailer,
    workflow: fakeWorkflow(),
    clock: clockAt('2026-03-01T10:00:00.000Z'),
    signer: testSigner(),
    registry: fakeRegistry(),
    config: {
      publicBaseUrl: 'https://clusters.example.city',
      signoffTimeoutSeconds: 3600,
      amendmentTimeoutSeconds: 14 * 24 * 3600,
    },
  };
  const route = {
    signer: () => deps.signer,
    cookies: () => ({ secure: true }),
  };
  const review = linkPageHandler(
    linkRoute({
      ...route,
      scope: 'review',
      pathParameter: 'reviewId',
      view: (params) => reviewPageView(params, deps),
      submit: (submission) => answerReview(submission, deps),
      renderForm: reviewFormPage,
      renderDone: reviewRecordedPage,
      confirm: { check: (_view, submission) => checkReview(submission, deps), renderCheck: reviewCheckPage },
    }),
  );
  const signoff = linkPageHandler(
    linkRoute({
      ...route,
      scope: 'signoff',
      pathParameter: 'signoffId',
      view: (params) => signoffPageView(params, deps),
      submit: (submission) => decideSignoff(submission, deps),
      renderForm: signoffFormPage,
      renderDone: signoffRecordedPage,
      confirm: {
        check: (_view, submission) => checkSignoffDecision(submission, deps),
        renderCheck: signoffCheckPage,
      },
    }),
  );
  if (status === 'IN_REVIEW') {
    await requestReview({ applicationId: 'app_0000000000test', expertId: 'exp_1', taskToken: 't' }, deps);
  } else {
    tasks.tasks.set('app_0000000000test/exp_1', {
      applicationId: 'app_0000000000test',
      expertId: 'exp_1',
      status: 'ANSWERED',
      linkId: 'x',
      requestedAt: '2026-02-01T00:00:00.000Z',
      answer: {
        recommendation: 'APPROVE',
        scores: { innovation: 9, feasibility: 8, cooperation: 7 },
        comment: '<img src=x onerror=alert(1)>',
        answeredAt: '2026-02-02T00:00:00.000Z',
      },
    });
    await requestSignoff({ applicationId: 'app_0000000000test', taskToken: 't' }, deps);
  }
  const url = new URL((mailer.sent[0]?.text ?? '').match(/https:\/\/\S+/)?.[0] ?? '');
  const scope = status === 'IN_REVIEW' ? 'review' : 'signoff';
  const link = linkParamsFrom(scope, url.pathname.split('/')[2], Object.fromEntries(url.searchParams));
  return { deps, review, signoff, link };
}

function request(
  method: 'GET' | 'HEAD' | 'POST',
  link: LinkParams,
  options: { body?: string; headers?: Record<string, string> } = {},
): APIGatewayProxyEvent {
  const parameter = link.scope === 'review' ? 'reviewId' : 'signoffId';
  return {
    httpMethod: method,
    headers: options.headers ?? {},
    body: options.body ?? null,
    isBase64Encoded: false,
    pathParameters: { [parameter]: link.linkId },
    queryStringParameters: { kid: link.kid, exp: link.exp, sig: link.sig },
    requestContext: {},
  } as unknown as APIGatewayProxyEvent;
}

const header = (result: { headers?: Record<string, unknown> }, name: string) =>
  String(result.headers?.[name] ?? '');

function formPost(link: LinkParams, fields: Record<string, string>, cookie?: string) {
  return request('POST', link, {
    body: new URLSearchParams(fields).toString(),
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...(cookie ? { Cookie: cookie } : {}) },
  });
}

/** What a browser does: GET the page, keep its cookie, post the form with its hidden fields. */
async function openForm(handler: ReturnType<typeof linkPageHandler>, link: LinkParams) {
  const page = await handler(request('GET', link), context);
  const cookie = header(page, 'set-cookie').split(';')[0] ?? '';
  const csrfToken = page.body.match(/name="csrfToken" value="([^"]+)"/)?.[1] ?? '';
  return { page, cookie, csrfToken };
}

const filledReview = {
  recommendation: 'APPROVE',
  innovation: '8',
  feasibility: '7',
  cooperation: '9',
  comment: 'Сильная команда',
};

describe('the review page', () => {
  it('is an accessible, mobile-readable page with strict security headers', async () => {
    const { review, link } = await setup();
    const { page, cookie, csrfToken } = await openForm(review, link);

    expect(page.statusCode).toBe(200);
    expect(header(page, 'content-type')).toBe('text/html; charset=utf-8');
    expect(header(page, 'cache-control')).toBe('no-store');
    expect(header(page, 'referrer-policy')).toBe('no-referrer');
    expect(header(page, 'x-content-type-options')).toBe('nosniff');
    const csp = header(page, 'content-security-policy');
    for (const directive of [
      "default-src 'none'",
      "form-action 'self'",
      "frame-ancestors 'none'",
      "base-uri 'none'",
    ]) {
      expect(csp).toContain(directive);
    }
    const style = page.body.match(/<style>([\s\S]*?)<\/style>/)?.[1] ?? '';
    expect(csp).toContain(`'sha256-${createHash('sha256').update(style).digest('base64')}'`);
    expect(page.body).not.toMatch(/<script|style="/);

    expect(page.body).toMatch(/<html lang="ru">/);
    expect(page.body).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    expect(page.body).toContain('app_0000000000test');
    expect(page.body).toMatch(/<h1>/);
    expect(page.body).toMatch(/<fieldset[^>]*>\s*<legend>/);
    for (const field of ['innovation', 'feasibility', 'cooperation', 'comment']) {
      expect(page.body).toContain(`<label for="${field}">`);
      expect(page.body).toContain(`id="${field}"`);
    }
    expect(page.body).toMatch(
      /<input type="radio" id="recommendation-REJECT" name="recommendation" value="REJECT"/,
    );
    expect(page.body).toContain('<label for="recommendation-REJECT">');
    expect(page.body).toMatch(/Required if you recommend rejecting/);
    expect(page.body).toContain('Cluster &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page.body).not.toContain('<script>alert(1)');
    expect(header(page, 'set-cookie')).toMatch(
      /^__Host-csrf-[\w-]+=[\w-]+; Path=\/; Max-Age=\d+; HttpOnly; SameSite=Strict; Secure$/,
    );
    expect(cookie.split('=')[1]).toBe(csrfToken);
  });

  it("names the expert's institution (joint examination)", async () => {
    const { review, link } = await setup();
    const { page } = await openForm(review, link);
    expect(page.body).toContain('Эксперт: Expert exp_1 (эксперт города)');
    expect(page.body).toContain('Expert: Expert exp_1 (city expert)');
  });

  it('changes nothing when opened, however often', async () => {
    const { review, link, deps } = await setup();
    for (let visit = 0; visit < 3; visit++)
      expect((await review(request('GET', link), context)).statusCode).toBe(200);
    expect((await deps.tasks.getReview('app_0000000000test', 'exp_1'))?.status).toBe('PENDING');
    expect(deps.workflow.resumed).toHaveLength(0);
  });

  it('takes the form with its cookie once, then shows "already submitted"', async () => {
    const { review, link } = await setup();
    const { cookie, csrfToken } = await openForm(review, link);

    const done = await review(formPost(link, { ...filledReview, csrfToken }, cookie), context);
    expect(done.statusCode).toBe(200);
    expect(done.body).toContain('app_0000000000test');
    expect(header(done, 'content-security-policy')).toContain("default-src 'none'");

    const again = await review(formPost(link, { ...filledReview, csrfToken }, cookie), context);
    expect(again.statusCode).toBe(409);
    expect(again.body).toMatch(/уже отправлено/);
    expect(again.body).toMatch(/already been submitted/);
  });

  it('refuses a form post without the cookie the page set', async () => {
    const { review, link } = await setup();
    const { csrfToken } = await openForm(review, link);
    const refused = await review(formPost(link, { ...filledReview, csrfToken }), context);
    expect(refused.statusCode).toBe(403);
    expect(refused.body).toContain('<html lang="ru">');
  });

  it('shows the form again with the problem marked and the answers kept', async () => {
    const { review, link } = await setup();
    const { cookie, csrfToken } = await openForm(review, link);
    const invalid = await review(
      formPost(
        link,
        { ...filledReview, recommendation: 'REJECT', comment: '', innovation: '3', csrfToken },
        cookie,
      ),
      context,
    );
    expect(invalid.statusCode).toBe(400);
    expect(invalid.body).toContain('role="alert"');
    expect(invalid.body).toContain('id="comment-error"');
    expect(invalid.body).toContain('aria-invalid="true"');
    expect(invalid.body).toMatch(/value="REJECT" required checked/);
    expect(invalid.body).toMatch(/id="innovation"[^>]*value="3"/);
  });

  it('offers to decline: a form post with the reason and blank scores recuses, and the link then answers 409', async () => {
    const { review, link, deps } = await setup();
    const { page, cookie, csrfToken } = await openForm(review, link);
    expect(page.body).toContain('value="RECUSE"');
    expect(page.body).toMatch(/Отказаться от экспертизы/);
    expect(page.body).toMatch(/Decline the review/);

    const blank = { innovation: '', feasibility: '', cooperation: '', csrfToken };
    const noReason = await review(
      formPost(link, { ...blank, recommendation: 'RECUSE', comment: '' }, cookie),
      context,
    );
    expect(noReason.statusCode).toBe(400);
    expect(noReason.body).toContain('id="comment-error"');
    expect(noReason.body).not.toContain('id="innovation-error"');
    expect(noReason.body).toMatch(/value="RECUSE" required checked/);

    const done = await review(
      formPost(link, { ...blank, recommendation: 'RECUSE', comment: 'Конфликт интересов' }, cookie),
      context,
    );
    expect(done.statusCode).toBe(200);
    expect(done.body).toMatch(/отказ/i);
    expect(done.body).toMatch(/declined the review/);
    expect(deps.workflow.resumed).toHaveLength(0);
    expect(deps.workflow.failed).toEqual([expect.objectContaining({ token: 't', error: 'ExpertRecused' })]);
    // The cause handed to the workflow carries neither the reason nor a name.
    expect(deps.workflow.failed[0]?.cause).not.toMatch(/Конфликт|exp_1/);
    expect(await deps.tasks.getReview('app_0000000000test', 'exp_1')).toMatchObject({
      status: 'RECUSED',
      recusal: { reason: 'Конфликт интересов' },
    });
    expect((await deps.applications.history('app_0000000000test')).at(-1)).toMatchObject({
      action: 'RECUSED',
      actor: 'expert:exp_1',
      detail: { reason: 'Конфликт интересов' },
    });

    for (const again of [
      await review(request('GET', link), context),
      await review(formPost(link, { ...filledReview, csrfToken }, cookie), context),
    ]) {
      expect(again.statusCode).toBe(409);
      expect(again.body).toContain('RECUSED');
      expect(again.body).toMatch(/отказались/);
    }
  });

  it('shows every missing score and the missing reason at once', async () => {
    const { review, link } = await setup();
    const result = await review(
      request('POST', link, {
        body: JSON.stringify({ recommendation: 'REJECT', innovation: 11 }),
        headers: { 'content-type': 'application/json' },
      }),
      context,
    );
    expect(result.statusCode).toBe(400);
    const paths = JSON.parse(result.body).error.details.map((detail: { path: string }) => detail.path);
    expect(paths.sort()).toEqual(['comment', 'cooperation', 'feasibility', 'innovation']);
  });

  it('takes JSON without a CSRF cookie and answers JSON', async () => {
    const { review, link } = await setup();
    const result = await review(
      request('POST', link, {
        body: JSON.stringify({ ...filledReview, innovation: 8, feasibility: 7, cooperation: 9 }),
        headers: { 'content-type': 'application/json' },
      }),
      context,
    );
    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body)).toEqual({
      applicationId: 'app_0000000000test',
      recommendation: 'APPROVE',
      workflow: 'resumed',
    });
  });

  it('answers JSON errors in the spec shape, with paths', async () => {
    const { review, link } = await setup();
    const result = await review(
      request('POST', link, {
        body: '{"recommendation":"REJECT"}',
        headers: { 'content-type': 'application/json' },
      }),
      context,
    );
    expect(result.statusCode).toBe(400);
    const body = JSON.parse(result.body);
    expect(body.error.code).toBe('VALIDATION_ERROR');
    expect(body.error.details.map((detail: { path: string }) => detail.path)).toEqual(
      expect.arrayContaining(['innovation', 'feasibility', 'cooperation']),
    );
  });

  it('refuses bodies a cross-site page could send without a preflight, other than the checked form', async () => {
    const { review, link } = await setup();
    const result = await review(
      request('POST', link, { body: 'x', headers: { 'content-type': 'text/plain' } }),
      context,
    );
    expect(result.statusCode).toBe(415);
  });

  it('answers 403 for a tampered link, as a page or as JSON', async () => {
    const { review, link } = await setup();
    const tampered = { ...link, sig: tamperedSignature(link.sig) };
    const page = await review(request('GET', tampered), context);
    expect(page.statusCode).toBe(403);
    expect(page.body).toMatch(/недействительна/);
    const asJson = await review(
      request('GET', tampered, { headers: { accept: 'application/json' } }),
      context,
    );
    expect(JSON.parse(asJson.body).error.code).toBe('FORBIDDEN');
  });
});

describe('the sign-off page', () => {
  it('shows eligibility, every conclusion escaped, the tally, and the decisions to choose from', async () => {
    const { signoff, link } = await setup('AWAITING_SIGNOFF');
    const { page } = await openForm(signoff, link);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('meets the programme rules');
    expect(page.body).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(page.body).toContain('Expert exp_1 (эксперт города)');
    expect(page.body).toMatch(/<input type="radio" id="decision" name="decision" value="APPROVE"/);
    expect(page.body).toMatch(/<input type="radio" id="decision-REJECT" name="decision" value="REJECT"/);
    expect(page.body).toContain('<button type="submit" name="step" value="check">');
    expect(page.body).toContain('<label for="comment">');
    expect(page.body).toMatch(/Required except to approve/);
  });

  it('records a decision from the form, then says it was already made', async () => {
    const { signoff, link, deps } = await setup('AWAITING_SIGNOFF');
    const { cookie, csrfToken } = await openForm(signoff, link);
    const done = await signoff(
      formPost(link, { decision: 'APPROVE', comment: '', csrfToken }, cookie),
      context,
    );
    expect(done.statusCode).toBe(200);
    expect(done.body).toContain('approved');
    expect(deps.workflow.resumed).toEqual([{ token: 't', output: { outcome: 'APPROVED' } }]);

    const again = await signoff(
      formPost(link, { decision: 'REJECT', comment: 'no', csrfToken }, cookie),
      context,
    );
    expect(again.statusCode).toBe(409);
    expect(again.body).toMatch(/уже принято/);
  });
});

describe('the check step before a final answer', () => {
  const hiddenFields = (body: string) =>
    Object.fromEntries(
      [...body.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => [m[1], m[2]]),
    );

  it('shows what will be sent and writes nothing; its Confirm, with the same fields, sends it', async () => {
    const { review, link, deps } = await setup();
    const { cookie, csrfToken } = await openForm(review, link);
    const check = await review(
      formPost(link, { ...filledReview, csrfToken, step: 'check' }, cookie),
      context,
    );
    expect(check.statusCode).toBe(200);
    expect(check.body).toContain('Проверьте заключение');
    expect(check.body).toContain('8 / 10');
    expect((await deps.tasks.getReview('app_0000000000test', 'exp_1'))?.status).toBe('PENDING');
    expect(deps.workflow.resumed).toHaveLength(0);

    // The check page's form: the same fields, hidden, and a token; its Confirm button has no step.
    const fields = hiddenFields(check.body);
    expect(fields).toMatchObject({ ...filledReview, csrfToken: expect.any(String) });
    const nextCookie = header(check, 'set-cookie').split(';')[0] ?? '';
    const done = await review(formPost(link, fields as Record<string, string>, nextCookie), context);
    expect(done.statusCode).toBe(200);
    expect(done.body).toContain('Что вы отправили');
    expect(done.body).toContain('Сильная команда');
    expect((await deps.tasks.getReview('app_0000000000test', 'exp_1'))?.status).toBe('ANSWERED');
  });

  it('answers a refused check with the form, its summary first and in both languages; Change goes back', async () => {
    const { signoff, link, deps } = await setup('AWAITING_SIGNOFF');
    const { cookie, csrfToken } = await openForm(signoff, link);
    const refused = await signoff(
      formPost(link, { decision: 'REJECT', comment: '', csrfToken, step: 'check' }, cookie),
      context,
    );
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toMatch(/<title>Ошибка: /);
    expect(refused.body.indexOf('id="error-summary"')).toBeLessThan(refused.body.indexOf('<h1>'));
    expect(refused.body).toContain('<a href="#comment">Напишите комментарий');
    expect(refused.body).toContain('Write a comment: it is required to reject');
    const back = await signoff(
      formPost(link, { decision: 'REJECT', comment: 'Нет рынка', csrfToken, step: 'edit' }, cookie),
      context,
    );
    expect(back.statusCode).toBe(200);
    expect(back.body).toContain('>Нет рынка</textarea>');
    expect(deps.workflow.resumed).toHaveLength(0);
  });

  it('lets the spec’s form client act in one post: the page’s hidden fields, its cookie and the fields', async () => {
    const { signoff, link, deps } = await setup('AWAITING_SIGNOFF');
    const { cookie, csrfToken } = await openForm(signoff, link);
    const done = await signoff(
      formPost(link, { decision: 'APPROVE', comment: '', csrfToken }, cookie),
      context,
    );
    expect(done.statusCode).toBe(200);
    expect(deps.workflow.resumed).toEqual([{ token: 't', output: { outcome: 'APPROVED' } }]);
  });

  it('checks the link first: a used link answers its 409 page, naming the application', async () => {
    const { review, link } = await setup();
    const { cookie, csrfToken } = await openForm(review, link);
    expect((await review(formPost(link, { ...filledReview, csrfToken }, cookie), context)).statusCode).toBe(
      200,
    );
    const late = await review(formPost(link, { ...filledReview, csrfToken, step: 'check' }, cookie), context);
    expect(late.statusCode).toBe(409);
    expect(late.body).toContain('Заявка app_0000000000test');
    expect(late.body).toContain('mailto:');
  });

  it('is no field of JSON: a JSON body with a step is refused as an unknown field', async () => {
    const { review, link } = await setup();
    const reply = await review(
      request('POST', link, {
        body: JSON.stringify({ recommendation: 'RECUSE', comment: 'busy', step: 'check' }),
        headers: { 'content-type': 'application/json' },
      }),
      context,
    );
    expect(reply.statusCode).toBe(400);
    expect(JSON.parse(reply.body).error.details).toContainEqual({ path: 'step', message: 'unknown field' });
  });
});

describe('every link page', () => {
  const transportAndFeatures = (page: { headers?: Record<string, unknown> }) => ({
    hsts: header(page, 'strict-transport-security'),
    permissions: header(page, 'permissions-policy'),
  });

  it('sends Strict-Transport-Security and Permissions-Policy: form, result and error pages alike', async () => {
    const { review, link } = await setup();
    const { page, cookie, csrfToken } = await openForm(review, link);
    const done = await review(formPost(link, { ...filledReview, csrfToken }, cookie), context);
    const used = await review(formPost(link, { ...filledReview, csrfToken }, cookie), context);
    const tampered = await review(request('GET', { ...link, sig: tamperedSignature(link.sig) }), context);

    expect([page.statusCode, done.statusCode, used.statusCode, tampered.statusCode]).toEqual([
      200, 200, 409, 403,
    ]);
    for (const response of [page, done, used, tampered]) {
      expect(transportAndFeatures(response)).toEqual({
        hsts: STRICT_TRANSPORT_SECURITY,
        permissions: PERMISSIONS_POLICY,
      });
    }
    expect(STRICT_TRANSPORT_SECURITY).toMatch(/^max-age=(\d+); includeSubDomains$/);
    expect(Number(STRICT_TRANSPORT_SECURITY.match(/max-age=(\d+)/)?.[1])).toBeGreaterThanOrEqual(31_536_000);
    for (const feature of ['camera', 'microphone', 'geolocation', 'payment'])
      expect(PERMISSIONS_POLICY).toContain(`${feature}=()`);
  });

  it('answers HEAD as GET, status and headers, without the body', async () => {
    const { review, signoff, link } = await setup();
    const get = await review(request('GET', link), context);
    const head = await review(request('HEAD', link), context);
    expect(head.statusCode).toBe(200);
    expect(head.body).toBe('');
    expect(get.body.length).toBeGreaterThan(0);
    const { 'set-cookie': _getCookie, ...getHeaders } = get.headers ?? {};
    const { 'set-cookie': _headCookie, ...headHeaders } = head.headers ?? {};
    expect(headHeaders).toEqual(getHeaders);

    const tampered = { ...link, sig: tamperedSignature(link.sig) };
    const refused = await review(request('HEAD', tampered), context);
    expect(refused.statusCode).toBe(403);
    expect(refused.body).toBe('');
    expect(header(refused, 'content-type')).toBe('text/html; charset=utf-8');
    // A review link is not a sign-off link: the same 403 as GET.
    expect((await signoff(request('HEAD', link), context)).statusCode).toBe(
      (await signoff(request('GET', link), context)).statusCode,
    );
  });
});
