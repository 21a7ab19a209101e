import type * as z from 'zod';
import type { ReviewTaskRef } from '#shared/domain/tasks';
import { ConflictError, HttpError, ValidationError } from '#shared/errors';
import type { LinkParams } from '#shared/links/signature';
import type { LinkSigner } from '#shared/links/signer';
import { type ReviewSubmission, reviewSubmissionSchema } from '#shared/schemas/api';
import { decodeFormFields } from '#shared/schemas/form';
import { parseWith } from '#shared/schemas/parse';
import type { ReviewTaskOutput } from '#shared/schemas/workflow';
import { checkCsrf, type LinkAccessDeps, reviewLinkAccess } from '#shared/use-cases/answer-access';
import { type Completion, completeTask, handOverRecusal } from '#shared/use-cases/callback-tasks';
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
  tasks: AnswerDeps['tasks'] & Pick<Tasks, 'recordReview' | 'recordRecusal'>;
  workflow: Pick<WorkflowEngine, 'resumeTask' | 'failTask'>;
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

/** The signer a check step needs: it validates the form's CSRF token as the answer would. */
export interface CheckDeps {
  signer: Pick<LinkSigner, 'isValidCsrfToken'>;
}

/** The confirmation step of the review form: the fields checked as `answerReview` checks them, nothing written. */
export function checkReview(submission: LinkSubmission, deps: CheckDeps): Promise<ReviewSubmission> {
  return acceptedFields(submission, reviewSubmissionSchema, 'the review', deps.signer);
}

/** The schema's refinements require the scores to recommend: this never happens. */
function invalidScores(): never {
  throw new ValidationError('the review is not valid', [
    { path: 'innovation', message: 'a score from 1 to 10 is required to recommend' },
  ]);
}

/**
 * Records an expert's review (or recusal) from the emailed link, once: the link, the task
 * and the history are written in one transaction that also checks the
 * application is still IN_REVIEW. Then the waiting workflow task resumes; a
 * recusal ends it with `ExpertRecused`, so that a replacement is assigned at
 * once. That hand-over failing fails the request (transient), and the page's
 * retry of the recusal hands it over again (see `unfinishedRecusal`).
 */
export async function answerReview(
  submission: LinkSubmission,
  deps: AnswerReviewDeps,
): Promise<ReviewAnswered> {
  let access: Awaited<ReturnType<typeof reviewLinkAccess>>;
  try {
    access = await reviewLinkAccess(submission.params, deps);
  } catch (error) {
    const retried =
      error instanceof ConflictError && error.code === 'RECUSED'
        ? await unfinishedRecusal(submission, deps)
        : null;
    if (retried) return retried;
    throw error;
  }
  const { link, task } = access;
  const review = await acceptedFields(submission, reviewSubmissionSchema, 'the review', deps.signer);
  const at = deps.clock.now().toISOString();
  const actor = `expert:${task.expertId}`;
  const { innovation, feasibility, cooperation } = review;
  const outcome =
    review.recommendation === 'RECUSE'
      ? await deps.tasks.recordRecusal({
          link,
          expertId: task.expertId,
          recusal: { reason: review.comment, recusedAt: at },
          // The expert's id in the detail keeps the reason from the applicant's view of the history.
          event: {
            at,
            action: 'RECUSED',
            actor,
            detail: { expertId: task.expertId, reason: review.comment },
          },
        })
      : innovation === undefined || feasibility === undefined || cooperation === undefined
        ? invalidScores()
        : await deps.tasks.recordReview({
            link,
            expertId: task.expertId,
            answer: {
              recommendation: review.recommendation,
              scores: { innovation, feasibility, cooperation },
              ...(review.comment ? { comment: review.comment } : {}),
              answeredAt: at,
            },
            event: {
              at,
              action: 'REVIEW_SUBMITTED',
              actor,
              detail: { recommendation: review.recommendation },
            },
          });
  if (outcome === 'refused') {
    // Someone else's write won in between (the expert's other answer, a closing): say what it was.
    await reviewLinkAccess(submission.params, deps);
    throw new ConflictError('this review has already been submitted', 'ALREADY_SUBMITTED');
  }
  const ref = { kind: 'review', applicationId: link.applicationId, expertId: task.expertId } as const;
  const output: ReviewTaskOutput = { expertId: task.expertId, answered: true };
  const workflow =
    review.recommendation === 'RECUSE'
      ? await handOverOwnRecusal(ref, deps)
      : await completeTask(ref, output, deps);
  return { applicationId: link.applicationId, recommendation: review.recommendation, workflow };
}

/** A recusal's hand-over (a review's answer needs no such care: at the deadline the tally reads the recorded answers anyway). */
const handOverOwnRecusal = (ref: ReviewTaskRef, deps: AnswerReviewDeps): Promise<Completion> =>
  handOverRecusal(ref, `the recusal from the review of ${ref.applicationId}`, deps);

/**
 * The retry of a recusal whose hand-over failed: the link is used and the review RECUSED, but the
 * step's token is still kept. The same submission (a recusal, valid) hands it over again and is
 * answered as the first would have been; anything else keeps the link's 409 (null).
 */
async function unfinishedRecusal(
  submission: LinkSubmission,
  deps: AnswerReviewDeps,
): Promise<ReviewAnswered | null> {
  const link = await deps.tasks.getLink(submission.params.linkId);
  if (!link?.expertId) return null;
  const ref: ReviewTaskRef = { kind: 'review', applicationId: link.applicationId, expertId: link.expertId };
  if (!(await deps.tasks.taskToken(ref))) return null;
  const review = await acceptedFields(submission, reviewSubmissionSchema, 'the review', deps.signer).catch(
    (error: unknown) => {
      if (error instanceof HttpError) return null;
      throw error;
    },
  );
  if (review?.recommendation !== 'RECUSE') return null;
  return {
    applicationId: link.applicationId,
    recommendation: 'RECUSE',
    workflow: await handOverOwnRecusal(ref, deps),
  };
}
