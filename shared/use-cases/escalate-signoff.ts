import { addSeconds } from '#shared/clock';
import { missedSignoffFigures } from '#shared/domain/figures';
import { escalationHead } from '#shared/domain/registry';
import type { SignoffTask } from '#shared/domain/tasks';
import { TransientError } from '#shared/errors';
import { newLinkId } from '#shared/links/signature';
import { logger } from '#shared/logger';
import type { EscalationTaskOutput } from '#shared/schemas/workflow';
import { linkTimes } from '#shared/use-cases/callback-tasks';
import { loadForStep } from '#shared/use-cases/load-for-step';
import type { Applications, Figures, Tasks } from '#shared/use-cases/ports';
import {
  emailSignoffLink,
  handoverNote,
  type RequestSignoffDeps,
  settleStep,
} from '#shared/use-cases/request-signoff';
import { deadlinePassed, endAtDeadline } from '#shared/use-cases/stage-deadline';

export interface EscalateSignoffDeps extends Omit<RequestSignoffDeps, 'config'> {
  applications: Pick<Applications, 'get' | 'appendEvent' | 'claimNotice'>;
  tasks: RequestSignoffDeps['tasks'] & Pick<Tasks, 'getSignoff' | 'getLink' | 'handOverSignoff'>;
  config: RequestSignoffDeps['config'] & { escalationTimeoutSeconds: number };
  /** The programme figures: a sign-off deadline passed undecided is a missed deadline. */
  figures?: Pick<Figures, 'record'>;
}

export interface EscalationResult {
  outcome: 'ESCALATED' | 'DECIDED' | 'NOT_ESCALATED';
  officialId: string;
  emailed: boolean;
  /** Re-entered after the escalation deadline: the step ended as that deadline would have. */
  deadlinePassed?: true;
}

/**
 * The escalation step's callback task, after the sign-off deadline passed
 * undecided: the sign-off goes, once, to the department head (an active
 * official with role HEAD other than its holder) with a deadline of its own,
 * and the head is emailed a new link; the holder's link then answers 409
 * ESCALATED. A decision recorded in the last moments before the deadline
 * completes this step at once with that decision. Without a head the step
 * completes with NOT_ESCALATED and the history says why; the workflow then
 * expires the application. Idempotent: a re-run swaps in its token and does
 * not email the head twice; a re-run after the head's deadline ends the step
 * at once with DeadlinePassed, which the state machine routes as the timeout.
 */
export async function escalateSignoff(
  input: { applicationId: string; taskToken: string },
  deps: EscalateSignoffDeps,
): Promise<EscalationResult> {
  const { applicationId, taskToken } = input;
  // AMENDMENT_REQUESTED: returned in the last moments before the deadline; the return stands.
  const application = await loadForStep(deps.applications, applicationId, [
    'AWAITING_SIGNOFF',
    'AMENDMENT_REQUESTED',
  ]);
  const current = await deps.tasks.getSignoff(applicationId);
  if (!current) throw new Error(`application ${applicationId} has no sign-off to escalate`);
  const settled = await alreadySettled(current, input, deps);
  if (settled) return settled;

  const officials = await deps.registry.listOfficials();
  const head = escalationHead(officials, current.officialId);
  const now = deps.clock.now();
  const at = now.toISOString();
  if (!head) {
    if (await deps.applications.claimNotice(applicationId, 'signoff-not-escalated', at)) {
      await recordMissedSignoff(deps, at);
      await deps.applications.appendEvent(applicationId, {
        at,
        action: 'SIGNOFF_NOT_ESCALATED',
        actor: 'system',
        detail: { reason: 'NO_HEAD', officialId: current.officialId },
      });
    }
    const output: EscalationTaskOutput = { outcome: 'NOT_ESCALATED', reason: 'NO_HEAD' };
    await deps.workflow.resumeTask(taskToken, output);
    return { outcome: 'NOT_ESCALATED', officialId: current.officialId, emailed: false };
  }

  const deadline = addSeconds(now, deps.config.escalationTimeoutSeconds);
  // A new holder is reminded before its link expires, like the first one.
  const times = linkTimes(now, deadline, deps.config);
  const link = {
    linkId: newLinkId(),
    kind: 'signoff' as const,
    applicationId,
    officialId: head.officialId,
    expiresAt: times.expiresAt.toISOString(),
    ...(times.remindAt.length > 0 ? { remindAt: times.remindAt } : {}),
    createdAt: at,
  };
  const written = await deps.tasks.handOverSignoff({
    kind: 'ESCALATED',
    applicationId,
    fromLinkId: current.linkId,
    fromOfficialId: current.officialId,
    toOfficialId: head.officialId,
    link,
    escalation: { taskToken, deadline: deadline.toISOString() },
    event: {
      at,
      action: 'SIGNOFF_ESCALATED',
      actor: 'system',
      detail: { from: current.officialId, to: head.officialId, reason: 'SIGNOFF_DEADLINE' },
    },
  });
  if (written === 'refused') {
    // Decided, escalated or closed meanwhile: settle on what is recorded now, or try again.
    const latest = await deps.tasks.getSignoff(applicationId);
    const after = latest ? await alreadySettled(latest, input, deps) : null;
    if (after) return after;
    throw new TransientError(`the sign-off of ${applicationId} changed while it was escalated`);
  }
  // Once: a re-run finds the sign-off escalated (alreadySettled) and does not get here.
  await recordMissedSignoff(deps, at);
  const emailed = await emailSignoffLink(
    application,
    link,
    head,
    {
      kind: 'ESCALATED',
      fromName: officials.find((o) => o.officialId === current.officialId)?.name ?? current.officialId,
    },
    deps,
  );
  return { outcome: 'ESCALATED', officialId: head.officialId, emailed };
}

/** Best effort, like every figure: a failed write is logged and never fails the step. */
async function recordMissedSignoff(deps: EscalateSignoffDeps, at: string): Promise<void> {
  await deps.figures
    ?.record(missedSignoffFigures(at))
    .catch((error: unknown) =>
      logger.warn('programme figures not recorded', { errorMessage: (error as Error)?.message }),
    );
}

/** A sign-off decided before the step ran, or escalated by an earlier run of it: complete or re-arm. */
async function alreadySettled(
  task: SignoffTask,
  input: { applicationId: string; taskToken: string },
  deps: EscalateSignoffDeps,
): Promise<EscalationResult | null> {
  if (await settleStep(task, input.taskToken, deps.workflow)) {
    return { outcome: 'DECIDED', officialId: task.officialId, emailed: false };
  }
  if (!task.escalatedAt || task.status !== 'PENDING') return null;
  // A re-run of this step: its new token replaces the one stored, like requestSignoff's. The task
  // exists, so openSignoff only swaps the token (while pending) and returns the task and its link.
  const { task: swapped, link } = await deps.tasks.openSignoff({
    applicationId: input.applicationId,
    officialId: task.officialId,
    taskToken: input.taskToken,
    linkId: task.linkId,
    expiresAt: new Date(task.deadline ?? task.requestedAt),
    requestedAt: task.requestedAt,
  });
  if (swapped.status === 'DECIDED' || swapped.status === 'RETURNED')
    return alreadySettled(swapped, input, deps);
  if (swapped.deadline && deadlinePassed(deps.clock.now(), swapped.deadline)) {
    // Re-entered (restart, redrive) after the head's deadline: expires as at that deadline.
    await endAtDeadline(input.taskToken, deps.workflow);
    return { outcome: 'ESCALATED', officialId: swapped.officialId, emailed: false, deadlinePassed: true };
  }
  const officials = await deps.registry.listOfficials();
  const holder = officials.find((official) => official.officialId === swapped.officialId);
  if (!holder) throw new Error(`official ${swapped.officialId} is no longer registered`);
  const application = await loadForStep(deps.applications, input.applicationId, ['AWAITING_SIGNOFF']);
  const emailed = await emailSignoffLink(
    application,
    link,
    holder,
    await handoverNote(swapped, officials),
    deps,
  );
  return { outcome: 'ESCALATED', officialId: swapped.officialId, emailed };
}
