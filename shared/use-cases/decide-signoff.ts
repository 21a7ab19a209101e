import { ConflictError } from '#shared/errors';
import { signoffSubmissionSchema } from '#shared/schemas/api';
import type { SignoffTaskOutput } from '#shared/schemas/workflow';
import { signoffLinkAccess } from '#shared/use-cases/answer-access';
import { type AnswerDeps, acceptedFields, type LinkSubmission } from '#shared/use-cases/answer-review';
import { type Completion, completeTask } from '#shared/use-cases/callback-tasks';
import type { Tasks } from '#shared/use-cases/ports';

export interface DecideSignoffDeps extends AnswerDeps {
  tasks: AnswerDeps['tasks'] & Pick<Tasks, 'recordSignoff'>;
}

export interface SignoffDecided {
  applicationId: string;
  outcome: SignoffTaskOutput['outcome'];
  workflow: Completion;
}

/**
 * Records the official's decision from the signed link. The same transaction
 * sets the application's `signoffDecidedAt` on condition that it is still
 * AWAITING_SIGNOFF and undecided, so a decision racing a withdrawal has
 * exactly one winner. The workflow then applies the decision.
 */
export async function decideSignoff(
  submission: LinkSubmission,
  deps: DecideSignoffDeps,
): Promise<SignoffDecided> {
  const { link, task } = await signoffLinkAccess(submission.params, deps);
  const decision = await acceptedFields(submission, signoffSubmissionSchema, 'the decision', deps.signer);
  const at = deps.clock.now().toISOString();
  const outcome = decision.decision === 'APPROVE' ? 'APPROVED' : 'REJECTED';
  const recorded = await deps.tasks.recordSignoff({
    link,
    decision: { outcome, comment: decision.comment, decidedAt: at },
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
