import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '#local/runtime';
import { executionArnFor } from '#shared/adapters/workflow-engine';
import { type ApiClient, approveReview, joinClusterBody, sample } from '#test/support/api-client';
import { statesEntered } from '#test/support/history';
import { startTestRuntime } from '#test/support/test-runtime';
import { deadlineSeconds, scaled, waits } from '#test/support/timeouts';

/**
 * A sign-off whose deadline passes while its execution is gone: the reconciler resumes the
 * application at SIGNOFF, and the re-entered RequestSignoff ends at once (DeadlinePassed, caught as
 * the timeout is) instead of waiting a new full sign-off period: the sign-off goes to the head
 * within seconds of the resume.
 */
// Long enough for a cold request step to email its link, and for the test to stop the run, before it.
const SIGNOFF_SECONDS = deadlineSeconds(8);
const HEAD_EMAIL = 'i.zaitseva@dept.example.city';

let runtime: LocalRuntime;
let api: ApiClient;

beforeAll(async () => {
  // The reconciler runs only when the test asks (runNow), with no grace period to wait out.
  process.env.RECONCILE_GRACE_SECONDS = '0';
  ({ runtime, api } = await startTestRuntime('stage-deadlines', {
    scheduleIntervalSeconds: 3600,
    reviewTimeoutSeconds: 120,
    signoffTimeoutSeconds: SIGNOFF_SECONDS,
    escalationTimeoutSeconds: 600,
  }));
});

afterAll(async () => {
  await runtime?.stop();
  delete process.env.RECONCILE_GRACE_SECONDS;
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('a sign-off resumed after its deadline', () => {
  it('is escalated within seconds of the resume, not after a new full sign-off period', async () => {
    const applicant = sample.joinCandidate(40);
    const token = await api.login(applicant.inn);
    const { applicationId } = (await api.submit(token, joinClusterBody(applicant, sample.cluster.clusterId)))
      .body;
    const [reviewLink = ''] = await api.waitForLinks(applicationId, 'reviews', 1);
    expect((await api.postLink(reviewLink, approveReview)).status).toBe(200);
    const [signoffLink = ''] = await api.waitForLinks(applicationId, 'signoff', 1);

    // The execution vanishes while the official has the link; the deadline passes meanwhile.
    await runtime.stepFunctions.stopExecution({
      executionArn: executionArnFor(runtime.stateMachineArn, applicationId),
      cause: 'test: lost behind the application’s back',
    });
    await sleep((SIGNOFF_SECONDS + 1) * 1000);
    expect((await api.getLink(signoffLink)).status).toBe(410);
    expect(await api.waitForLinks(applicationId, 'signoff', 1)).toHaveLength(1);

    const resumedAt = Date.now();
    await runtime.schedules.runNow();
    const rerun = executionArnFor(runtime.stateMachineArn, applicationId, 1);
    // A new full period would be SIGNOFF_SECONDS more: the head's link must come well before.
    await expect
      .poll(
        async () => (await api.outbox(applicationId)).filter((message) => message.to.includes(HEAD_EMAIL)),
        {
          timeout: Math.min(scaled(10_000), (SIGNOFF_SECONDS * 1000) / 2),
          interval: 200,
        },
      )
      .toHaveLength(1);
    const escalatedAfterMs = Date.now() - resumedAt;
    expect(escalatedAfterMs).toBeLessThan(SIGNOFF_SECONDS * 1000);

    const application = (await api.getApplication(token, applicationId)).body;
    const actions = (application.history as Array<{ action: string; detail?: unknown }>).map(
      (event) => event.action,
    );
    expect(actions.filter((action) => action === 'RESUMED')).toHaveLength(1);
    expect(actions.filter((action) => action === 'SIGNOFF_ESCALATED')).toHaveLength(1);
    // The official was emailed once, the head once: nothing else was sent for the sign-off.
    const [, headLink = ''] = await api.waitForLinks(applicationId, 'signoff', 2);

    // The head decides, as after a deadline that passed while the run waited.
    expect((await api.postLink(headLink, { decision: 'APPROVE', comment: 'Одобряю' })).status).toBe(200);
    await api.waitForStatus(token, applicationId, ['APPROVED']);
    await runtime.stepFunctions.waitForExecution(rerun, waits.execution);
    const path = await statesEntered(runtime.stepFunctions, rerun);
    expect(path).toEqual(
      expect.arrayContaining(['RouteByStage', 'RequestSignoff', 'EscalateSignoff', 'ApplyDecision']),
    );
    const { events } = await runtime.stepFunctions.getExecutionHistory({ executionArn: rerun });
    expect(events.filter((event) => event.type === 'TaskFailed').map((event) => event.error)).toEqual([
      'DeadlinePassed',
    ]);
    console.info(`escalated ${escalatedAfterMs} ms after the resume (sign-off period ${SIGNOFF_SECONDS} s)`);
  });
});
