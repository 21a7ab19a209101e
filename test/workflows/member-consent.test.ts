import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalRuntime, startLocalRuntime } from '#local/runtime';
import { documentClient } from '#shared/adapters/dynamodb';
import { executionArnFor } from '#shared/adapters/workflow-engine';
import { TransientError } from '#shared/errors';
import { type ApiClient, apiClient, createClusterBody, sample } from '#test/support/api-client';
import { statesEntered } from '#test/support/history';
import { suiteDynamoDbEndpoint } from '#test/support/lanes';
import { shortRetryIntervals } from '#test/support/retry-intervals';
import { startTestRuntime } from '#test/support/test-runtime';
import { deadlineSeconds, scaled, waits } from '#test/support/timeouts';

/**
 * The member consent stage on the synthesized state machine in the local
 * engine, with DynamoDB Local: it ends early when everyone answered, drops
 * the silent at the deadline (named in the history), ends INELIGIBLE with
 * TOO_FEW_CONFIRMED below 30, closes its links on withdrawal, and a retried
 * request step emails nobody twice.
 */
// Long enough for a cold first request step to email 31 links and a test to answer them all.
const CONSENT_SECONDS = deadlineSeconds(6);
/** The next request step fails once, after it emailed everyone (as a lost reply would). */
const failNextRequest = { armed: false };

let runtime: LocalRuntime;
let api: ApiClient;

beforeAll(async () => {
  ({ runtime, api } = await startTestRuntime('member-consent', {
    consentTimeoutSeconds: CONSENT_SECONDS,
    reviewTimeoutSeconds: 120,
    signoffTimeoutSeconds: 120,
    engineOverrides: { retryIntervalOverrides: shortRetryIntervals(0) },
    wrapInvoke: (invoke) => async (functionKey, payload) => {
      const result = await invoke(functionKey, payload);
      if (functionKey === 'request-consent' && failNextRequest.armed) {
        failNextRequest.armed = false;
        throw new TransientError('the reply was lost');
      }
      return result;
    },
  }));
});

afterAll(async () => {
  await runtime?.stop();
});

const executionOf = (applicationId: string) => executionArnFor(runtime.stateMachineArn, applicationId);

/**
 * The states the execution entered, once it has gone on to assign the experts: the application is
 * IN_REVIEW from the ConcludeConsent step, a choice before AssignExperts is entered.
 */
async function pathThroughAssignExperts(applicationId: string): Promise<string[]> {
  let path: string[] = [];
  await expect
    .poll(async () => (path = await statesEntered(runtime.stepFunctions, executionOf(applicationId))), {
      timeout: scaled(20_000),
      interval: 200,
    })
    .toContain('AssignExperts');
  return path;
}

const partners = [
  { name: 'Venture Fund One', email: 'fund@partners.example.org' },
  { name: 'Foreign Robotics GmbH', email: 'robotics@partners.example.org', country: 'DE' },
];

async function submitCreate(memberCount: number, name: string, skip: number, withPartners = false) {
  const members = sample.activeIn(['laser_radiation'], memberCount, skip);
  const body = {
    ...createClusterBody(members, name, ['laser_radiation']),
    ...(withPartners ? { partners } : {}),
  };
  const token = await api.login(body.applicantInn);
  const reply = await api.submit(token, body);
  expect(reply.status).toBe(202);
  return { token, body, applicationId: reply.body.applicationId as string };
}

/** Which party each consent link was sent to: the outbox message's recipient. */
async function consentLinksByRecipient(applicationId: string): Promise<Map<string, string>> {
  const messages = await api.outbox(applicationId);
  return new Map(
    messages.flatMap((message) =>
      message.links
        .filter((link) => new URL(link).pathname.startsWith('/consents/'))
        .map((link) => [message.to[0] ?? '', link] as const),
    ),
  );
}

const emailOf = (inn: string) => sample.organizations.find((org) => org.inn === inn)?.email ?? '';

describe('member consent', () => {
  it('ends as soon as everyone answered; decliners are dropped and the rest go on to review', async () => {
    const { token, body, applicationId } = await submitCreate(31, 'Consent Early Photonics', 0, true);
    const links = await api.waitForLinks(applicationId, 'consents', 32);
    expect(links).toHaveLength(32);
    const byRecipient = await consentLinksByRecipient(applicationId);
    // Every member but the applicant, at its registry address; every partner at the address given.
    expect([...byRecipient.keys()].sort()).toEqual(
      [...body.memberInns.slice(1).map(emailOf), ...partners.map((partner) => partner.email)].sort(),
    );
    const decliningInn = body.memberInns[5] ?? '';
    const declining = new Set([
      byRecipient.get(emailOf(decliningInn)),
      byRecipient.get(partners[1]?.email ?? ''),
    ]);

    // A mail scanner opening a link changes nothing; the page names the cluster.
    const page = await api.getLink(links[0] ?? '');
    expect(page.status).toBe(200);
    expect(String(page.body)).toContain('Consent Early Photonics');
    const waiting = await api.getApplication(token, applicationId);
    expect(waiting.body).toMatchObject({
      status: 'AWAITING_CONSENT',
      consent: { asked: 32, confirmed: 0, declined: 0, pending: 32, open: true },
    });

    await api.answerConsents(applicationId, 32, {
      answer: (link) => (declining.has(link) ? 'DECLINE' : 'CONFIRM'),
    });
    const application = await api.waitForStatus(token, applicationId, ['IN_REVIEW'], scaled(20_000));
    expect(application.consent).toMatchObject({ asked: 32, confirmed: 30, declined: 2, pending: 0 });
    expect(application.memberCount).toBe(30);
    const history = application.history as Array<{ action: string; actor: string; detail?: unknown }>;
    expect(history.filter((event) => event.action === 'CONSENT_CONFIRMED')).toHaveLength(30);
    expect(history).toContainEqual(
      expect.objectContaining({ action: 'CONSENT_DECLINED', actor: `member:${decliningInn}` }),
    );
    expect(history).toContainEqual(
      expect.objectContaining({ action: 'CONSENT_DECLINED', actor: 'partner:1' }),
    );
    expect(history.find((event) => event.action === 'CONSENT_CONCLUDED')?.detail).toMatchObject({
      dropped: [
        { party: `member:${decliningInn}`, reason: 'DECLINED' },
        { party: 'partner:1', reason: 'DECLINED' },
      ],
    });

    // Long before the deadline, on one waiting task; a used link is a 409.
    const path = await pathThroughAssignExperts(applicationId);
    expect(path.filter((state) => state === 'RequestConsent')).toHaveLength(1);
    expect(path).toEqual(expect.arrayContaining(['ConcludeConsent', 'AssignExperts']));
    const again = await api.postLink(links[0] ?? '', { answer: 'CONFIRM' });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('ALREADY_ANSWERED');
  });

  it('drops those who did not answer by the deadline, naming them in the history', async () => {
    const { token, body, applicationId } = await submitCreate(32, 'Consent Deadline Photonics', 40);
    const byRecipient = await (async () => {
      await api.waitForLinks(applicationId, 'consents', 31);
      return consentLinksByRecipient(applicationId);
    })();
    const silentInns = [body.memberInns[3] ?? '', body.memberInns[7] ?? ''];
    const silent = new Set(silentInns.map((inn) => byRecipient.get(emailOf(inn))));
    await api.answerConsents(applicationId, 31, { answer: (link) => (silent.has(link) ? null : 'CONFIRM') });

    const application = await api.waitForStatus(token, applicationId, ['IN_REVIEW'], scaled(40_000));
    expect(application.consent).toMatchObject({
      asked: 31,
      confirmed: 29,
      declined: 0,
      pending: 0,
      noAnswer: 2,
    });
    expect(application.memberCount).toBe(30);
    const concluded = (application.history as Array<{ action: string; detail?: { dropped?: unknown } }>).find(
      (event) => event.action === 'CONSENT_CONCLUDED',
    );
    expect(concluded?.detail?.dropped).toEqual(
      silentInns.map((inn) => ({ party: `member:${inn}`, reason: 'NO_ANSWER' })),
    );
    const path = await pathThroughAssignExperts(applicationId);
    expect(path).toEqual(expect.arrayContaining(['RequestConsent', 'ConcludeConsent', 'AssignExperts']));

    // After the stage: 409 (which wins over the link's expiry), and nothing changes.
    const late = await api.postLink([...silent][0] ?? '', { answer: 'CONFIRM' });
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('STAGE_CLOSED');
    expect((await api.getApplication(token, applicationId)).body.consent.confirmed).toBe(29);
  });

  it('ends INELIGIBLE with TOO_FEW_CONFIRMED when fewer than 30 confirmed members remain', async () => {
    const { token, body, applicationId } = await submitCreate(30, 'Consent Too Few Photonics', 80);
    const links = await api.waitForLinks(applicationId, 'consents', 29);
    await api.answerConsents(applicationId, 29, {
      answer: (link) => (link === links[0] ? 'DECLINE' : 'CONFIRM'),
    });

    const application = await api.waitForStatus(token, applicationId, ['INELIGIBLE'], scaled(20_000));
    expect(application.eligibility).toMatchObject({
      eligible: false,
      reasons: [expect.objectContaining({ code: 'TOO_FEW_CONFIRMED' })],
    });
    expect(application.consent).toMatchObject({ confirmed: 28, declined: 1, pending: 0 });
    await runtime.stepFunctions.waitForExecution(executionOf(applicationId), waits.execution);
    const path = await statesEntered(runtime.stepFunctions, executionOf(applicationId));
    expect(path).toContain('NotifyApplicant');
    expect(path).not.toContain('AssignExperts');
    const notices = (await api.outbox(applicationId)).filter((message) =>
      message.to.includes(body.contactEmail),
    );
    expect(notices.some((message) => /not eligible/.test(message.subject))).toBe(true);
  });

  it('closes the consent links when the application is withdrawn mid-consent', async () => {
    const { token, applicationId } = await submitCreate(30, 'Consent Withdrawn Photonics', 120);
    const [first = '', second = ''] = await api.waitForLinks(applicationId, 'consents', 29);
    expect((await api.postLink(first, { answer: 'CONFIRM' })).status).toBe(200);
    // Wait until the request step stored the stage's token.
    const stageKey = { PK: `APP#${applicationId}`, SK: 'CONSENT' };
    const stageItem = async () =>
      (
        await documentClient.send(
          new GetCommand({ TableName: process.env.TABLE_NAME, Key: stageKey, ConsistentRead: true }),
        )
      ).Item;
    await expect.poll(async () => (await stageItem())?.taskToken !== undefined).toBe(true);

    expect((await api.withdraw(token, applicationId)).status).toBe(200);
    const reply = await api.postLink(second, { answer: 'CONFIRM' });
    expect(reply.status).toBe(409);
    expect(reply.body.error.code).toBe('APPLICATION_CLOSED');
    expect((await api.getLink(second)).status).toBe(409);
    const execution = await runtime.stepFunctions.waitForExecution(
      executionOf(applicationId),
      waits.execution,
    );
    expect(execution.status).toBe('ABORTED');
    const stage = await stageItem();
    expect(stage).toMatchObject({ status: 'CLOSED', confirmed: 1, pending: 28 });
    expect(stage).not.toHaveProperty('taskToken');
  });

  it('emails nobody twice when the request step is retried', async () => {
    const members = sample.activeIn(['laser_radiation'], 30, 160);
    const body = createClusterBody(members, 'Consent Retried Photonics', ['laser_radiation']);
    const token = await api.login(body.applicantInn);
    // Tests run one at a time: the next request step is this application's.
    failNextRequest.armed = true;
    const reply = await api.submit(token, body);
    const applicationId = reply.body.applicationId as string;
    await api.waitForLinks(applicationId, 'consents', 29);
    await expect.poll(() => failNextRequest.armed, { timeout: scaled(20_000) }).toBe(false);

    await api.answerConsents(applicationId, 29);
    await api.waitForStatus(token, applicationId, ['IN_REVIEW'], scaled(20_000));
    const consentMail = (await api.outbox(applicationId)).filter((message) =>
      message.links.some((link) => new URL(link).pathname.startsWith('/consents/')),
    );
    expect(consentMail).toHaveLength(29);
    expect(new Set(consentMail.map((message) => message.to[0])).size).toBe(29);
    const path = await statesEntered(runtime.stepFunctions, executionOf(applicationId));
    expect(path.filter((state) => state === 'RequestConsent').length).toBeGreaterThanOrEqual(1);
    const { events } = await runtime.stepFunctions.getExecutionHistory({
      executionArn: executionOf(applicationId),
    });
    expect(events.filter((event) => /Retr/.test(event.type)).length).toBeGreaterThanOrEqual(1);
  });

  it('resumes a waiting stage after the runtime restarts: the links still work and nobody is emailed twice', async () => {
    const { token, applicationId } = await submitCreate(30, 'Consent Restart Photonics', 200);
    const links = await api.waitForLinks(applicationId, 'consents', 29);
    for (const link of links.slice(0, 10))
      expect((await api.postLink(link, { answer: 'CONFIRM' })).status).toBe(200);

    const { dataDir, url } = runtime;
    await runtime.stop();
    runtime = await startLocalRuntime({
      port: Number(new URL(url).port),
      dataDir,
      dynamodbEndpoint: suiteDynamoDbEndpoint(),
      consentTimeoutSeconds: CONSENT_SECONDS,
      reviewTimeoutSeconds: 120,
      signoffTimeoutSeconds: 120,
    });
    api = apiClient(runtime.url);

    for (const link of links.slice(10))
      expect((await api.postLink(link, { answer: 'CONFIRM' })).status).toBe(200);
    const application = await api.waitForStatus(token, applicationId, ['IN_REVIEW'], scaled(20_000));
    expect(application.consent).toMatchObject({ asked: 29, confirmed: 29, pending: 0 });
    const consentMail = (await api.outbox(applicationId)).filter((message) =>
      message.links.some((link) => new URL(link).pathname.startsWith('/consents/')),
    );
    expect(consentMail).toHaveLength(29);
  });
});
