import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '#local/runtime';
import { executionArnFor } from '#shared/adapters/workflow-engine';
import { type ApiClient, approveReview, joinClusterBody, sample } from '#test/support/api-client';
import { statesEntered } from '#test/support/history';
import { shortRetryIntervals } from '#test/support/retry-intervals';
import { startTestRuntime } from '#test/support/test-runtime';
import { waits } from '#test/support/timeouts';

/**
 * Fault injection where Lambda raises it: around the handler invocation, a
 * step is throttled (`Lambda.TooManyRequestsException`, what the Step
 * Functions Lambda integration reports when the function's or the account's
 * concurrency is used up) or fails every time. The definition is the
 * deployed one; only the retry intervals are shortened to 0 so the suite
 * stays fast (the attempt counts and the error matching are unchanged).
 */
const THROTTLE = 'Lambda.TooManyRequestsException';

/** What the invoker does per function key: throttle the next N calls, or throttle forever. */
const faults = new Map<string, number>();
const calls = new Map<string, number>();

function throttled(): Error {
  return Object.assign(new Error('Rate Exceeded.'), { name: THROTTLE });
}

let runtime: LocalRuntime;
let api: ApiClient;

beforeAll(async () => {
  ({ runtime, api } = await startTestRuntime('workflow-throttling', {
    engineOverrides: {
      retryIntervalOverrides: shortRetryIntervals(0),
    },
    wrapInvoke: (invoke) => async (functionKey, payload) => {
      calls.set(functionKey, (calls.get(functionKey) ?? 0) + 1);
      const left = faults.get(functionKey) ?? 0;
      if (left > 0) {
        faults.set(functionKey, left - 1);
        throw throttled();
      }
      return invoke(functionKey, payload);
    },
  }));
});

afterAll(async () => {
  await runtime?.stop();
});

beforeEach(() => {
  faults.clear();
  calls.clear();
});

const executionOf = (applicationId: string) => executionArnFor(runtime.stateMachineArn, applicationId);

async function retriesOf(applicationId: string, stateName: string): Promise<number> {
  const { events } = await runtime.stepFunctions.getExecutionHistory({
    executionArn: executionOf(applicationId),
  });
  return events.filter((event) => event.type === 'StateRetried' && event.stateName === stateName).length;
}

describe('Lambda throttling of the workflow steps', () => {
  it('rides out three throttles of a step, a callback step included, and reaches the decision', async () => {
    faults.set('check-eligibility', 3);
    faults.set('request-signoff', 3);
    const applicant = sample.joinCandidate(20);
    const token = await api.login(applicant.inn);
    const { applicationId } = (await api.submit(token, joinClusterBody(applicant, sample.cluster.clusterId)))
      .body;

    const [reviewLink = ''] = await api.waitForLinks(applicationId, 'reviews', 1);
    expect((await api.postLink(reviewLink, approveReview)).status).toBe(200);
    const [signoffLink = ''] = await api.waitForLinks(applicationId, 'signoff', 1);
    expect(
      (await api.postLink(signoffLink, { decision: 'APPROVE', comment: 'Throttled, not failed' })).status,
    ).toBe(200);

    const application = await api.waitForStatus(token, applicationId, ['APPROVED', 'FAILED'], 30_000);
    expect(application.status).toBe('APPROVED');
    expect(calls.get('check-eligibility')).toBe(4);
    expect(await retriesOf(applicationId, 'CheckEligibility')).toBe(3);
    expect(await retriesOf(applicationId, 'RequestSignoff')).toBe(3);
    expect(await statesEntered(runtime.stepFunctions, executionOf(applicationId))).not.toContain(
      'MarkFailed',
    );
  });

  it('ends FAILED with the cause in the history when a step is throttled past its retries', async () => {
    faults.set('check-eligibility', Number.POSITIVE_INFINITY);
    // MarkFailed is throttled too, and retries like every other step.
    faults.set('close-application', 2);
    const applicant = sample.joinCandidate(21);
    const token = await api.login(applicant.inn);
    const { applicationId } = (await api.submit(token, joinClusterBody(applicant, sample.cluster.clusterId)))
      .body;

    const application = await api.waitForStatus(token, applicationId, ['FAILED'], 30_000);
    expect(application.failureCause).toContain(THROTTLE);
    const failedEvent = (application.history as Array<{ status?: string; detail?: unknown }>).find(
      (event) => event.status === 'FAILED',
    );
    expect(JSON.stringify(failedEvent?.detail)).toContain(THROTTLE);
    // The first attempt and the throttling retrier's ten retries (MaxAttempts counts retries).
    expect(calls.get('check-eligibility')).toBe(11);
    expect(await retriesOf(applicationId, 'MarkFailed')).toBe(2);

    const execution = await runtime.stepFunctions.waitForExecution(
      executionOf(applicationId),
      waits.execution,
    );
    expect(execution).toMatchObject({ status: 'FAILED', error: 'ApplicationFailed' });
  });
});
