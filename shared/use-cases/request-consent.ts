import { addSeconds } from '#shared/clock';
import { forEachLimited } from '#shared/concurrency';
import { confirmedBefore, consentParties } from '#shared/domain/consent';
import type { ConsentRequest } from '#shared/domain/tasks';
import { newLinkId } from '#shared/links/signature';
import { logger } from '#shared/logger';
import { consentRequestEmail } from '#shared/notifications/emails';
import type { ConsentTaskOutput } from '#shared/schemas/workflow';
import { applicationSummary, type SummaryRegistry } from '#shared/use-cases/application-summary';
import {
  completeTask,
  emailSignedLink,
  type LinkConfig,
  linkTimes,
  type SignedLinkDeps,
} from '#shared/use-cases/callback-tasks';
import { loadForStep } from '#shared/use-cases/load-for-step';
import type { Applications, Registry, Tasks, WorkflowEngine } from '#shared/use-cases/ports';

export interface RequestConsentDeps extends SignedLinkDeps {
  applications: Pick<Applications, 'get'>;
  registry: SummaryRegistry & Pick<Registry, 'getOrganizations'>;
  tasks: Pick<
    Tasks,
    | 'consentStage'
    | 'openConsentStage'
    | 'awaitConsents'
    | 'claimLinkNotification'
    | 'releaseLinkNotification'
    | 'taskToken'
    | 'clearTaskToken'
  >;
  workflow: Pick<WorkflowEngine, 'resumeTask'>;
  config: LinkConfig & {
    consentTimeoutSeconds: number;
    /** Emails in flight at once. */
    emailConcurrency: number;
  };
}

export interface RequestConsentInput {
  applicationId: string;
  taskToken: string;
}

export interface RequestConsentResult {
  asked: number;
  emailed: number;
  pending: number;
}

/**
 * The consent stage's one callback task. Asks every member (but the
 * applicant) and every partner once: one request with its own signed link
 * each, emailed once (a per-request notified marker, so a retried or resumed
 * step sends no second email). Then it stores the stage's task token and reads
 * the counter in the same write: if every answer is already in, it resumes
 * the workflow itself; otherwise the last answer does (answer-consent.ts), or
 * the task's timeout at the deadline. Execution payloads carry ids only.
 */
export async function requestConsent(
  input: RequestConsentInput,
  deps: RequestConsentDeps,
): Promise<RequestConsentResult> {
  const { applicationId } = input;
  const application = await loadForStep(deps.applications, applicationId, ['AWAITING_CONSENT']);
  const now = deps.clock.now();
  // A re-run (retry, restart, redrive) keeps the stage's first deadline.
  const opened = await deps.tasks.consentStage(applicationId);
  const requestedAt = opened?.requestedAt ?? now.toISOString();
  const deadline = opened?.deadline ?? addSeconds(now, deps.config.consentTimeoutSeconds).toISOString();

  const listed = {
    applicantInn: application.applicantInn,
    memberInns: application.memberInns ?? [],
    partners: application.partners ?? [],
  };
  const others = listed.memberInns.filter((inn) => inn !== application.applicantInn);
  // After a resubmission only the new members and partners are asked: the others confirmed before.
  const parties = consentParties(listed, await deps.registry.getOrganizations(others)).filter(
    (party) => !confirmedBefore(party, application.confirmedParties),
  );
  const { stage, requests } = await deps.tasks.openConsentStage({
    applicationId,
    deadline,
    // Every member and partner is reminded before the link expires, as reviewers are.
    ...linkTimes(new Date(requestedAt), new Date(deadline), deps.config),
    requestedAt,
    requests: parties.map((party) => ({ linkId: newLinkId(), party })),
  });

  let emailed = 0;
  if (stage.status === 'PENDING') {
    const summary = await applicationSummary(application, deps.registry);
    const unsent = requests.filter((request) => request.status === 'PENDING' && !request.notifiedAt);
    await forEachLimited(unsent, deps.config.emailConcurrency, async (request: ConsentRequest) => {
      const sent = await emailSignedLink(
        {
          claim: (at) => deps.tasks.claimLinkNotification(request.linkId, at),
          release: () => deps.tasks.releaseLinkNotification(request.linkId),
        },
        { linkId: request.linkId, scope: 'consent', expiresAt: request.expiresAt },
        (url) =>
          consentRequestEmail({
            ...summary,
            partyName: request.party.name,
            role: request.party.kind,
            deadline: request.expiresAt,
            link: url,
          }),
        request.party.email,
        deps,
      );
      if (sent) emailed += 1;
    });
  }

  const output: ConsentTaskOutput = { answered: true };
  const waiting = await deps.tasks.awaitConsents(applicationId, input.taskToken);
  if (!waiting) {
    // Concluded (or closed) by an earlier run: nothing to wait for.
    await deps.workflow.resumeTask(input.taskToken, output);
    return { asked: stage.asked, emailed, pending: 0 };
  }
  if (waiting.pending === 0 || deps.clock.now().getTime() >= Date.parse(waiting.deadline)) {
    // Every answer came in before the token was stored (the last one found no token to hand
    // over), or a resumed stage's deadline has already passed: conclude now.
    await completeTask({ kind: 'consent', applicationId }, output, deps);
  }
  logger.info('consent requested', {
    applicationId,
    asked: waiting.asked,
    emailed,
    pending: waiting.pending,
  });
  return { asked: waiting.asked, emailed, pending: waiting.pending };
}
