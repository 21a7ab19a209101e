import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type AslState, forEachState } from '#local/asl';
import { findFreePort } from '#local/dynamodb-local';
import { type LocalRuntime, startLocalRuntime } from '#local/runtime';
import { DEFAULTS } from '#shared/config-defaults';
import { PERMISSIONS_POLICY, STRICT_TRANSPORT_SECURITY } from '#shared/pages/layout';
import { type ApiClient, apiClient, approveReview, joinClusterBody, sample } from '#test/support/api-client';
import { suiteDynamoDbEndpoint } from '#test/support/lanes';

/**
 * The upgrade path of README "Deploy", in the local runtime: applications
 * wait for people while the service is redeployed with a changed state
 * machine definition (here: other deadlines, so other TimeoutSeconds). The
 * runtime is stopped and started again on the same data with the new
 * definition; what was waiting in review or in sign-off still reaches its
 * decision, through the links emailed before the upgrade.
 */
let runtime: LocalRuntime | undefined;
afterAll(async () => {
  await runtime?.stop();
});

const BEFORE = { review: 864_000, signoff: 1_209_600, escalation: 432_000 };
const AFTER = { review: 700_000, signoff: 800_000, escalation: 300_000 };

function callbackTimeouts(current: LocalRuntime): Record<string, unknown> {
  const timeouts: Record<string, unknown> = {};
  const definition = JSON.parse(current.stepFunctions.describeStateMachine().definition);
  forEachState(definition, (name: string, state: AslState) => {
    if (String(state.Resource).endsWith('.waitForTaskToken')) timeouts[name] = state.TimeoutSeconds;
  });
  return timeouts;
}

async function start(port: number, dataDir: string, deadlines: typeof BEFORE): Promise<LocalRuntime> {
  return startLocalRuntime({
    port,
    dataDir,
    dynamodbEndpoint: suiteDynamoDbEndpoint(),
    reviewTimeoutSeconds: deadlines.review,
    signoffTimeoutSeconds: deadlines.signoff,
    escalationTimeoutSeconds: deadlines.escalation,
  });
}

describe('redeploying with a changed definition', () => {
  it('lets applications waiting in review and in sign-off reach their decisions', async () => {
    const port = await findFreePort();
    const dataDir = await mkdtemp(join(tmpdir(), 'workflow-upgrade-'));
    runtime = await start(port, dataDir, BEFORE);
    let api: ApiClient = apiClient(runtime.url);
    expect(callbackTimeouts(runtime)).toEqual({
      RequestConsent: DEFAULTS.consentTimeoutSeconds,
      RequestReview: BEFORE.review,
      RequestSignoff: BEFORE.signoff,
      EscalateSignoff: BEFORE.escalation,
      AwaitAmendment: DEFAULTS.amendmentTimeoutSeconds,
    });

    const submit = async (index: number) => {
      const applicant = sample.joinCandidate(index);
      const token = await api.login(applicant.inn);
      const reply = await api.submit(token, joinClusterBody(applicant, sample.cluster.clusterId));
      return { token, applicationId: reply.body.applicationId as string };
    };
    const inReview = await submit(22);
    const inSignoff = await submit(23);
    const [reviewLink = ''] = await api.waitForLinks(inReview.applicationId, 'reviews', 1);
    const [otherReview = ''] = await api.waitForLinks(inSignoff.applicationId, 'reviews', 1);
    expect((await api.postLink(otherReview, approveReview)).status).toBe(200);
    const [signoffLink = ''] = await api.waitForLinks(inSignoff.applicationId, 'signoff', 1);

    // HEAD on a link page, through the local API gateway: the GET's status and headers, no body.
    const head = await fetch(reviewLink, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('strict-transport-security')).toBe(STRICT_TRANSPORT_SECURITY);
    expect(head.headers.get('permissions-policy')).toBe(PERMISSIONS_POLICY);
    expect(await head.text()).toBe('');

    // The upgrade: the same data, a new definition.
    await runtime.stop();
    runtime = undefined;
    runtime = await start(port, dataDir, AFTER);
    api = apiClient(runtime.url);
    expect(callbackTimeouts(runtime)).toEqual({
      RequestConsent: DEFAULTS.consentTimeoutSeconds,
      RequestReview: AFTER.review,
      RequestSignoff: AFTER.signoff,
      EscalateSignoff: AFTER.escalation,
      AwaitAmendment: DEFAULTS.amendmentTimeoutSeconds,
    });
    expect((await api.getApplication(inReview.token, inReview.applicationId)).body.status).toBe('IN_REVIEW');
    expect((await api.getApplication(inSignoff.token, inSignoff.applicationId)).body.status).toBe(
      'AWAITING_SIGNOFF',
    );

    // The links emailed before the upgrade still work.
    expect((await api.postLink(reviewLink, approveReview)).status).toBe(200);
    const [laterSignoff = ''] = await api.waitForLinks(inReview.applicationId, 'signoff', 1);
    expect(
      (await api.postLink(laterSignoff, { decision: 'APPROVE', comment: 'После обновления' })).status,
    ).toBe(200);
    expect(
      (await api.postLink(signoffLink, { decision: 'REJECT', comment: 'Решение после обновления' })).status,
    ).toBe(200);

    const decided = await Promise.all(
      [inReview, inSignoff].map(({ token, applicationId }) =>
        api.waitForStatus(token, applicationId, ['APPROVED', 'REJECTED', 'FAILED', 'EXPIRED']),
      ),
    );
    expect(decided.map((application) => application.status)).toEqual(['APPROVED', 'REJECTED']);
  });
});
