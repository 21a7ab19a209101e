import { WORKFLOW_ERRORS } from '#shared/catalog';
import { addSeconds } from '#shared/clock';
import { MAX_RETURNS_PER_APPLICATION } from '#shared/config-defaults';
import { type Amendment, examinationRound } from '#shared/domain/application';
import type { SignoffTask } from '#shared/domain/tasks';
import { ConflictError } from '#shared/errors';
import { RETURN_CAUSE } from '#shared/schemas/workflow';
import { type LinkAccess, signoffLinkAccess } from '#shared/use-cases/answer-access';
import type { AnswerDeps, LinkSubmission } from '#shared/use-cases/answer-review';
import { type Completion, failWaitingTask } from '#shared/use-cases/callback-tasks';
import type { Tasks, WorkflowEngine } from '#shared/use-cases/ports';

export interface ReturnForAmendmentDeps extends AnswerDeps {
  tasks: AnswerDeps['tasks'] & Pick<Tasks, 'recordReturn'>;
  workflow: AnswerDeps['workflow'] & Pick<WorkflowEngine, 'failTask'>;
  config: { amendmentTimeoutSeconds: number };
}

export interface SignoffReturned {
  applicationId: string;
  outcome: 'RETURNED';
  /** The applicant resubmits by then. */
  deadline: string;
  round: number;
  workflow: Completion;
}

/** Whether the holder of a sign-off may still return the application (at most 2 returns). */
export const canReturn = (application: { rounds?: readonly unknown[] | undefined }) =>
  (application.rounds?.length ?? 0) < MAX_RETURNS_PER_APPLICATION;

/**
 * RETURN: instead of deciding, the official sends the application back to
 * its applicant with a comment. One transaction with the same conditions as
 * a decision on the same link (and fewer than two returns so far), so a
 * return racing a withdrawal, a decision or a handover is written once and
 * the other gets 409. The waiting sign-off step then ends with the error
 * `ReturnedForAmendment`, which the workflow catches to wait for the
 * resubmission (request-amendment.ts).
 */
export async function returnForAmendment(
  submission: LinkSubmission,
  { link, task, application }: LinkAccess<SignoffTask>,
  comment: string,
  deps: ReturnForAmendmentDeps,
): Promise<SignoffReturned> {
  if (!canReturn(application)) {
    throw new ConflictError(
      `the application was returned for amendment ${MAX_RETURNS_PER_APPLICATION} times already: approve or reject it`,
      'RETURN_LIMIT_REACHED',
    );
  }
  const now = deps.clock.now();
  const at = now.toISOString();
  const amendment: Amendment = {
    comment,
    requestedAt: at,
    deadline: addSeconds(now, deps.config.amendmentTimeoutSeconds).toISOString(),
    round: examinationRound(application),
    officialId: task.officialId,
  };
  const recorded = await deps.tasks.recordReturn({
    link,
    application,
    amendment,
    maxReturns: MAX_RETURNS_PER_APPLICATION,
    event: {
      at,
      status: 'AMENDMENT_REQUESTED',
      action: 'RETURNED_FOR_AMENDMENT',
      actor: `official:${task.officialId}`,
      detail: { round: amendment.round, comment, deadline: amendment.deadline },
    },
  });
  if (recorded === 'refused') {
    // Tells what won the race: a withdrawal (closed), a decision or a handover (409 with its code).
    await signoffLinkAccess(submission.params, deps);
    throw new ConflictError('a decision on this application has already been made', 'ALREADY_DECIDED');
  }
  const workflow = await failWaitingTask(
    { kind: 'signoff', applicationId: link.applicationId },
    { error: WORKFLOW_ERRORS.returnedForAmendment, cause: RETURN_CAUSE },
    deps,
  );
  return {
    applicationId: link.applicationId,
    outcome: 'RETURNED',
    deadline: amendment.deadline,
    round: amendment.round,
    workflow,
  };
}
