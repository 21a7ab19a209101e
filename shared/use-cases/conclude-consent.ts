import type { Application, ConsentOutcome } from '#shared/domain/application';
import { concludeConsent } from '#shared/domain/consent';
import { MIN_CLUSTER_MEMBERS } from '#shared/domain/eligibility';
import { ApplicationClosedError } from '#shared/errors';
import type { ConsentStepOutput } from '#shared/schemas/workflow';
import { loadForStep } from '#shared/use-cases/load-for-step';
import type { Applications, Clock, Tasks } from '#shared/use-cases/ports';

export interface ConcludeConsentDeps {
  applications: Pick<Applications, 'get' | 'transition'>;
  tasks: Pick<Tasks, 'closeTasks' | 'listConsentRequests'>;
  clock: Clock;
}

const concluded = (application: Application): ConsentStepOutput | null =>
  application.consent && (application.status === 'IN_REVIEW' || application.status === 'INELIGIBLE')
    ? { enough: application.status === 'IN_REVIEW' }
    : null;

/**
 * Ends the consent stage, when everyone has answered or at the deadline:
 * the stage record is closed first (from then on an answer is refused, so
 * the counts cannot move under the conclusion), then the answers decide. The
 * members and partners who declined or did not answer are dropped, named
 * with the reason in one history event. With at least 30 confirmed members
 * (the applicant counts) the application goes to expert review with the
 * confirmed members and partners only; otherwise it ends INELIGIBLE with
 * TOO_FEW_CONFIRMED. Safe to re-run: a concluded application returns its result.
 */
export async function concludeConsentStage(
  applicationId: string,
  deps: ConcludeConsentDeps,
): Promise<ConsentStepOutput> {
  const current = await deps.applications.get(applicationId);
  const already = current && concluded(current);
  if (already) return already;
  const application = await loadForStep(deps.applications, applicationId, ['AWAITING_CONSENT']);

  const at = deps.clock.now().toISOString();
  await deps.tasks.closeTasks(applicationId, ['consent'], at);
  const conclusion = concludeConsent(
    {
      applicantInn: application.applicantInn,
      memberInns: application.memberInns ?? [],
      partners: application.partners ?? [],
      confirmedParties: application.confirmedParties,
    },
    await deps.tasks.listConsentRequests(applicationId),
  );
  const consent: ConsentOutcome = {
    asked: conclusion.asked,
    confirmed: conclusion.confirmed,
    declined: conclusion.declined,
    noAnswer: conclusion.noAnswer,
    confirmedMembers: conclusion.confirmedMembers,
    concludedAt: at,
  };
  const detail = {
    ...consent,
    dropped: conclusion.dropped.map(({ party, reason }) => ({ party, reason })),
  };
  const change = await deps.applications.transition(
    conclusion.enough
      ? {
          applicationId,
          from: ['AWAITING_CONSENT'],
          to: 'IN_REVIEW',
          at,
          action: 'CONSENT_CONCLUDED',
          actor: 'system',
          detail,
          patch: { consent, memberInns: conclusion.memberInns, partners: conclusion.partners },
        }
      : {
          applicationId,
          from: ['AWAITING_CONSENT'],
          to: 'INELIGIBLE',
          at,
          action: 'CONSENT_CONCLUDED',
          actor: 'system',
          detail,
          patch: {
            consent,
            eligibility: {
              eligible: false,
              reasons: [
                {
                  code: 'TOO_FEW_CONFIRMED',
                  message: `${conclusion.confirmedMembers} members confirmed (the applicant included); a cluster needs at least ${MIN_CLUSTER_MEMBERS}.`,
                },
              ],
            },
          },
        },
  );
  if (change.changed) return { enough: conclusion.enough };
  const latest = change.current && concluded(change.current);
  if (latest) return latest;
  throw new ApplicationClosedError(
    `application ${applicationId} is ${change.current?.status ?? 'gone'}: consent not concluded`,
  );
}
