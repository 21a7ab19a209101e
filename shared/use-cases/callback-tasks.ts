import { addSeconds, type Clock } from '#shared/clock';
import type { LinkRecord, TaskRef } from '#shared/domain/tasks';
import { linkUrl } from '#shared/links/signature';
import type { LinkSigner } from '#shared/links/signer';
import { logger } from '#shared/logger';
import type { EmailMessage, Mailer, Tasks, WorkflowEngine } from '#shared/use-cases/ports';
import { sendOnce } from '#shared/use-cases/send-once';

/** What the request steps and the answer pages share about a task, its link and its token. */

export interface LinkConfig {
  publicBaseUrl: string;
  /** Unset: a link lives as long as its step. */
  linkTtlSeconds?: number | undefined;
}

/** A link never outlives its step; LINK_TTL_SECONDS can make it shorter (tests, demos). */
export function linkExpiry(now: Date, stepDeadline: Date, linkTtlSeconds: number | undefined): Date {
  if (linkTtlSeconds === undefined) return stepDeadline;
  const ttlEnd = addSeconds(now, linkTtlSeconds);
  return ttlEnd < stepDeadline ? ttlEnd : stepDeadline;
}

export interface EmailLinkDeps {
  tasks: Pick<Tasks, 'claimNotification' | 'releaseNotification'>;
  signer: Pick<LinkSigner, 'sign'>;
  mailer: Mailer;
  clock: Clock;
  config: LinkConfig;
}

/** Emails a task's link once, whatever retries of the request step happen. */
export function emailLinkOnce(
  ref: TaskRef,
  link: LinkRecord,
  compose: (url: string) => Omit<EmailMessage, 'to'>,
  to: string,
  deps: EmailLinkDeps,
): Promise<boolean> {
  return sendOnce({
    claim: () => deps.tasks.claimNotification(ref, deps.clock.now().toISOString()),
    send: async () => {
      const params = await deps.signer.sign({
        linkId: link.linkId,
        scope: link.kind,
        expiresAt: new Date(link.expiresAt),
      });
      await deps.mailer.send({ to: [to], ...compose(linkUrl(deps.config.publicBaseUrl, params)) });
    },
    release: () => deps.tasks.releaseNotification(ref),
  });
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
