import { type Application, OPEN_STATUSES } from '#shared/domain/application';
import { TASK_KINDS } from '#shared/domain/tasks';
import { ConflictError, isTransientFailure, NotFoundError } from '#shared/errors';
import { logger } from '#shared/logger';
import { loadOwnApplication } from '#shared/use-cases/application-view';
import { type NotifyDeps, sendNotice } from '#shared/use-cases/notify-applicant';
import type { Applications, Clock, Registry, Tasks, WorkflowEngine } from '#shared/use-cases/ports';
import { sendOnce } from '#shared/use-cases/send-once';

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
 * A withdrawal that failed after its status changed is finished by a retry
 * (see `endWithdrawn`); once finished, another withdrawal is 409.
 */
export async function withdrawApplication(
  applicationId: string,
  inn: string,
  deps: WithdrawDeps,
): Promise<Application> {
  const application = await loadOwnApplication(deps.applications, applicationId, inn);
  const actor = `applicant:${inn}`;
  return endWithdrawn(
    application,
    {
      actor,
      notice: 'WITHDRAWN',
      sameAct: (withdrawn) => withdrawn.withdrawal?.by === actor && !withdrawn.cancellation,
    },
    deps,
  );
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
  const { reason, actor } = cancellation;
  return endWithdrawn(
    application,
    {
      actor,
      notice: 'CANCELLED',
      detail: { reason, cancelledBy: 'operator' },
      patch: { cancellation: { reason, by: actor } },
      // A retry is the same request: the operator who cancelled, with the reason recorded.
      sameAct: (withdrawn) =>
        withdrawn.withdrawal?.by === actor &&
        withdrawn.cancellation?.by === actor &&
        withdrawn.cancellation.reason === reason,
    },
    deps,
  );
}

interface Ending {
  actor: string;
  notice: 'WITHDRAWN' | 'CANCELLED';
  detail?: Record<string, unknown>;
  patch?: Partial<Application>;
  /** Whether a WITHDRAWN application was withdrawn by this same act (the request is its retry). */
  sameAct: (withdrawn: Application) => boolean;
}

/**
 * Ends the application WITHDRAWN, then does what that sets off. The status and `withdrawal` are
 * one write; everything after it can fail (a throttled StopExecution, the Lambda timing out), so a
 * retry of the same act that finds the application WITHDRAWN by it, and not yet settled, does the
 * rest again and answers as the first attempt would have. Anyone else's withdrawal, a decision, or
 * a settled withdrawal is 409.
 */
async function endWithdrawn(application: Application, how: Ending, deps: WithdrawDeps): Promise<Application> {
  const { applicationId } = application;
  const at = deps.clock.now().toISOString();
  const change = await deps.applications.transition({
    applicationId,
    from: OPEN_STATUSES,
    to: 'WITHDRAWN',
    at,
    action: 'WITHDRAWN',
    actor: how.actor,
    ...(how.detail ? { detail: how.detail } : {}),
    patch: { ...how.patch, withdrawal: { by: how.actor, at } },
    precondition: (current) => !current.signoffDecidedAt,
  });
  if (change.changed) {
    return settleWithdrawal(change.application, change.previous.status === 'IN_REVIEW', how, deps);
  }
  const current = change.current;
  if (current?.status === 'WITHDRAWN' && !current.withdrawal?.settledAt && how.sameAct(current)) {
    logger.info('finishing a withdrawal an earlier attempt left unfinished', { applicationId });
    return settleWithdrawal(current, heldReviewLoad(current), how, deps);
  }
  const status = current?.status ?? application.status;
  const decided = current?.signoffDecidedAt ? ' and decided' : '';
  throw new ConflictError(
    `the application can no longer be withdrawn: it is ${status}${decided}`,
    'ALREADY_DECIDED',
  );
}

/**
 * Whether a WITHDRAWN application still held its experts' open assignments when it was withdrawn:
 * it left IN_REVIEW then. Assignment writes the review stage as the application enters IN_REVIEW
 * (and adds the load); the tally, the only other way out of review that keeps the stage open,
 * writes `tally` as it gives the load back; a resubmission clears both.
 */
const heldReviewLoad = (withdrawn: Application): boolean =>
  withdrawn.review !== null && withdrawn.review !== undefined && !withdrawn.tally;

/** The once-only mark of one expert's load given back by the withdrawal (a notice claim). */
const loadReleased = (expertId: string) => `withdrawal-load-released#${expertId}`;

/**
 * Everything a withdrawal sets off, each safe to run again: stopping the execution (an ended one
 * is left as it is), closing the tasks, giving back each expert's open assignment (once per
 * expert, under a notice claim), telling the applicant (once, under its own). One failing does not
 * skip the others; if any failed, the request fails so that it is retried, and `settledAt` is
 * written only when all succeeded.
 */
async function settleWithdrawal(
  withdrawn: Application,
  wasInReview: boolean,
  how: Ending,
  deps: WithdrawDeps,
): Promise<Application> {
  const { applicationId } = withdrawn;
  const withdrawal = withdrawn.withdrawal ?? { by: how.actor, at: withdrawn.updatedAt };
  const failures: Array<{ effect: string; error: unknown }> = [];
  const attempt = async (effect: string, run: () => Promise<unknown>) => {
    try {
      await run();
    } catch (error) {
      failures.push({ effect, error });
    }
  };

  await attempt('stop the execution', () =>
    deps.workflow.stop(
      applicationId,
      withdrawn.redriveCount ?? 0,
      how.notice === 'WITHDRAWN' ? 'withdrawn by the applicant' : 'cancelled by an operator',
    ),
  );
  // The consent stage too: its links then answer 409 (the application is closed), with no write per request.
  await attempt('close the tasks', () => deps.tasks.closeTasks(applicationId, TASK_KINDS, withdrawal.at));
  if (wasInReview) {
    await Promise.all(
      (withdrawn.review?.expertIds ?? []).map((expertId) =>
        attempt(`give back the load of ${expertId}`, () =>
          sendOnce({
            claim: () => deps.applications.claimNotice(applicationId, loadReleased(expertId), withdrawal.at),
            send: () => deps.registry.adjustExpertLoad([expertId], -1),
            release: () => deps.applications.releaseNotice(applicationId, loadReleased(expertId)),
          }),
        ),
      ),
    );
  }
  await attempt('tell the applicant', async () => {
    try {
      await sendNotice(withdrawn, how.notice, deps);
    } catch (error) {
      // A refused address stays refused: only an outage is worth the request failing and a retry.
      if (isTransientFailure(error)) throw error;
      logger.warn('withdrawal email not sent', { applicationId, errorName: (error as Error).name });
    }
  });

  if (failures.length > 0) {
    for (const { effect, error } of failures) {
      logger.error('withdrawal recorded, but a step after it failed; a retry finishes it', {
        applicationId,
        effect,
        errorName: (error as Error).name,
      });
    }
    const [first] = failures;
    throw failures.length === 1 && first
      ? first.error
      : new AggregateError(
          failures.map((failure) => failure.error),
          `withdrawal of ${applicationId}: ${failures.map((failure) => failure.effect).join(', ')} failed`,
        );
  }
  const settled = { ...withdrawal, settledAt: deps.clock.now().toISOString() };
  await deps.applications.update(applicationId, { withdrawal: settled });
  return { ...withdrawn, withdrawal: settled };
}
