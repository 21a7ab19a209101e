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

export interface SignedLinkEmailDeps {
  signer: Pick<LinkSigner, 'sign'>;
  mailer: Mailer;
  clock: Clock;
  config: LinkConfig;
}

export interface EmailLinkDeps extends SignedLinkEmailDeps {
  tasks: Pick<Tasks, 'claimNotification' | 'releaseNotification'>;
}

/** Where "this link's email went out" is recorded: claimed before sending, released if sending failed. */
export interface NotificationMarker {
  claim(at: string): Promise<boolean>;
  release(): Promise<void>;
}

/** Emails a task's link once, whatever retries of the request step happen. */
export function emailLinkOnce(
  ref: TaskRef,
  link: LinkRecord,
  compose: (url: string) => Omit<EmailMessage, 'to'>,
  to: string,
  deps: EmailLinkDeps,
): Promise<boolean> {
  const marker: NotificationMarker = {
    claim: (at) => deps.tasks.claimNotification(ref, at),
    release: () => deps.tasks.releaseNotification(ref),
  };
  return emailSignedLinkOnce(marker, link, compose, to, deps);
}

/** Signs `link` and emails it once, as recorded by `marker`. */
export function emailSignedLinkOnce(
  marker: NotificationMarker,
  link: LinkRecord,
  compose: (url: string) => Omit<EmailMessage, 'to'>,
  to: string,
  deps: SignedLinkEmailDeps,
): Promise<boolean> {
  return sendOnce({
    claim: () => marker.claim(deps.clock.now().toISOString()),
    send: async () => {
      const params = await deps.signer.sign({
        linkId: link.linkId,
        scope: link.kind,
        expiresAt: new Date(link.expiresAt),
      });
      await deps.mailer.send({ to: [to], ...compose(linkUrl(deps.config.publicBaseUrl, params)) });
    },
    release: () => marker.release(),
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
  const token = await deps.tasks.taskToken(ref);
  if (!token) return 'not-waiting';
  let outcome: Completion;
  try {
    outcome = await deps.workflow.resumeTask(token, output);
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
