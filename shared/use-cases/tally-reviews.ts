import { panelSizeOf } from '#shared/domain/application';
import { tallyReviews } from '#shared/domain/tally';
import type { TallyStepOutput } from '#shared/schemas/workflow';
import { loadForStep } from '#shared/use-cases/load-for-step';
import type { Applications, Clock, Registry, TaskReader, Tasks } from '#shared/use-cases/ports';

export interface TallyDeps {
  applications: Applications;
  registry: Pick<Registry, 'adjustExpertLoad'>;
  tasks: Pick<TaskReader, 'listReviews'> & Pick<Tasks, 'closeTasks'>;
  clock: Clock;
  config: { quorum?: number | undefined };
}

/**
 * Ends the review stage: with a quorum of answers the application moves on
 * to sign-off, without one it ends EXPIRED. Idempotent: a re-run after the
 * move returns the recorded tally.
 */
export async function tallyApplicationReviews(
  applicationId: string,
  deps: TallyDeps,
): Promise<TallyStepOutput> {
  const application = await loadForStep(deps.applications, applicationId, ['IN_REVIEW', 'AWAITING_SIGNOFF']);
  if (application.status === 'AWAITING_SIGNOFF' && application.tally) {
    const { quorumMet, received, assigned } = application.tally;
    await deps.tasks.closeTasks(applicationId, ['review'], deps.clock.now().toISOString());
    return { quorumMet, received, assigned };
  }

  const expertIds = application.review?.expertIds ?? [];
  const answers = (await deps.tasks.listReviews(applicationId)).flatMap((task) =>
    task.answer && expertIds.includes(task.expertId)
      ? [
          {
            expertId: task.expertId,
            recommendation: task.answer.recommendation,
            scores: task.answer.scores,
            comment: task.answer.comment,
          },
        ]
      : [],
  );
  // Recusals without a replacement leave fewer experts: the quorum is still counted against the
  // panel first assigned.
  const assigned = application.review ? panelSizeOf(application.review) : expertIds.length;
  const tally = tallyReviews(assigned, answers, deps.config.quorum);
  const change = await deps.applications.transition({
    applicationId,
    from: ['IN_REVIEW'],
    to: tally.quorumMet ? 'AWAITING_SIGNOFF' : 'EXPIRED',
    at: deps.clock.now().toISOString(),
    action: tally.quorumMet ? 'REVIEW_COMPLETED' : 'REVIEW_QUORUM_NOT_MET',
    actor: 'system',
    detail: { assigned: tally.assigned, received: tally.received, quorum: tally.quorum },
    patch: { tally },
  });
  if (change.changed) await deps.registry.adjustExpertLoad(expertIds, -1);
  // The review stage is over: reviews that timed out are closed and no token outlives it.
  await deps.tasks.closeTasks(applicationId, ['review'], deps.clock.now().toISOString());
  return { quorumMet: tally.quorumMet, received: tally.received, assigned: tally.assigned };
}
