import { type Application, isOpen, stageForStatus, type WorkflowStage } from '#shared/domain/application';

/**
 * What operators see of an application's progress: the stage it is in (or
 * failed in), its open human tasks and their deadlines, and whether it is
 * stuck. Pure rules; the use-cases read what they need.
 */

export type OpenTaskKind = 'CONSENT' | 'REVIEW' | 'SIGNOFF';

export interface OpenTask {
  kind: OpenTaskKind;
  /** The expert or official holding the task; null for the consent stage (every member asked). */
  holder: string | null;
  deadline: string | null;
  /** Consent: how many of those asked have not answered. */
  pending?: number;
}

/** Why an application counts as stuck (README "Operations"); none: it is not. */
export type StuckReason =
  /** Open, but its current run is not running (a vanished or ended execution): the reconciler's case. */
  | 'NO_RUNNING_WORKFLOW'
  /** An open task's deadline passed more than `stuckAfterSeconds` ago: the workflow should have moved on. */
  | 'DEADLINE_LONG_PAST'
  /** In a machine stage (no human deadline) for more than `stuckAfterSeconds`. */
  | 'NO_PROGRESS';

export interface StuckSettings {
  /** How long past a deadline (or in a machine stage) an open application is stuck: STUCK_AFTER_SECONDS. */
  stuckAfterSeconds: number;
  /** A run that is not running counts only once the status is older than this: its start may be under way. */
  graceSeconds: number;
}

export type RunState = 'RUNNING' | 'ENDED' | 'MISSING';

/** The stage an application is in, or for a FAILED one, the stage it failed in (where a redrive re-enters). */
export function stageOf(application: Application): WorkflowStage | null {
  return (
    stageForStatus(application.status) ??
    (application.status === 'FAILED' ? (application.failedStage ?? null) : null)
  );
}

const secondsBetween = (from: string, to: Date) =>
  Math.max(0, Math.floor((to.getTime() - Date.parse(from)) / 1000));

/** Seconds since the application was submitted, and since its status last changed. */
export function ageOf(application: Application, now: Date): { age: number; inStatusSeconds: number } {
  return {
    age: secondsBetween(application.createdAt, now),
    inStatusSeconds: secondsBetween(application.updatedAt, now),
  };
}

/** Why an open application is stuck: an empty list when it is not (closed applications never are). */
export function stuckReasons(
  application: Application,
  tasks: readonly OpenTask[],
  run: RunState,
  now: Date,
  settings: StuckSettings,
): StuckReason[] {
  if (!isOpen(application.status)) return [];
  const reasons: StuckReason[] = [];
  const sinceChange = secondsBetween(application.updatedAt, now);
  if (run !== 'RUNNING' && sinceChange > settings.graceSeconds) reasons.push('NO_RUNNING_WORKFLOW');
  const longPast = now.getTime() - settings.stuckAfterSeconds * 1000;
  // The applicant's deadline to resubmit an application returned for amendment counts like a task's.
  const amendmentDeadline =
    application.status === 'AMENDMENT_REQUESTED' ? (application.amendment?.deadline ?? null) : null;
  const deadlines = [...tasks.map((task) => task.deadline), amendmentDeadline];
  if (deadlines.some((deadline) => deadline !== null && Date.parse(deadline) < longPast)) {
    reasons.push('DEADLINE_LONG_PAST');
  }
  const machineStage = application.status === 'SUBMITTED' || application.status === 'CHECKING_ELIGIBILITY';
  if (machineStage && sinceChange > settings.stuckAfterSeconds) reasons.push('NO_PROGRESS');
  return reasons;
}
