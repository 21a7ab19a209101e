import { WORKFLOW_ERRORS } from '#shared/catalog';
import { reviewDeadlineFor } from '#shared/domain/application';
import type { ReviewTask } from '#shared/domain/tasks';
import { newLinkId } from '#shared/links/signature';
import { reviewRequestEmail } from '#shared/notifications/emails';
import { RECUSAL_CAUSE, type ReviewTaskOutput } from '#shared/schemas/workflow';
import { applicationSummary, type SummaryRegistry } from '#shared/use-cases/application-summary';
import { type EmailLinkDeps, emailLinkOnce, linkTimes } from '#shared/use-cases/callback-tasks';
import { loadForStep } from '#shared/use-cases/load-for-step';
import type { Applications, Registry, Tasks, WorkflowEngine } from '#shared/use-cases/ports';
import { deadlinePassed, endAtDeadline } from '#shared/use-cases/stage-deadline';

export interface RequestReviewDeps extends EmailLinkDeps {
  applications: Pick<Applications, 'get'>;
  registry: SummaryRegistry & Pick<Registry, 'getExpert'>;
  tasks: EmailLinkDeps['tasks'] & Pick<Tasks, 'openReview'>;
  workflow: Pick<WorkflowEngine, 'resumeTask' | 'failTask'>;
}

export interface RequestReviewInput {
  applicationId: string;
  expertId: string;
  taskToken: string;
}

/**
 * The review step's callback task: keeps the task token server-side and
 * emails the expert a signed link to the review form. Safe to run again for
 * the same expert (retry, restart, redrive): the new token replaces the old
 * one and no second email goes out; if the expert already answered, the new
 * task completes at once with that answer; if the expert's deadline has passed
 * meanwhile, it ends at once as the deadline would have (no answer).
 */
export async function requestReview(
  input: RequestReviewInput,
  deps: RequestReviewDeps,
): Promise<{ expertId: string; status: ReviewTask['status']; emailed: boolean; deadlinePassed?: true }> {
  const { applicationId, expertId } = input;
  const application = await loadForStep(deps.applications, applicationId, ['IN_REVIEW']);
  if (!application.review?.expertIds.includes(expertId)) {
    throw new Error(`expert ${expertId} is not assigned to application ${applicationId}`);
  }
  const expert = await deps.registry.getExpert(expertId);
  if (!expert) throw new Error(`expert ${expertId} is not in the registry`);

  const now = deps.clock.now();
  // A replacement has a full review period of its own.
  const deadline = reviewDeadlineFor(application.review, expertId);
  const { task, link } = await deps.tasks.openReview({
    applicationId,
    expertId,
    taskToken: input.taskToken,
    linkId: newLinkId(),
    ...linkTimes(now, new Date(deadline), deps.config),
    requestedAt: now.toISOString(),
  });
  if (task.status === 'RECUSED') {
    // Recorded before a restart took the replace step's place: the branch goes on to it.
    await deps.workflow.failTask(input.taskToken, WORKFLOW_ERRORS.expertRecused, RECUSAL_CAUSE);
    return { expertId, status: task.status, emailed: false };
  }
  if (task.status === 'ANSWERED') {
    const output: ReviewTaskOutput = { expertId, answered: true };
    await deps.workflow.resumeTask(input.taskToken, output);
    return { expertId, status: task.status, emailed: false };
  }
  if (deadlinePassed(now, deadline)) {
    // Re-entered after the expert's deadline (restart, redrive): no answer, as at the deadline.
    await endAtDeadline(input.taskToken, deps.workflow);
    return { expertId, status: task.status, emailed: false, deadlinePassed: true };
  }

  const summary = await applicationSummary(application, deps.registry);
  const emailed = await emailLinkOnce(
    { kind: 'review', applicationId, expertId },
    link,
    (url) => reviewRequestEmail({ ...summary, expertName: expert.name, deadline: link.expiresAt, link: url }),
    expert.email,
    deps,
  );
  return { expertId, status: task.status, emailed };
}
