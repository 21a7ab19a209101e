import {
  type Application,
  type HistoryEvent,
  isOpen,
  stageForStatus,
  statusForStage,
  type WorkflowStage,
} from '#shared/domain/application';
import { normalizeClusterName } from '#shared/domain/eligibility';
import { ConflictError, NotFoundError } from '#shared/errors';
import { isClosedHolder } from '#shared/use-cases/check-eligibility';
import type { Applications, Clock, Registry, WorkflowEngine } from '#shared/use-cases/ports';

export interface RedriveDeps {
  applications: Pick<Applications, 'get' | 'history' | 'transition'>;
  registry: Pick<Registry, 'claimClusterName' | 'claimJoinSlot' | 'adjustExpertLoad'>;
  workflow: Pick<WorkflowEngine, 'startAt'>;
  clock: Clock;
}

export interface RedriveResult {
  applicationId: string;
  stage: WorkflowStage;
  status: Application['status'];
  /** The run started: its execution is `<applicationId>-r<run>`. */
  run: number;
  /** False when the application had been redriven already and only its start was repeated. */
  redriven: boolean;
}

/**
 * The stage a FAILED application failed in: recorded by MarkFailed, or, for
 * one failed before that was recorded, the last open status in its history.
 */
export function failedStageOf(application: Application, history: readonly HistoryEvent[]): WorkflowStage {
  if (application.failedStage) return application.failedStage;
  const lastOpen = [...history].reverse().find((event) => event.status && isOpen(event.status));
  return (lastOpen?.status && stageForStatus(lastOpen.status)) || 'ELIGIBILITY';
}

/**
 * Takes the name or join slot the application held back: failing released
 * it. Someone else holding it now (another open application, or a cluster
 * by that name) blocks the redrive.
 */
async function reclaimGuard(application: Application, deps: RedriveDeps): Promise<void> {
  const isStale = isClosedHolder(deps.applications);
  const holder =
    application.type === 'CREATE_CLUSTER' && application.cluster
      ? await deps.registry.claimClusterName(
          normalizeClusterName(application.cluster.name),
          application.applicationId,
          isStale,
        )
      : application.type === 'JOIN_CLUSTER' && application.clusterId
        ? await deps.registry.claimJoinSlot(
            application.clusterId,
            application.applicantInn,
            application.applicationId,
            isStale,
          )
        : null;
  if (holder && holder.holderId !== application.applicationId) {
    throw new ConflictError(
      `the ${application.type === 'CREATE_CLUSTER' ? 'cluster name' : 'join slot'} is held by ${holder.holderKind === 'CLUSTER' ? 'a cluster' : 'another application'} now`,
      'GUARD_TAKEN',
    );
  }
}

/**
 * Runs a FAILED application's workflow again from the stage it failed in:
 * a conditional status change FAILED → the stage's status (one redrive wins
 * of two at once) with a `REDRIVEN` history event naming the actor, then a
 * new execution `<applicationId>-r<n>` with `{applicationId, stage}`. Every
 * step is idempotent, so re-entering a stage redoes nothing already done.
 * Called again after a lost start (the status changed, the execution did
 * not start), it repeats only the start.
 */
export async function redriveApplication(
  applicationId: string,
  actor: string,
  deps: RedriveDeps,
): Promise<RedriveResult> {
  const application = await deps.applications.get(applicationId);
  if (!application) throw new NotFoundError(`application ${applicationId} does not exist`);

  const resumedStage = stageForStatus(application.status);
  if (resumedStage && (application.redriveCount ?? 0) > 0) {
    // Already redriven: (re)start that run; a start under the same name is a no-op.
    const run = application.redriveCount ?? 0;
    await deps.workflow.startAt({ applicationId, stage: resumedStage }, run);
    return { applicationId, stage: resumedStage, status: application.status, run, redriven: false };
  }
  if (application.status !== 'FAILED') {
    throw new ConflictError(
      `application ${applicationId} is ${application.status}, not FAILED`,
      'NOT_FAILED',
    );
  }

  const stage = failedStageOf(application, await deps.applications.history(applicationId));
  const status = statusForStage(stage);
  await reclaimGuard(application, deps);
  const run = (application.redriveCount ?? 0) + 1;
  const change = await deps.applications.transition({
    applicationId,
    from: ['FAILED'],
    to: status,
    at: deps.clock.now().toISOString(),
    action: 'REDRIVEN',
    actor,
    detail: { stage, run },
    patch: { redriveCount: run },
    precondition: (current) => (current.redriveCount ?? 0) === run - 1,
  });
  if (!change.changed) {
    throw new ConflictError(`application ${applicationId} was changed meanwhile`, 'CONFLICT');
  }
  // Failing out of review gave the experts' open assignments back; the review resumes with them.
  if (status === 'IN_REVIEW') {
    await deps.registry.adjustExpertLoad(change.previous.review?.expertIds ?? [], 1);
  }
  await deps.workflow.startAt({ applicationId, stage }, run);
  return { applicationId, stage, status, run, redriven: true };
}

export interface RestartDeps {
  applications: Pick<Applications, 'get' | 'update' | 'appendEvent'>;
  workflow: Pick<WorkflowEngine, 'startAt'>;
  clock: Clock;
}

/**
 * Runs an application's workflow again when its execution ended (failed
 * during an outage, say) while the application stayed open: the next run
 * after both the recorded count and `lastRun` (the highest run seen among its
 * executions), from the stage its status says, with a `RESUMED` history
 * event (no status change). Null when the application is not open.
 */
export async function restartOpenApplication(
  applicationId: string,
  lastRun: number,
  actor: string,
  deps: RestartDeps,
): Promise<RedriveResult | null> {
  const application = await deps.applications.get(applicationId);
  const stage = application ? stageForStatus(application.status) : null;
  if (!application || !stage) return null;
  const run = Math.max(application.redriveCount ?? 0, lastRun) + 1;
  const at = deps.clock.now().toISOString();
  await deps.applications.update(applicationId, { redriveCount: run, updatedAt: at });
  await deps.applications.appendEvent(applicationId, {
    at,
    action: 'RESUMED',
    actor,
    detail: { stage, run },
  });
  await deps.workflow.startAt({ applicationId, stage }, run);
  return { applicationId, stage, status: application.status, run, redriven: true };
}
