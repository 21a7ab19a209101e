import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '#local/runtime';
import { executionArnFor } from '#shared/adapters/workflow-engine';
import { TransientError } from '#shared/errors';
import {
  type ApiClient,
  approveReview,
  createClusterBody,
  joinClusterBody,
  sample,
} from '#test/support/api-client';
import { statesEntered } from '#test/support/history';
import { startTestRuntime } from '#test/support/test-runtime';
import { deadlineSeconds, waits } from '#test/support/timeouts';

/**
 * Deadlines (shortened through the same configuration an operator uses) and
 * failures, on the synthesized state machine in the local engine. Failures
 * are injected where Lambda would raise them: around the handler invocation.
 */
// Long enough for a cold first request step to email its links before the deadline (6 s at the least scale).
const DEADLINE_SECONDS = deadlineSeconds(3);
const failures = { assignExperts: false, transientEligibilityErrors: 0 };

let runtime: LocalRuntime;
let api: ApiClient;

beforeAll(async () => {
  ({ runtime, api } = await startTestRuntime('workflow-deadlines', {
    reviewTimeoutSeconds: DEADLINE_SECONDS,
    signoffTimeoutSeconds: DEADLINE_SECONDS,
    escalationTimeoutSeconds: DEADLINE_SECONDS,
    wrapInvoke: (invoke) => async (functionKey, payload) => {
      if (functionKey === 'assign-experts' && failures.assignExperts)
        throw new Error('expert pool unreachable');
      if (functionKey === 'check-eligibility' && failures.transientEligibilityErrors > 0) {
        failures.transientEligibilityErrors--;
        throw new TransientError('throttled');
      }
      return invoke(functionKey, payload);
    },
  }));
});

afterAll(async () => {
  await runtime?.stop();
});

const executionOf = (applicationId: string) => executionArnFor(runtime.stateMachineArn, applicationId);

describe('deadlines and failures', () => {
  it('ends EXPIRED when the review deadline passes without a quorum', async () => {
    const body = createClusterBody(sample.activeIn(['nanotech'], 30), 'Nanotech Deadline Cluster', [
      'nanotech',
    ]);
    const token = await api.login(body.applicantInn);
    const { applicationId } = (await api.submit(token, body)).body;
    await api.answerConsents(applicationId, 29);

    const [onlyAnswer] = await api.waitForLinks(applicationId, 'reviews', 3);
    expect((await api.postLink(onlyAnswer ?? '', approveReview)).status).toBe(200);

    const application = await api.waitForStatus(token, applicationId, ['EXPIRED'], 20_000);
    expect(application.reviews).toMatchObject({ assigned: 3, received: 1, quorumMet: false });
    // The status is EXPIRED before the applicant is notified: read the path once the execution ends.
    await runtime.stepFunctions.waitForExecution(executionOf(applicationId), waits.execution);
    const path = await statesEntered(runtime.stepFunctions, executionOf(applicationId));
    expect(path).toEqual(expect.arrayContaining(['NoAnswerByDeadline', 'TallyReviews', 'NotifyApplicant']));
    expect(path).not.toContain('RequestSignoff');
  });

  it('ends EXPIRED when no official decides before the sign-off deadline', async () => {
    const applicant = sample.joinCandidate(1);
    const token = await api.login(applicant.inn);
    const { applicationId } = (await api.submit(token, joinClusterBody(applicant, sample.cluster.clusterId)))
      .body;
    const [reviewLink] = await api.waitForLinks(applicationId, 'reviews', 1);
    expect((await api.postLink(reviewLink ?? '', approveReview)).status).toBe(200);

    await api.waitForStatus(token, applicationId, ['EXPIRED'], 20_000);
    await runtime.stepFunctions.waitForExecution(executionOf(applicationId), waits.execution);
    const path = await statesEntered(runtime.stepFunctions, executionOf(applicationId));
    expect(path).toEqual(expect.arrayContaining(['RequestSignoff', 'MarkSignoffExpired', 'NotifyApplicant']));
    expect(path).not.toContain('ApplyDecision');
  });

  it('records FAILED with the cause when a step fails for good', async () => {
    failures.assignExperts = true;
    try {
      const body = createClusterBody(sample.activeIn(['it'], 30), 'IT Failure Cluster', ['it']);
      const token = await api.login(body.applicantInn);
      const { applicationId } = (await api.submit(token, body)).body;
      await api.answerConsents(applicationId, 29);

      const application = await api.waitForStatus(token, applicationId, ['FAILED'], 20_000);
      expect(application.failureCause).toContain('expert pool unreachable');
      const execution = await runtime.stepFunctions.waitForExecution(
        executionOf(applicationId),
        waits.execution,
      );
      expect(execution.status).toBe('FAILED');
      expect(execution.error).toBe('ApplicationFailed');
      expect(await statesEntered(runtime.stepFunctions, executionOf(applicationId))).toContain('MarkFailed');
    } finally {
      failures.assignExperts = false;
    }
  });

  it('retries a transient error with backoff instead of failing the application', async () => {
    failures.transientEligibilityErrors = 2;
    const body = createClusterBody(sample.activeIn(['energy_efficiency'], 30), 'Energy Retry Cluster', [
      'energy_efficiency',
    ]);
    const token = await api.login(body.applicantInn);
    const { applicationId } = (await api.submit(token, body)).body;

    await api.waitForStatus(
      token,
      applicationId,
      ['AWAITING_CONSENT', 'IN_REVIEW', 'AWAITING_SIGNOFF', 'EXPIRED'],
      20_000,
    );
    expect(failures.transientEligibilityErrors).toBe(0);
    const { events } = await runtime.stepFunctions.getExecutionHistory({
      executionArn: executionOf(applicationId),
    });
    expect(events.filter((event) => /Retr/.test(event.type)).length).toBeGreaterThanOrEqual(2);
  });
});
