import { type Application, OPEN_STATUSES } from '#shared/domain/application';
import { TASK_KINDS } from '#shared/domain/tasks';
import { ConflictError, NotFoundError } from '#shared/errors';
import { logger } from '#shared/logger';
import { loadOwnApplication } from '#shared/use-cases/application-view';
import { type NotifyDeps, sendNotice } from '#shared/use-cases/notify-applicant';
import type { Applications, Clock, Registry, Tasks, WorkflowEngine } from '#shared/use-cases/ports';

export interface WithdrawDeps extends NotifyDeps {
  applications: Applications;
  registry: Pick<Registry, 'adjustExpertLoad' | 'getCluster'>;
  workflow: Pick<WorkflowEngine, 'stop'>;
  tasks: Pick<Tasks, 'closeTasks'>;
  clock: Clock;
}

/**
 * Withdraws an undecided application. Racing an official's decision, exactly
 * one wins: both are version-conditional writes on the application, and a
 * recorded sign-off decision makes withdrawal refuse. The execution is then
 * stopped, which ends every pending task, and the tasks are closed with their
 * tokens deleted; the links answer 409 because the application is closed.
 */
export async function withdrawApplication(
  applicationId: string,
  inn: string,
  deps: WithdrawDeps,
): Promise<Application> {
  const application = await loadOwnApplication(deps.applications, applicationId, inn);
  return endWithdrawn(application, { actor: `applicant:${inn}`, notice: 'WITHDRAWN' }, deps);
}

/**
 * An operator cancels an open application with a reason: it ends WITHDRAWN
 * by the operator (`WITHDRAWN`, actor `operator:<id>`, the reason in the
 * history), exactly as a withdrawal ends it; the applicant is told why.
 */
export async function cancelApplication(
  applicationId: string,
  cancellation: { reason: string; actor: string },
  deps: WithdrawDeps,
): Promise<Application> {
  const application = await deps.applications.get(applicationId);
  if (!application) throw new NotFoundError(`application ${applicationId} does not exist`);
  return endWithdrawn(
    application,
    {
      actor: cancellation.actor,
      notice: 'CANCELLED',
      detail: { reason: cancellation.reason, cancelledBy: 'operator' },
      patch: { cancellation: { reason: cancellation.reason, by: cancellation.actor } },
    },
    deps,
  );
}

async function endWithdrawn(
  application: Application,
  how: {
    actor: string;
    notice: 'WITHDRAWN' | 'CANCELLED';
    detail?: Record<string, unknown>;
    patch?: Partial<Application>;
  },
  deps: WithdrawDeps,
): Promise<Application> {
  const { applicationId } = application;
  const change = await deps.applications.transition({
    applicationId,
    from: OPEN_STATUSES,
    to: 'WITHDRAWN',
    at: deps.clock.now().toISOString(),
    action: 'WITHDRAWN',
    actor: how.actor,
    ...(how.detail ? { detail: how.detail } : {}),
    ...(how.patch ? { patch: how.patch } : {}),
    precondition: (current) => !current.signoffDecidedAt,
  });
  if (!change.changed) {
    const status = change.current?.status ?? application.status;
    const decided = change.current?.signoffDecidedAt ? ' and decided' : '';
    throw new ConflictError(
      `the application can no longer be withdrawn: it is ${status}${decided}`,
      'ALREADY_DECIDED',
    );
  }
  await deps.workflow.stop(
    applicationId,
    change.application.redriveCount ?? 0,
    how.notice === 'WITHDRAWN' ? 'withdrawn by the applicant' : 'cancelled by an operator',
  );
  // The consent stage too: its links then answer 409 (the application is closed), with no write per request.
  await deps.tasks.closeTasks(applicationId, TASK_KINDS, change.application.updatedAt);
  if (change.previous.status === 'IN_REVIEW') {
    await deps.registry.adjustExpertLoad(change.previous.review?.expertIds ?? [], -1);
  }
  try {
    await sendNotice(change.application, how.notice, deps);
  } catch (error) {
    logger.warn('withdrawal email not sent', { applicationId, errorName: (error as Error).name });
  }
  return change.application;
}
