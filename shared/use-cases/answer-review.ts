import type * as z from 'zod';
import { ConflictError } from '#shared/errors';
import type { LinkParams } from '#shared/links/signature';
import type { LinkSigner } from '#shared/links/signer';
import { type ReviewSubmission, reviewSubmissionSchema } from '#shared/schemas/api';
import { decodeFormFields } from '#shared/schemas/form';
import { parseWith } from '#shared/schemas/parse';
import type { ReviewTaskOutput } from '#shared/schemas/workflow';
import { checkCsrf, type LinkAccessDeps, reviewLinkAccess } from '#shared/use-cases/answer-access';
import { type Completion, completeTask } from '#shared/use-cases/callback-tasks';
import type { Tasks, WorkflowEngine } from '#shared/use-cases/ports';

/** A POST to an emailed link: the fields, and for form posts the CSRF cookie the page set. */
export interface LinkSubmission {
  params: LinkParams;
  fields: unknown;
  /** Set for form posts, whose fields are all strings. */
  form?: { csrfCookie: string | undefined };
}

export interface AnswerDeps extends LinkAccessDeps {
  signer: Pick<LinkSigner, 'verify' | 'isValidCsrfToken'>;
  tasks: LinkAccessDeps['tasks'] & Pick<Tasks, 'taskToken' | 'clearTaskToken'>;
  workflow: Pick<WorkflowEngine, 'resumeTask'>;
}

export interface AnswerReviewDeps extends AnswerDeps {
  tasks: AnswerDeps['tasks'] & Pick<Tasks, 'recordReview'>;
}

export interface ReviewAnswered {
  applicationId: string;
  recommendation: ReviewSubmission['recommendation'];
  workflow: Completion;
}

/**
 * Validates a submission once the link is known to be usable: a used link is 409 whatever its body.
 * Form posts are decoded for the schema first (strings to numbers, strictly); JSON is taken as typed.
 */
export async function acceptedFields<S extends z.ZodObject>(
  submission: LinkSubmission,
  schema: S,
  what: string,
  signer: Pick<LinkSigner, 'isValidCsrfToken'>,
): Promise<z.infer<S>> {
  if (!submission.form) return parseWith(schema, submission.fields, what);
  const field = (submission.fields as { csrfToken?: unknown } | null)?.csrfToken;
  await checkCsrf(submission.params.linkId, { cookie: submission.form.csrfCookie, field }, signer);
  return parseWith(schema, decodeFormFields(schema, submission.fields as Record<string, string>), what);
}

/**
 * Records an expert's review from the emailed link, once: the link, the task
 * and the history are written in one transaction that also checks the
 * application is still IN_REVIEW. Then the waiting workflow task resumes.
 */
export async function answerReview(
  submission: LinkSubmission,
  deps: AnswerReviewDeps,
): Promise<ReviewAnswered> {
  const { link, task } = await reviewLinkAccess(submission.params, deps);
  const review = await acceptedFields(submission, reviewSubmissionSchema, 'the review', deps.signer);
  const at = deps.clock.now().toISOString();
  const outcome = await deps.tasks.recordReview({
    link,
    expertId: task.expertId,
    answer: {
      recommendation: review.recommendation,
      scores: {
        innovation: review.innovation,
        feasibility: review.feasibility,
        cooperation: review.cooperation,
      },
      ...(review.comment ? { comment: review.comment } : {}),
      answeredAt: at,
    },
    event: {
      at,
      action: 'REVIEW_SUBMITTED',
      actor: `expert:${task.expertId}`,
      detail: { recommendation: review.recommendation },
    },
  });
  if (outcome === 'refused') {
    // Someone else's write won in between: say what it was, as the page would now.
    await reviewLinkAccess(submission.params, deps);
    throw new ConflictError('this review has already been submitted', 'ALREADY_SUBMITTED');
  }
  const output: ReviewTaskOutput = { expertId: task.expertId, answered: true };
  const workflow = await completeTask(
    { kind: 'review', applicationId: link.applicationId, expertId: task.expertId },
    output,
    deps,
  );
  return { applicationId: link.applicationId, recommendation: review.recommendation, workflow };
}
