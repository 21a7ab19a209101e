import type { Official } from '#shared/domain/registry';
import type { SignoffTask } from '#shared/domain/tasks';
import { ConflictError, ValidationError } from '#shared/errors';
import { newLinkId } from '#shared/links/signature';
import { logger } from '#shared/logger';
import { type LinkAccess, signoffLinkAccess } from '#shared/use-cases/answer-access';
import type { AnswerDeps } from '#shared/use-cases/answer-review';
import { linkTimes } from '#shared/use-cases/callback-tasks';
import type { Registry, Tasks } from '#shared/use-cases/ports';
import { emailSignoffLink, type SignoffEmailDeps } from '#shared/use-cases/request-signoff';

export interface DelegateSignoffDeps extends AnswerDeps {
  tasks: AnswerDeps['tasks'] & SignoffEmailDeps['tasks'] & Pick<Tasks, 'handOverSignoff'>;
  registry: SignoffEmailDeps['registry'] & Pick<Registry, 'getOfficial'>;
  signer: AnswerDeps['signer'] & SignoffEmailDeps['signer'];
  mailer: SignoffEmailDeps['mailer'];
  config: SignoffEmailDeps['config'];
}

export interface SignoffDelegated {
  applicationId: string;
  outcome: 'DELEGATED';
  delegateTo: string;
  delegateName: string;
  /** Whether the delegate's email went out (an outage leaves the delegation recorded, and logged). */
  emailed: boolean;
}

const refuse = (message: string) => new ValidationError(message, [{ path: 'delegateTo', message }]);

/** How a sign-off changes hands: who did it, why, and what the new holder's email says. */
export interface SignoffHandOver {
  kind: 'DELEGATED' | 'REASSIGNED';
  /** The history event's action and actor (`official:<id>`, `operator:<id>`). */
  action: string;
  actor: string;
  comment: string;
  /** Who the new holder's email says handed it over. */
  fromName: string;
}

/**
 * Hands the pending sign-off to `to` with a new link and the deadline that
 * remains (the waiting workflow step keeps its token and its timeout: it now
 * waits for the new holder); the old link answers 409 with the handover's
 * kind. One transaction with the same conditions as a decision on the same
 * link, so a handover racing a decision is written once. Delegation
 * (DELEGATE on the page) and an operator's reassignment both go through here.
 */
export async function handOverSignoffTo(
  access: LinkAccess<SignoffTask>,
  to: Official,
  how: SignoffHandOver,
  deps: Omit<DelegateSignoffDeps, 'signer'> & { signer: SignoffEmailDeps['signer'] },
): Promise<{ written: boolean; emailed: boolean }> {
  const { link, task, application } = access;
  const now = deps.clock.now();
  const at = now.toISOString();
  // The remaining deadline: the step's timeout is unchanged, so is the deadline the new link states.
  const deadline = new Date(task.deadline ?? link.expiresAt);
  // A new holder is reminded before its link expires, like the first one.
  const times = linkTimes(now, deadline, deps.config);
  const newLink = {
    linkId: newLinkId(),
    kind: 'signoff' as const,
    applicationId: link.applicationId,
    officialId: to.officialId,
    expiresAt: times.expiresAt.toISOString(),
    ...(times.remindAt.length > 0 ? { remindAt: times.remindAt } : {}),
    createdAt: at,
  };
  const written = await deps.tasks.handOverSignoff({
    kind: how.kind,
    applicationId: link.applicationId,
    fromLinkId: link.linkId,
    fromOfficialId: task.officialId,
    toOfficialId: to.officialId,
    link: newLink,
    comment: how.comment,
    event: {
      at,
      action: how.action,
      actor: how.actor,
      detail: { from: task.officialId, to: to.officialId, comment: how.comment },
    },
  });
  if (written === 'refused') return { written: false, emailed: false };

  let emailed = false;
  try {
    emailed = await emailSignoffLink(
      application,
      newLink,
      to,
      { kind: 'DELEGATED', fromName: how.fromName, comment: how.comment },
      deps,
    );
  } catch (error) {
    // Recorded all the same; operators see the handover in the history and can reassign.
    logger.error('sign-off handed over, new holder not emailed', {
      applicationId: link.applicationId,
      errorName: (error as Error).name,
    });
  }
  return { written: true, emailed };
}

/**
 * Hands the sign-off to another active official (DELEGATE). The delegate gets
 * a new link with the remaining deadline; the delegating official's link
 * answers 409 DELEGATED. An escalated sign-off may be delegated too, within
 * the head's deadline.
 */
export async function delegateSignoff(
  access: LinkAccess<SignoffTask>,
  fields: { delegateTo?: string | undefined; comment: string },
  deps: DelegateSignoffDeps,
  params: Parameters<typeof signoffLinkAccess>[0],
): Promise<SignoffDelegated> {
  const { link, task } = access;
  const delegateTo = fields.delegateTo ?? '';
  if (delegateTo === task.officialId) throw refuse('you cannot delegate the sign-off to yourself');
  const delegate = await deps.registry.getOfficial(delegateTo);
  if (!delegate) throw refuse(`no official ${delegateTo} in the directory`);
  if (!delegate.active) throw refuse(`official ${delegateTo} is not active`);

  const from = await deps.registry.getOfficial(task.officialId);
  const { written, emailed } = await handOverSignoffTo(
    access,
    delegate,
    {
      kind: 'DELEGATED',
      action: 'SIGNOFF_DELEGATED',
      actor: `official:${task.officialId}`,
      comment: fields.comment,
      fromName: from?.name ?? task.officialId,
    },
    deps,
  );
  if (!written) {
    // A decision (or another delegation, a withdrawal) won: say what, as the page now would.
    await signoffLinkAccess(params, deps);
    throw new ConflictError('a decision on this application has already been made', 'ALREADY_DECIDED');
  }
  return {
    applicationId: link.applicationId,
    outcome: 'DELEGATED',
    delegateTo: delegate.officialId,
    delegateName: delegate.name,
    emailed,
  };
}
