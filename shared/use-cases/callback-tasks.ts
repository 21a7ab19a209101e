import { WORKFLOW_ERRORS } from '#shared/catalog';
import { addSeconds, type Clock } from '#shared/clock';
import { reminderTimes } from '#shared/domain/reminders';
import type { LinkRecord, ReviewTaskRef, TaskRef } from '#shared/domain/tasks';
import { TransientError } from '#shared/errors';
import { type LinkScope, linkUrl } from '#shared/links/signature';
import type { LinkSigner } from '#shared/links/signer';
import { logger } from '#shared/logger';
import { RECUSAL_CAUSE } from '#shared/schemas/workflow';
import type { EmailMessage, Mailer, Tasks, WorkflowEngine } from '#shared/use-cases/ports';
import { sendOnce } from '#shared/use-cases/send-once';

/** What the request steps and the answer pages share about a task, its link and its token. */

export interface LinkConfig {
  publicBaseUrl: string;
  /** Unset: a link lives as long as its step. */
  linkTtlSeconds?: number | undefined;
  /** Seconds before the link expires to remind its person (REMINDER_BEFORE_SECONDS); unset: none. */
  reminderBeforeSeconds?: readonly number[] | undefined;
}

/** A link never outlives its step; LINK_TTL_SECONDS can make it shorter (tests, demos). */
export function linkExpiry(now: Date, stepDeadline: Date, linkTtlSeconds: number | undefined): Date {
  if (linkTtlSeconds === undefined) return stepDeadline;
  const ttlEnd = addSeconds(now, linkTtlSeconds);
  return ttlEnd < stepDeadline ? ttlEnd : stepDeadline;
}

/**
 * When a new task's link expires and when its person is reminded: before the link expires, the
 * deadline that person has (the step's, or sooner with LINK_TTL_SECONDS).
 */
export function linkTimes(
  now: Date,
  stepDeadline: Date,
  config: Pick<LinkConfig, 'linkTtlSeconds' | 'reminderBeforeSeconds'>,
): { expiresAt: Date; remindAt: string[] } {
  const expiresAt = linkExpiry(now, stepDeadline, config.linkTtlSeconds);
  return { expiresAt, remindAt: reminderTimes(now, expiresAt, config.reminderBeforeSeconds ?? []) };
}

export interface SignedLinkDeps {
  signer: Pick<LinkSigner, 'sign'>;
  mailer: Mailer;
  clock: Clock;
  config: Pick<LinkConfig, 'publicBaseUrl'>;
}

export interface EmailLinkDeps extends SignedLinkDeps {
  tasks: Pick<Tasks, 'claimNotification' | 'releaseNotification'>;
  config: LinkConfig;
}

/**
 * Signs a link and emails it, once: `notice` records the sending before it
 * happens and undoes that if it fails (see sendOnce). Every emailed link
 * (tasks, invitations) goes out through here.
 */
export function emailSignedLink(
  notice: { claim: (at: string) => Promise<boolean>; release: () => Promise<void> },
  link: { linkId: string; scope: LinkScope; expiresAt: string },
  compose: (url: string) => Omit<EmailMessage, 'to'>,
  to: string,
  deps: SignedLinkDeps,
): Promise<boolean> {
  return sendOnce({
    claim: () => notice.claim(deps.clock.now().toISOString()),
    send: async () => {
      const params = await deps.signer.sign({
        linkId: link.linkId,
        scope: link.scope,
        expiresAt: new Date(link.expiresAt),
      });
      await deps.mailer.send({ to: [to], ...compose(linkUrl(deps.config.publicBaseUrl, params)) });
    },
    release: notice.release,
  });
}

/** Emails a task's link once, whatever retries of the request step happen. */
export function emailLinkOnce(
  ref: TaskRef,
  link: LinkRecord,
  compose: (url: string) => Omit<EmailMessage, 'to'>,
  to: string,
  deps: EmailLinkDeps,
): Promise<boolean> {
  return emailSignedLink(
    {
      claim: (at) => deps.tasks.claimNotification(ref, at),
      release: () => deps.tasks.releaseNotification(ref),
    },
    { linkId: link.linkId, scope: link.kind, expiresAt: link.expiresAt },
    compose,
    to,
    deps,
  );
}

export type Completion = 'resumed' | 'gone' | 'not-waiting' | 'failed';

/**
 * Hands an answer to the waiting workflow task, then forgets the token. The
 * answer is already recorded, so a task that is gone (timed out, execution
 * ended) or a Step Functions error does not undo it: at the deadline the
 * workflow reads the recorded answers anyway.
 */
export async function completeTask(
  ref: TaskRef,
  output: unknown,
  deps: {
    tasks: Pick<Tasks, 'taskToken' | 'clearTaskToken'>;
    workflow: Pick<WorkflowEngine, 'resumeTask'>;
  },
): Promise<Completion> {
  return handOver(ref, deps.tasks, (token) => deps.workflow.resumeTask(token, output));
}

/**
 * Ends the waiting task with an error the state machine catches (a recusal: `ExpertRecused`),
 * as `completeTask` does with an output. `cause` names no person and carries no free text.
 */
export async function failWaitingTask(
  ref: TaskRef,
  failure: { error: string; cause: string },
  deps: {
    tasks: Pick<Tasks, 'taskToken' | 'clearTaskToken'>;
    workflow: Pick<WorkflowEngine, 'failTask'>;
  },
): Promise<Completion> {
  return handOver(ref, deps.tasks, (token) => deps.workflow.failTask(token, failure.error, failure.cause));
}

/**
 * Ends an expert's waiting review step with a recusal (`ExpertRecused`), so that its branch runs
 * `ReplaceExpert`. A recusal is no use to the workflow until that step ends with it: a Step
 * Functions error fails the request as transient, the token kept for the retry; `what` names the
 * recorded act in that error.
 */
export async function handOverRecusal(
  ref: ReviewTaskRef,
  what: string,
  deps: Parameters<typeof failWaitingTask>[2],
): Promise<Completion> {
  const workflow = await failWaitingTask(
    ref,
    { error: WORKFLOW_ERRORS.expertRecused, cause: RECUSAL_CAUSE },
    deps,
  );
  if (workflow === 'failed')
    throw new TransientError(`${what} is recorded, but the workflow could not be told`);
  return workflow;
}

async function handOver(
  ref: TaskRef,
  tasks: Pick<Tasks, 'taskToken' | 'clearTaskToken'>,
  send: (token: string) => Promise<Completion>,
): Promise<Completion> {
  const deps = { tasks };
  const token = await deps.tasks.taskToken(ref);
  if (!token) return 'not-waiting';
  let outcome: Completion;
  try {
    outcome = await send(token);
  } catch (error) {
    // Never the token or the raw error message: only what identifies the task.
    logger.error('recorded answer not handed to the workflow', {
      applicationId: ref.applicationId,
      task: ref.kind,
      errorName: (error as Error).name,
    });
    return 'failed';
  }
  await deps.tasks.clearTaskToken(ref, token);
  return outcome;
}
