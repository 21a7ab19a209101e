import type { SignoffDecisionRecord } from '#shared/domain/tasks';
import { ConflictError } from '#shared/errors';
import { type SignoffSubmission, signoffSubmissionSchema } from '#shared/schemas/api';
import type { SignoffTaskOutput } from '#shared/schemas/workflow';
import { signoffLinkAccess } from '#shared/use-cases/answer-access';
import { acceptedFields, type CheckDeps, type LinkSubmission } from '#shared/use-cases/answer-review';
import { type Completion, completeTask } from '#shared/use-cases/callback-tasks';
import {
  type DelegateSignoffDeps,
  delegateSignoff,
  type SignoffDelegated,
} from '#shared/use-cases/delegate-signoff';
import type { Tasks } from '#shared/use-cases/ports';
import {
  type ReturnForAmendmentDeps,
  returnForAmendment,
  type SignoffReturned,
} from '#shared/use-cases/return-for-amendment';

export interface DecideSignoffDeps extends DelegateSignoffDeps {
  tasks: DelegateSignoffDeps['tasks'] & Pick<Tasks, 'recordSignoff' | 'recordReturn'>;
  config: DelegateSignoffDeps['config'] & ReturnForAmendmentDeps['config'];
  workflow: ReturnForAmendmentDeps['workflow'];
}

export interface SignoffDecided {
  applicationId: string;
  outcome: SignoffDecisionRecord['outcome'];
  workflow: Completion;
}

/** What a POST of the sign-off page did: a final decision, a return, or a handover to a colleague. */
export type SignoffAnswered = SignoffDecided | SignoffReturned | SignoffDelegated;

/**
 * The official's answer from the signed link, by `decision`: APPROVE and
 * REJECT decide (below); RETURN sends the application back to its applicant
 * (return-for-amendment.ts); DELEGATE hands the sign-off over (delegate-signoff.ts).
 * `checkSignoffDecision` is the page's confirmation step: the same checks of the fields, nothing written.
 */
export function checkSignoffDecision(
  submission: LinkSubmission,
  deps: CheckDeps,
): Promise<SignoffSubmission> {
  return acceptedFields(submission, signoffSubmissionSchema, 'the decision', deps.signer);
}

export async function decideSignoff(
  submission: LinkSubmission,
  deps: DecideSignoffDeps,
): Promise<SignoffAnswered> {
  const access = await signoffLinkAccess(submission.params, deps);
  const fields = await acceptedFields(submission, signoffSubmissionSchema, 'the decision', deps.signer);
  switch (fields.decision) {
    case 'DELEGATE':
      return delegateSignoff(access, fields, deps, submission.params);
    case 'RETURN':
      return returnForAmendment(submission, access, fields.comment, deps);
    case 'APPROVE':
    case 'REJECT':
      return recordDecision(submission, access, { ...fields, decision: fields.decision }, deps);
  }
}

/**
 * Records the decision. The same transaction sets the application's
 * `signoffDecidedAt` on condition that it is still AWAITING_SIGNOFF and
 * undecided, and that this link is still the sign-off's (not delegated or
 * escalated away), so a decision racing a withdrawal or a handover has
 * exactly one winner. The workflow then applies the decision.
 */
async function recordDecision(
  submission: LinkSubmission,
  { link, task }: Awaited<ReturnType<typeof signoffLinkAccess>>,
  fields: Omit<SignoffSubmission, 'decision'> & { decision: 'APPROVE' | 'REJECT' },
  deps: DecideSignoffDeps,
): Promise<SignoffDecided> {
  const at = deps.clock.now().toISOString();
  const outcome: SignoffDecisionRecord['outcome'] = fields.decision === 'APPROVE' ? 'APPROVED' : 'REJECTED';
  const recorded = await deps.tasks.recordSignoff({
    link,
    decision: { outcome, comment: fields.comment, decidedAt: at },
    event: { at, action: 'SIGNOFF_DECIDED', actor: `official:${task.officialId}`, detail: { outcome } },
  });
  if (recorded === 'refused') {
    await signoffLinkAccess(submission.params, deps);
    throw new ConflictError('a decision on this application has already been made', 'ALREADY_DECIDED');
  }
  const output: SignoffTaskOutput = { outcome };
  const workflow = await completeTask({ kind: 'signoff', applicationId: link.applicationId }, output, deps);
  return { applicationId: link.applicationId, outcome, workflow };
}
