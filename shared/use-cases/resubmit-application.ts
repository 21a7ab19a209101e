import type { Application, ConfirmedParties, ExaminationRound } from '#shared/domain/application';
import type { ReviewTask } from '#shared/domain/tasks';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '#shared/errors';
import { sha256Hex } from '#shared/ids';
import type { SubmitApplicationRequest } from '#shared/schemas/api';
import type { AmendmentTaskOutput } from '#shared/schemas/workflow';
import { completeTask } from '#shared/use-cases/callback-tasks';
import type { Applications, Clock, TaskReader, Tasks, WorkflowEngine } from '#shared/use-cases/ports';
import { canonicalJson } from '#shared/use-cases/submit-application';

export interface ResubmitDeps {
  applications: Pick<Applications, 'get' | 'transition'>;
  tasks: Pick<TaskReader, 'listReviews'> & Pick<Tasks, 'taskToken' | 'clearTaskToken'>;
  workflow: Pick<WorkflowEngine, 'resumeTask'>;
  clock: Clock;
}

/** The round a resubmission ends, as the history keeps it: what was decided and answered in it. */
function closedRound(
  application: Application,
  reviews: readonly ReviewTask[],
  resubmission: ExaminationRound['resubmission'],
): ExaminationRound {
  const amendment = application.amendment;
  if (!amendment) throw new Error(`application ${application.applicationId} has no return for amendment`);
  return {
    round: amendment.round,
    eligibility: application.eligibility,
    consent: application.consent ?? null,
    review: application.review,
    tally: application.tally,
    reviews: reviews.flatMap((task) =>
      task.answer
        ? [
            {
              expertId: task.expertId,
              recommendation: task.answer.recommendation,
              scores: { ...task.answer.scores },
              ...(task.answer.comment ? { comment: task.answer.comment } : {}),
            },
          ]
        : [],
    ),
    returned: amendment,
    resubmission,
  };
}

/** Who confirmed taking part so far: the members and partners left after the last consent stage. */
function confirmedSoFar(application: Application): ConfirmedParties {
  return {
    memberInns: [...new Set([...(application.memberInns ?? [])])],
    partnerEmails: (application.partners ?? []).map((partner) => partner.email.toLowerCase()),
  };
}

/** The corrected application's own fields: the whole body replaces what was submitted. */
function resubmittedFields(request: SubmitApplicationRequest): Partial<Application> {
  return request.type === 'CREATE_CLUSTER'
    ? {
        contactEmail: request.contactEmail,
        cluster: request.cluster,
        memberInns: request.memberInns,
        partners: request.partners ?? [],
      }
    : { contactEmail: request.contactEmail, clusterId: request.clusterId, motivation: request.motivation };
}

/**
 * `PUT /applications/{id}`: the applicant resubmits an application an
 * official returned for amendment, with the whole corrected body (same type).
 * One conditional write moves it from AMENDMENT_REQUESTED to SUBMITTED, keeps
 * the round it ends (eligibility, consent, reviews, the return) in `rounds`,
 * and starts the next round clean; then the waiting workflow is resumed and
 * checks eligibility again. Two resubmissions at once: one wins, the other
 * gets 409; the same `Idempotency-Key` with the same body is answered as the
 * first (202), with another body 409.
 */
export async function resubmitApplication(
  request: SubmitApplicationRequest,
  caller: { inn: string; applicationId: string; idempotencyKey?: string | undefined },
  deps: ResubmitDeps,
): Promise<Application> {
  if (request.applicantInn !== caller.inn) {
    throw new ForbiddenError('you can only apply for your own organization', [
      { path: 'applicantInn', message: 'is not the organization you signed in as' },
    ]);
  }
  const application = await deps.applications.get(caller.applicationId);
  if (!application || application.applicantInn !== caller.inn) {
    throw new NotFoundError('no such application');
  }
  const requestHash = sha256Hex(canonicalJson(request));
  const replayed = replayOf(application, caller.idempotencyKey, requestHash);
  if (replayed) return replayed;
  if (request.type !== application.type) {
    throw new ValidationError('a resubmission keeps the type of the application', [
      { path: 'type', message: `must be ${application.type}, the type of the application` },
    ]);
  }
  const amendment = application.amendment;
  if (application.status !== 'AMENDMENT_REQUESTED' || !amendment) {
    throw new ConflictError(
      `the application is ${application.status}: only an application returned for amendment can be resubmitted`,
      'NOT_RETURNED_FOR_AMENDMENT',
    );
  }
  const now = deps.clock.now();
  if (now.getTime() >= Date.parse(amendment.deadline)) {
    throw new ConflictError(
      `the deadline to resubmit (${amendment.deadline}) has passed`,
      'AMENDMENT_DEADLINE_PASSED',
    );
  }

  const at = now.toISOString();
  const round = closedRound(application, await deps.tasks.listReviews(application.applicationId), {
    at,
    requestHash,
    ...(caller.idempotencyKey ? { idempotencyKey: caller.idempotencyKey } : {}),
  });
  const change = await deps.applications.transition({
    applicationId: application.applicationId,
    from: ['AMENDMENT_REQUESTED'],
    to: 'SUBMITTED',
    at,
    action: 'RESUBMITTED',
    actor: `applicant:${caller.inn}`,
    detail: { round: amendment.round + 1 },
    // Computed from this read: a concurrent resubmission (or withdrawal) makes this one lose.
    precondition: (current) => current.version === application.version,
    patch: {
      ...resubmittedFields(request),
      eligibility: null,
      consent: null,
      review: null,
      tally: null,
      amendment: { ...amendment, resubmittedAt: at },
      rounds: [...(application.rounds ?? []), round],
      ...(application.type === 'CREATE_CLUSTER' ? { confirmedParties: confirmedSoFar(application) } : {}),
    },
  });
  if (!change.changed) {
    const latest = change.current && replayOf(change.current, caller.idempotencyKey, requestHash);
    if (latest) return latest;
    throw new ConflictError(
      `the application is ${change.current?.status ?? 'gone'}: it was resubmitted or closed meanwhile`,
      'NOT_RETURNED_FOR_AMENDMENT',
    );
  }
  const output: AmendmentTaskOutput = { resubmitted: true };
  // Not waiting yet: the amendment step finds the resubmission when it stores its token.
  await completeTask(
    { kind: 'amendment', applicationId: application.applicationId, round: amendment.round },
    output,
    deps,
  );
  return change.application;
}

/** An earlier resubmission with this Idempotency-Key: the same body is answered again, another is a 409. */
function replayOf(
  application: Application,
  idempotencyKey: string | undefined,
  requestHash: string,
): Application | null {
  if (!idempotencyKey) return null;
  const earlier = application.rounds?.find((round) => round.resubmission.idempotencyKey === idempotencyKey);
  if (!earlier) return null;
  if (earlier.resubmission.requestHash === requestHash) return application;
  throw new ConflictError('this Idempotency-Key was used with a different body', 'IDEMPOTENCY_KEY_REUSED', [
    { path: 'Idempotency-Key', message: 'send a new key for a different resubmission' },
  ]);
}
