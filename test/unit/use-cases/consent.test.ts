import { describe, expect, it } from 'vitest';
import { ConflictError, ForbiddenError, GoneError } from '#shared/errors';
import { type LinkParams, linkParamsFrom } from '#shared/links/signature';
import { answerConsent } from '#shared/use-cases/answer-consent';
import { checkEligibility } from '#shared/use-cases/check-eligibility';
import { concludeConsentStage } from '#shared/use-cases/conclude-consent';
import { requestConsent } from '#shared/use-cases/request-consent';
import { withdrawApplication } from '#shared/use-cases/withdraw-application';
import {
  application,
  clockAt,
  fakeApplications,
  fakeMailer,
  fakeRegistry,
  fakeTasks,
  fakeWorkflow,
  inMemoryStores,
  testSigner,
} from '#test/support/in-memory-stores';

const BASE = 'https://clusters.example.city';
const APP = 'app_0000000000test';
const memberInns = Array.from({ length: 30 }, (_, index) => `77${String(index).padStart(8, '0')}`);
const partners = [{ name: 'Venture Fund', email: 'fund@partners.example.org' }];

function world() {
  const applications = fakeApplications(
    application({
      status: 'AWAITING_CONSENT',
      applicantInn: memberInns[0],
      memberInns,
      partners,
      review: null,
    }),
  );
  const deps = {
    applications,
    tasks: fakeTasks(applications),
    mailer: fakeMailer(),
    workflow: fakeWorkflow(),
    clock: clockAt('2026-03-01T10:00:00.000Z'),
    signer: testSigner(),
    registry: fakeRegistry(),
    config: {
      publicBaseUrl: BASE,
      consentTimeoutSeconds: 7 * 24 * 3600,
      emailConcurrency: 4,
      signoffTimeoutSeconds: 1,
    },
  };
  return deps;
}

/** Every consent link emailed, as the page route reads them back. */
function emailedLinks(deps: ReturnType<typeof world>): LinkParams[] {
  return deps.mailer.sent.map((message) => {
    const url = new URL(message.text.match(/https:\/\/\S+\/consents\/\S+/)?.[0] ?? '');
    return linkParamsFrom('consent', url.pathname.split('/')[2], Object.fromEntries(url.searchParams));
  });
}

const confirm = (params: LinkParams, deps: ReturnType<typeof world>) =>
  answerConsent({ params, fields: { answer: 'CONFIRM' } }, deps);

describe('eligibility of a create application', () => {
  it('sends an eligible create to consent once: a retried check says so again without a second change', async () => {
    const stores = inMemoryStores(
      application({
        status: 'SUBMITTED',
        applicantInn: memberInns[0],
        memberInns,
        review: null,
        eligibility: null,
      }),
    );
    await stores.registry.putOrganizations(
      memberInns.map((inn) => ({
        inn,
        ogrn: '1027700132195',
        name: `Org ${inn}`,
        sectors: ['robotics'],
        status: 'ACTIVE',
        email: `${inn}@example.org`,
      })),
    );
    const deps = { ...stores, clock: clockAt('2026-03-01T10:00:00.000Z') };
    expect(await checkEligibility(APP, deps)).toEqual({ eligible: true, needsConsent: true });
    expect(await stores.applications.get(APP)).toMatchObject({
      status: 'AWAITING_CONSENT',
      eligibility: { eligible: true },
    });
    const events = (await stores.applications.history(APP)).length;
    expect(await checkEligibility(APP, deps)).toEqual({ eligible: true, needsConsent: true });
    expect(await stores.applications.history(APP)).toHaveLength(events);
  });
});

describe('requesting consent', () => {
  it('emails every member but the applicant and every partner once, across re-runs', async () => {
    const deps = world();
    const first = await requestConsent({ applicationId: APP, taskToken: 'token-1' }, deps);
    expect(first).toEqual({ asked: 30, emailed: 30, pending: 30 });
    expect(deps.mailer.sent).toHaveLength(30);
    const message = deps.mailer.sent.at(-1);
    expect(message?.to).toEqual(['fund@partners.example.org']);
    expect(message?.text).toContain(APP);
    expect(message?.subject).toContain('Cluster <script>');
    expect(message?.subject).toMatch(/ до .+ МСК/);
    expect(message?.text).not.toContain('token-1');

    const again = await requestConsent({ applicationId: APP, taskToken: 'token-2' }, deps);
    expect(again).toEqual({ asked: 30, emailed: 0, pending: 30 });
    expect(deps.mailer.sent).toHaveLength(30);
    expect(await deps.tasks.taskToken({ kind: 'consent', applicationId: APP })).toBe('token-2');
  });

  it('resumes the workflow itself when every answer came in before its token was stored', async () => {
    const deps = world();
    await requestConsent({ applicationId: APP, taskToken: 'token-1' }, deps);
    // The stage's token is lost (a redrive): the answers find none to hand over.
    await deps.tasks.forgetTaskTokens(APP, ['consent']);
    for (const params of emailedLinks(deps)) await confirm(params, deps);
    expect(deps.workflow.resumed).toEqual([]);
    const rerun = await requestConsent({ applicationId: APP, taskToken: 'token-2' }, deps);
    expect(rerun.pending).toBe(0);
    expect(deps.workflow.resumed).toEqual([{ token: 'token-2', output: { answered: true } }]);
  });
  it('concludes at once when a resumed stage’s deadline has already passed', async () => {
    const deps = world();
    await requestConsent({ applicationId: APP, taskToken: 'token-1' }, deps);
    deps.clock.current = new Date('2026-03-09T10:00:00.000Z');
    const resumed = await requestConsent({ applicationId: APP, taskToken: 'token-2' }, deps);
    expect(resumed).toMatchObject({ emailed: 0, pending: 30 });
    expect(deps.workflow.resumed).toEqual([{ token: 'token-2', output: { answered: true } }]);
  });
});

describe('answering a consent link', () => {
  it('counts each answer once; the last one resumes the stage’s one task', async () => {
    const deps = world();
    await requestConsent({ applicationId: APP, taskToken: 'token-1' }, deps);
    const links = emailedLinks(deps);
    const [first, ...rest] = links;
    if (!first) throw new Error('no link');
    expect(
      await answerConsent({ params: first, fields: { answer: 'DECLINE', comment: 'Not this year' } }, deps),
    ).toEqual({
      applicationId: APP,
      answer: 'DECLINE',
      workflow: 'not-waiting',
    });
    await expect(confirm(first, deps)).rejects.toMatchObject({ statusCode: 409, code: 'ALREADY_ANSWERED' });
    const results = [];
    for (const params of rest) results.push(await confirm(params, deps));
    expect(results.map((result) => result.workflow)).toEqual([
      ...Array.from({ length: 28 }, () => 'not-waiting'),
      'resumed',
    ]);
    expect(deps.workflow.resumed).toEqual([{ token: 'token-1', output: { answered: true } }]);
    expect(await deps.tasks.consentStage(APP)).toMatchObject({
      asked: 30,
      pending: 0,
      confirmed: 29,
      declined: 1,
    });
    const history = await deps.applications.history(APP);
    expect(history.filter((event) => event.action === 'CONSENT_CONFIRMED')).toHaveLength(29);
    expect(history).toContainEqual(
      expect.objectContaining({
        action: 'CONSENT_DECLINED',
        actor: `member:${memberInns[1]}`,
        detail: { comment: 'Not this year' },
      }),
    );
  });

  it('is 403 when tampered, 410 when expired, and 409 once the application is withdrawn (409 wins over 410)', async () => {
    const deps = world();
    await requestConsent({ applicationId: APP, taskToken: 'token-1' }, deps);
    const [first, second] = emailedLinks(deps);
    if (!first || !second) throw new Error('no link');
    await expect(confirm({ ...first, sig: `${first.sig.slice(0, -2)}xx` }, deps)).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    deps.clock.current = new Date('2026-03-09T10:00:00.000Z');
    await expect(confirm(first, deps)).rejects.toBeInstanceOf(GoneError);
    deps.clock.current = new Date('2026-03-02T10:00:00.000Z');
    await withdrawApplication(APP, memberInns[0] ?? '', {
      ...deps,
      registry: { ...deps.registry, adjustExpertLoad: async () => {} },
      workflow: { stop: async () => {} },
    });
    expect(await deps.tasks.consentStage(APP)).toMatchObject({ status: 'CLOSED' });
    expect(await deps.tasks.taskToken({ kind: 'consent', applicationId: APP })).toBeNull();
    await expect(confirm(second, deps)).rejects.toMatchObject({
      statusCode: 409,
      code: 'APPLICATION_CLOSED',
    });
    deps.clock.current = new Date('2026-03-09T10:00:00.000Z');
    await expect(confirm(second, deps)).rejects.toBeInstanceOf(ConflictError);
  });

  it('checks the CSRF token of a form post', async () => {
    const deps = world();
    await requestConsent({ applicationId: APP, taskToken: 'token-1' }, deps);
    const [first] = emailedLinks(deps);
    if (!first) throw new Error('no link');
    const form = (csrfToken: string, cookie: string | undefined) =>
      answerConsent(
        { params: first, fields: { answer: 'CONFIRM', csrfToken }, form: { csrfCookie: cookie } },
        deps,
      );
    await expect(form('forged', 'forged')).rejects.toBeInstanceOf(ForbiddenError);
    const token = await deps.signer.csrfToken(first.linkId);
    expect((await form(token, token)).answer).toBe('CONFIRM');
  });
});

describe('concluding the consent stage', () => {
  it('drops the silent and the decliners, goes on to review with the confirmed, and refuses later answers', async () => {
    const deps = world();
    await requestConsent({ applicationId: APP, taskToken: 'token-1' }, deps);
    const links = emailedLinks(deps);
    for (const params of links.slice(0, 29)) await confirm(params, deps);
    // The partner (the last link) says nothing by the deadline.
    expect(await concludeConsentStage(APP, deps)).toEqual({ enough: true });
    const concluded = await deps.applications.get(APP);
    expect(concluded).toMatchObject({
      status: 'IN_REVIEW',
      memberInns,
      partners: [],
      consent: { asked: 30, confirmed: 29, declined: 0, noAnswer: 1, confirmedMembers: 30 },
    });
    const event = (await deps.applications.history(APP)).find(
      (entry) => entry.action === 'CONSENT_CONCLUDED',
    );
    expect(event?.detail?.dropped).toEqual([{ party: 'partner:0', reason: 'NO_ANSWER' }]);
    expect(await concludeConsentStage(APP, deps)).toEqual({ enough: true });
    await expect(confirm(links[29] as LinkParams, deps)).rejects.toMatchObject({ code: 'STAGE_CLOSED' });
  });

  it('ends INELIGIBLE with TOO_FEW_CONFIRMED below 30 confirmed members', async () => {
    const deps = world();
    await requestConsent({ applicationId: APP, taskToken: 'token-1' }, deps);
    const [declining, ...others] = emailedLinks(deps);
    await answerConsent({ params: declining as LinkParams, fields: { answer: 'DECLINE' } }, deps);
    for (const params of others) await confirm(params, deps);
    expect(await concludeConsentStage(APP, deps)).toEqual({ enough: false });
    expect(await deps.applications.get(APP)).toMatchObject({
      status: 'INELIGIBLE',
      eligibility: { eligible: false, reasons: [{ code: 'TOO_FEW_CONFIRMED' }] },
      consent: { confirmedMembers: 29 },
    });
  });
});
