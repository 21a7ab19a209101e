import type { Application } from '#shared/domain/application';
import type { InvitationRef } from '#shared/domain/invitations';
import { ConflictError, ForbiddenError } from '#shared/errors';
import { deterministicId, randomId, sha256Hex } from '#shared/ids';
import { logger } from '#shared/logger';
import type { SubmitApplicationRequest } from '#shared/schemas/api';
import { type NotifyDeps, sendNotice } from '#shared/use-cases/notify-applicant';
import type { Applications, Clock, WorkflowEngine } from '#shared/use-cases/ports';

export interface SubmitDeps extends NotifyDeps {
  applications: Applications;
  workflow: Pick<WorkflowEngine, 'start'>;
  clock: Clock;
}

/** Key order must not make two equal bodies differ. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) =>
      a < b ? -1 : a > b ? 1 : 0,
    );
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The idempotency key of the join application an accepted invitation files: one application per invitation. */
export const invitationIdempotencyKey = (invitationId: string) => `invitation:${invitationId}`;

/** The id of the join application that accepting `invitationId` files for `inn`. */
export const invitedApplicationId = (inn: string, invitationId: string) =>
  deterministicId('app', inn, invitationIdempotencyKey(invitationId));

/**
 * Stores the application and starts its workflow.
 *
 * Idempotency: with an `Idempotency-Key`, the application id is derived from
 * (applicant, key), and the create is a conditional put. Every retry, also
 * concurrent ones, lands on the same item: the same body gets the same
 * application back, another body a 409. The execution is named after the
 * application, so a retry can (re)start it but never start a second one; a
 * retry after a crash between the two writes completes the submission.
 *
 * A join application filed by accepting a coordinator's invitation is marked
 * with it (`invitation`), and its history starts with the coordinator's
 * invitation.
 */
export async function submitApplication(
  request: SubmitApplicationRequest,
  caller: {
    inn: string;
    idempotencyKey?: string | undefined;
    invitation?: (InvitationRef & { invitedAt: string }) | undefined;
  },
  deps: SubmitDeps,
): Promise<{ application: Application; created: boolean }> {
  if (request.applicantInn !== caller.inn) {
    throw new ForbiddenError('you can only apply for your own organization', [
      { path: 'applicantInn', message: 'is not the organization you signed in as' },
    ]);
  }
  const requestHash = sha256Hex(canonicalJson(request));
  const applicationId = caller.idempotencyKey
    ? deterministicId('app', caller.inn, caller.idempotencyKey)
    : randomId('app');
  const at = deps.clock.now().toISOString();

  const application: Application = {
    applicationId,
    type: request.type,
    status: 'SUBMITTED',
    applicantInn: request.applicantInn,
    contactEmail: request.contactEmail,
    createdAt: at,
    updatedAt: at,
    version: 1,
    requestHash,
    eligibility: null,
    review: null,
    tally: null,
    decision: null,
    ...(request.type === 'CREATE_CLUSTER'
      ? {
          cluster: request.cluster,
          memberInns: request.memberInns,
          ...(request.partners?.length ? { partners: request.partners } : {}),
        }
      : { clusterId: request.clusterId, motivation: request.motivation }),
    ...(caller.invitation
      ? {
          invitation: {
            invitationId: caller.invitation.invitationId,
            invitedBy: caller.invitation.invitedBy,
            clusterId: caller.invitation.clusterId,
          },
        }
      : {}),
  };

  const result = await deps.applications.create(application, {
    at,
    status: 'SUBMITTED',
    action: 'SUBMITTED',
    actor: `applicant:${caller.inn}`,
    detail: {
      type: request.type,
      ...(caller.invitation ? { invitationId: caller.invitation.invitationId } : {}),
    },
  });
  if (result.created && caller.invitation) {
    await deps.applications.appendEvent(applicationId, {
      at: caller.invitation.invitedAt,
      action: 'INVITED',
      actor: `coordinator:${caller.invitation.invitedBy}`,
      detail: { invitationId: caller.invitation.invitationId, clusterId: caller.invitation.clusterId },
    });
  }
  if (!result.created && result.application.requestHash !== requestHash) {
    throw new ConflictError('this Idempotency-Key was used with a different body', 'IDEMPOTENCY_KEY_REUSED', [
      { path: 'Idempotency-Key', message: 'send a new key for a different application' },
    ]);
  }

  await deps.workflow.start({ applicationId });
  try {
    await sendNotice(result.application, 'SUBMITTED', deps);
  } catch (error) {
    // The application is safely stored and running; a lost receipt is not worth failing the request.
    logger.warn('submission email not sent', { applicationId, errorName: (error as Error).name });
  }
  return result;
}
