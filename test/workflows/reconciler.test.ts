import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '#local/runtime';
import { executionArnFor } from '#shared/adapters/workflow-engine';
import { type ApiClient, approveReview, joinClusterBody, sample } from '#test/support/api-client';
import { startTestRuntime } from '#test/support/test-runtime';
import { deadlineSeconds, scaled } from '#test/support/timeouts';

/**
 * The reconciler on the real pieces: the synthesized EventBridge rule's
 * function, run by the local runtime's timer, against the local engine. An
 * execution is stopped behind its application's back; the application stays
 * IN_REVIEW and is resumed at that stage, and its emailed link still works.
 */
const GRACE_SECONDS = deadlineSeconds(2);

let runtime: LocalRuntime;
let api: ApiClient;

beforeAll(async () => {
  // The functions run in this process: the reconciler reads its grace period from here.
  process.env.RECONCILE_GRACE_SECONDS = String(GRACE_SECONDS);
  ({ runtime, api } = await startTestRuntime('reconciler', {
    scheduleIntervalSeconds: 1,
  }));
});

afterAll(async () => {
  await runtime?.stop();
  delete process.env.RECONCILE_GRACE_SECONDS;
});

describe('the reconciler', () => {
  it('resumes an open application whose execution vanished, at its recorded stage', async () => {
    const applicant = sample.joinCandidate(5);
    const token = await api.login(applicant.inn);
    const { applicationId } = (await api.submit(token, joinClusterBody(applicant, sample.cluster.clusterId)))
      .body;
    const [link = ''] = await api.waitForLinks(applicationId, 'reviews', 1);
    await runtime.stepFunctions.stopExecution({
      executionArn: executionArnFor(runtime.stateMachineArn, applicationId),
      cause: 'test: lost behind the application’s back',
    });

    const rerun = executionArnFor(runtime.stateMachineArn, applicationId, 1);
    await expect
      .poll(
        async () => {
          const executions = await runtime.stepFunctions.listExecutions({ maxResults: 1000 });
          return executions.executions.find((execution) => execution.executionArn === rerun)?.status;
        },
        { timeout: scaled(20_000), interval: 250 },
      )
      .toBe('RUNNING');
    const application = (await api.getApplication(token, applicationId)).body;
    expect(application.status).toBe('IN_REVIEW');
    expect(application.history).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          action: 'RESUMED',
          actor: 'system:reconciler',
          detail: { stage: 'REVIEW', run: 1 },
        }),
      ]),
    );

    // The expert's emailed link works on the new run; the application moves on, resumed once.
    expect((await api.postLink(link, approveReview)).status).toBe(200);
    await api.waitForStatus(token, applicationId, ['AWAITING_SIGNOFF']);
    await runtime.schedules.runNow();
    const history = (await api.getApplication(token, applicationId)).body.history as Array<{
      action: string;
    }>;
    expect(history.filter((event) => event.action === 'RESUMED')).toHaveLength(1);
  });
});
