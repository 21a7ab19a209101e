import { type ApplicationStatus, OPEN_STATUSES, stageForStatus } from '#shared/domain/application';
import { TASK_KINDS } from '#shared/domain/tasks';
import { loadForStep } from '#shared/use-cases/load-for-step';
import type { Applications, Clock, Registry, Tasks } from '#shared/use-cases/ports';

export interface CloseApplicationInput {
  applicationId: string;
  status: 'EXPIRED' | 'FAILED';
  reason?: string | undefined;
  failure?: { Error?: string | undefined; Cause?: string | undefined } | undefined;
}

/** Most of a Lambda error's Cause is a JSON blob with a stack: keep the message, bounded. */
export function failureCause(failure: CloseApplicationInput['failure']): string {
  if (!failure) return 'unknown failure';
  let message = failure.Cause ?? '';
  try {
    const parsed = JSON.parse(message) as { errorMessage?: string };
    if (parsed.errorMessage) message = parsed.errorMessage;
  } catch {
    // Not JSON: keep the text as it is.
  }
  return `${failure.Error ?? 'Error'}: ${message}`.slice(0, 1000);
}

/** A stage's deadline ends the application only while it is in that stage. */
const STAGE_OF_DEADLINE: Readonly<Record<string, ApplicationStatus>> = {
  SIGNOFF_DEADLINE: 'AWAITING_SIGNOFF',
  AMENDMENT_DEADLINE: 'AMENDMENT_REQUESTED',
};

/**
 * Ends an open application EXPIRED (a deadline passed) or FAILED (a step
 * failed for good). An official's decision recorded before the sign-off
 * deadline wins over the deadline: the application stays AWAITING_SIGNOFF,
 * and the workflow applies the decision. Likewise a return recorded before
 * the sign-off deadline, or a resubmission before the amendment deadline:
 * the application moved on, and the deadline of the stage it left ends nothing.
 */
export async function closeApplication(
  input: CloseApplicationInput,
  deps: { applications: Applications; registry: Pick<Registry, 'adjustExpertLoad'>; clock: Clock },
): Promise<{ status: string }> {
  const application = await loadForStep(deps.applications, input.applicationId, [
    ...OPEN_STATUSES,
    input.status,
  ]);
  if (application.status === input.status) return { status: application.status };
  const stage = input.reason ? STAGE_OF_DEADLINE[input.reason] : undefined;
  const decided = (current: { signoffDecidedAt?: string | undefined; status: ApplicationStatus }) =>
    input.status === 'EXPIRED' &&
    (current.signoffDecidedAt !== undefined || (stage !== undefined && current.status !== stage));
  if (decided(application)) return { status: application.status };
  const cause = input.status === 'FAILED' ? failureCause(input.failure) : undefined;
  // Where a redrive re-enters: the stage of the status the application failed in.
  const failedStage = cause ? stageForStatus(application.status) : null;
  const change = await deps.applications.transition({
    applicationId: input.applicationId,
    from: OPEN_STATUSES,
    to: input.status,
    at: deps.clock.now().toISOString(),
    action: input.status === 'FAILED' ? 'FAILED' : (input.reason ?? 'DEADLINE_PASSED'),
    actor: 'system',
    detail: cause ? { cause } : input.reason ? { reason: input.reason } : undefined,
    patch: cause ? { failureCause: cause, ...(failedStage ? { failedStage } : {}) } : {},
    precondition: (current) => !decided(current),
  });
  if (change.changed && change.previous.status === 'IN_REVIEW') {
    await deps.registry.adjustExpertLoad(change.previous.review?.expertIds ?? [], -1);
  }
  return { status: change.changed ? input.status : (change.current?.status ?? input.status) };
}

/**
 * `closeApplication`, then its tasks: once the application is closed (now or
 * by an earlier run of the step), no task token stays stored, and every
 * pending review, sign-off and consent stage becomes CLOSED, except on a FAILED application:
 * a redrive resumes it at its stage, where the same tasks (and the links
 * already emailed) are taken up again. Safe to re-run.
 */
export async function closeApplicationAndTasks(
  input: CloseApplicationInput,
  deps: Parameters<typeof closeApplication>[1] & { tasks: Pick<Tasks, 'closeTasks' | 'forgetTaskTokens'> },
): Promise<{ status: string }> {
  const result = await closeApplication(input, deps);
  if (result.status !== input.status) return result;
  if (input.status === 'FAILED') await deps.tasks.forgetTaskTokens(input.applicationId, TASK_KINDS);
  else await deps.tasks.closeTasks(input.applicationId, TASK_KINDS, deps.clock.now().toISOString());
  return result;
}
