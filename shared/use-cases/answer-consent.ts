import { partyActor } from '#shared/domain/tasks';
import { ConflictError } from '#shared/errors';
import type { LinkSigner } from '#shared/links/signer';
import { type ConsentSubmission, consentSubmissionSchema } from '#shared/schemas/api';
import type { ConsentTaskOutput } from '#shared/schemas/workflow';
import { type ConsentAccessDeps, consentLinkAccess } from '#shared/use-cases/answer-access';
import { acceptedFields, type CheckDeps, type LinkSubmission } from '#shared/use-cases/answer-review';
import { type Completion, completeTask } from '#shared/use-cases/callback-tasks';
import type { Tasks, WorkflowEngine } from '#shared/use-cases/ports';

/** The confirmation step of the consent form: the fields checked as `answerConsent` checks them, nothing written. */
export function checkConsent(submission: LinkSubmission, deps: CheckDeps): Promise<ConsentSubmission> {
  return acceptedFields(submission, consentSubmissionSchema, 'the answer', deps.signer);
}

export interface AnswerConsentDeps extends ConsentAccessDeps {
  signer: Pick<LinkSigner, 'verify' | 'isValidCsrfToken'>;
  tasks: ConsentAccessDeps['tasks'] & Pick<Tasks, 'recordConsent' | 'taskToken' | 'clearTaskToken'>;
  workflow: Pick<WorkflowEngine, 'resumeTask'>;
}

export interface ConsentAnswered {
  applicationId: string;
  answer: ConsentSubmission['answer'];
  /** `resumed` when this was the last answer the stage waited for; `not-waiting` while others are pending. */
  workflow: Completion;
}

/**
 * Records a member's or partner's answer from the emailed link, once: the
 * link, the request, the stage's counts and the history move in one
 * transaction that also checks the stage is open and the application still
 * AWAITING_CONSENT. When that was the last answer pending, the stage's one
 * waiting task resumes; if the request step has not stored its token yet,
 * it finds the counter at 0 and resumes itself (request-consent.ts).
 */
export async function answerConsent(
  submission: LinkSubmission,
  deps: AnswerConsentDeps,
): Promise<ConsentAnswered> {
  const { request } = await consentLinkAccess(submission.params, deps);
  const fields = await acceptedFields(submission, consentSubmissionSchema, 'the answer', deps.signer);
  const at = deps.clock.now().toISOString();
  const outcome = await deps.tasks.recordConsent({
    request,
    answer: { answer: fields.answer, ...(fields.comment ? { comment: fields.comment } : {}), answeredAt: at },
    event: {
      at,
      action: fields.answer === 'CONFIRM' ? 'CONSENT_CONFIRMED' : 'CONSENT_DECLINED',
      actor: partyActor(request.party),
      ...(fields.comment ? { detail: { comment: fields.comment } } : {}),
    },
  });
  if (outcome === 'refused') {
    // Someone else's write won in between (the stage closed, a withdrawal): say what it was.
    await consentLinkAccess(submission.params, deps);
    throw new ConflictError('this request has already been answered', 'ALREADY_ANSWERED');
  }
  const stage = await deps.tasks.consentStage(request.applicationId);
  const output: ConsentTaskOutput = { answered: true };
  const workflow: Completion =
    stage?.pending === 0
      ? await completeTask({ kind: 'consent', applicationId: request.applicationId }, output, deps)
      : 'not-waiting';
  return { applicationId: request.applicationId, answer: fields.answer, workflow };
}
