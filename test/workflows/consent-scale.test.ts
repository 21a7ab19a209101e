import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '#local/runtime';
import { extraOrganizations } from '#local/sample-requests';
import { executionArnFor } from '#shared/adapters/workflow-engine';
import type { Organization } from '#shared/domain/registry';
import { type ApiClient, createClusterBody } from '#test/support/api-client';
import { startTestRuntime } from '#test/support/test-runtime';
import { scaled } from '#test/support/timeouts';

/**
 * The consent stage at the programme's scale: a 2,000-member create asks all
 * 1,999 others once each, concurrent answers keep exact counts, and the
 * execution (state transitions, history events) is the same size as a
 * 30-member one: the members live in DynamoDB, never in the execution.
 */
let runtime: LocalRuntime;
let api: ApiClient;
let big: Organization[];
const requestStepMs = new Map<string, number>();

beforeAll(async () => {
  ({ runtime, api } = await startTestRuntime('consent-scale', {
    reviewTimeoutSeconds: 120,
    signoffTimeoutSeconds: 120,
    wrapInvoke: (invoke) => async (functionKey, payload) => {
      const began = performance.now();
      const result = await invoke(functionKey, payload);
      const { applicationId } = payload as { applicationId?: string };
      if (functionKey === 'request-consent' && applicationId)
        requestStepMs.set(applicationId, performance.now() - began);
      return result;
    },
  }));
  big = extraOrganizations(2000, 700_000, ['nanotech']);
  const { registryStore } = await import('#functions/composition/stores');
  await registryStore().putOrganizations(big);
}, scaled(120_000));

afterAll(async () => {
  await runtime?.stop();
});

interface Measured {
  stateTransitions: number;
  historyEvents: number;
  emails: number;
  recipients: number;
}

/** Submits, answers every consent link (`concurrency` at once), and measures the execution parked at review. */
async function throughConsent(
  members: Organization[],
  name: string,
  options: { concurrency: number; decline: (index: number) => boolean },
) {
  const body = createClusterBody(members, name, ['nanotech']);
  const token = await api.login(body.applicantInn);
  const { applicationId } = (await api.submit(token, body)).body as { applicationId: string };
  const asked = members.length - 1;
  await expect
    .poll(() => requestStepMs.has(applicationId), { timeout: scaled(120_000), interval: 250 })
    .toBe(true);
  const consentMail = runtime.outbox
    .about(applicationId)
    .filter((message) => message.links.some((link) => link.includes('/consents/')));
  const links = consentMail.flatMap((message) => message.links.filter((link) => link.includes('/consents/')));

  let next = 0;
  const statuses: number[] = [];
  const worker = async () => {
    while (next < links.length) {
      const index = next++;
      const reply = await api.postLink(links[index] ?? '', {
        answer: options.decline(index) ? 'DECLINE' : 'CONFIRM',
      });
      statuses.push(reply.status);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  expect(statuses.filter((status) => status !== 200)).toEqual([]);

  const application = await api.waitForStatus(token, applicationId, ['IN_REVIEW'], scaled(60_000));
  // Parked at the review: the same place in both runs.
  await api.waitForLinks(applicationId, 'reviews', 3, scaled(30_000));
  const { events } = await runtime.stepFunctions.getExecutionHistory({
    executionArn: executionArnFor(runtime.stateMachineArn, applicationId),
  });
  const measured: Measured = {
    stateTransitions: events.filter((event) => event.type.endsWith('StateEntered')).length,
    historyEvents: events.length,
    emails: consentMail.length,
    recipients: new Set(consentMail.map((message) => message.to[0])).size,
  };
  return { application, asked, measured, requestMs: requestStepMs.get(applicationId) ?? 0 };
}

describe('member consent at scale', () => {
  it(
    'asks 1,999 members once each, counts concurrent answers exactly, and keeps the execution as small as for 30',
    async () => {
      const small = await throughConsent(big.slice(0, 30), 'Consent Scale Thirty', {
        concurrency: 4,
        decline: () => false,
      });
      expect(small.measured).toMatchObject({ emails: 29, recipients: 29 });

      const large = await throughConsent(big, 'Consent Scale Two Thousand', {
        concurrency: 24,
        decline: (index) => index % 10 === 0,
      });
      expect(large.measured).toMatchObject({ emails: 1999, recipients: 1999 });
      expect(large.application.consent).toMatchObject({
        asked: 1999,
        confirmed: 1799,
        declined: 200,
        pending: 0,
      });
      expect(large.application.memberCount).toBe(1800);

      // The execution does not grow with the member count.
      expect(large.measured.stateTransitions).toBe(small.measured.stateTransitions);
      expect(large.measured.historyEvents).toBe(small.measured.historyEvents);
      console.log(
        `[consent scale] 30 members: ${JSON.stringify(small.measured)}, request step ${small.requestMs.toFixed(0)} ms; ` +
          `2000 members: ${JSON.stringify(large.measured)}, request step ${large.requestMs.toFixed(0)} ms`,
      );
    },
    scaled(300_000),
  );
});
