import type { AmendmentTaskOutput } from '#shared/schemas/workflow';
import { completeTask } from '#shared/use-cases/callback-tasks';
import { loadForStep } from '#shared/use-cases/load-for-step';
import { type NotifyDeps, sendNotice } from '#shared/use-cases/notify-applicant';
import type { Applications, Tasks, WorkflowEngine } from '#shared/use-cases/ports';

export interface RequestAmendmentDeps extends NotifyDeps {
  applications: NotifyDeps['applications'] & Pick<Applications, 'get'>;
  tasks: Pick<Tasks, 'awaitAmendment' | 'taskToken' | 'clearTaskToken'>;
  workflow: Pick<WorkflowEngine, 'resumeTask'>;
}

export type AmendmentWait = 'waiting' | 'resubmitted' | 'deadline-passed';

/**
 * The amendment stage's callback task: emails the applicant the official's
 * comment and the deadline (once per return), keeps the task token, and
 * waits for `PUT /applications/{id}` (resubmit-application.ts), which hands
 * the token its output. The token is stored before the application is read
 * again, so a resubmission made while this step ran is never missed: either
 * the PUT finds the token, or this step finds the resubmission and completes
 * the task itself. A run resumed after the deadline (an outage) completes at
 * once with `expired`, which the workflow treats as the deadline.
 */
export async function requestAmendment(
  input: { applicationId: string; taskToken: string },
  deps: RequestAmendmentDeps,
): Promise<{ wait: AmendmentWait; round: number }> {
  const { applicationId, taskToken } = input;
  const returned = await loadForStep(deps.applications, applicationId, ['AMENDMENT_REQUESTED', 'SUBMITTED']);
  const round = returned.amendment?.round;
  if (!round) throw new Error(`application ${applicationId} has no return for amendment`);
  const ref = { kind: 'amendment', applicationId, round } as const;
  await deps.tasks.awaitAmendment({
    applicationId,
    round,
    taskToken,
    requestedAt: deps.clock.now().toISOString(),
  });
  if (returned.status === 'AMENDMENT_REQUESTED') await sendNotice(returned, 'AMENDMENT_REQUESTED', deps);

  const current = await loadForStep(deps.applications, applicationId, ['AMENDMENT_REQUESTED', 'SUBMITTED']);
  if (current.status === 'SUBMITTED') {
    const output: AmendmentTaskOutput = { resubmitted: true };
    await completeTask(ref, output, deps);
    return { wait: 'resubmitted', round };
  }
  if (deps.clock.now().getTime() >= Date.parse(current.amendment?.deadline ?? '')) {
    const output: AmendmentTaskOutput = { expired: true };
    await completeTask(ref, output, deps);
    return { wait: 'deadline-passed', round };
  }
  return { wait: 'waiting', round };
}
