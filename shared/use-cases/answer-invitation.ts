import { type Invitation, type InvitationRole, isExpired } from '#shared/domain/invitations';
import type { ClusterPartner, ClusterRecord } from '#shared/domain/registry';
import type { Sector } from '#shared/domain/sectors';
import { ConflictError, GoneError, ValidationError } from '#shared/errors';
import type { LinkParams } from '#shared/links/signature';
import type { LinkSigner } from '#shared/links/signer';
import { type InvitationAnswer, invitationAnswerSchema } from '#shared/schemas/api';
import { checkLinkSignature, missingRecord } from '#shared/use-cases/answer-access';
import { acceptedFields, type CheckDeps, type LinkSubmission } from '#shared/use-cases/answer-review';
import { notOpen } from '#shared/use-cases/invitations';
import type { Clock, Invitations, Registry } from '#shared/use-cases/ports';
import {
  invitationIdempotencyKey,
  invitedApplicationId,
  type SubmitDeps,
  submitApplication,
} from '#shared/use-cases/submit-application';

/**
 * The invitee's side of an invitation, from the emailed link: the page
 * (GET, changes nothing) and the answer (POST). The link is the invitation's
 * id, signed; it follows the rules of every emailed link: tampered 403, used
 * or revoked 409 (wins over expired), expired 410.
 */

export interface InvitationLinkDeps {
  signer: Pick<LinkSigner, 'verify' | 'isValidCsrfToken'>;
  invitations: Pick<Invitations, 'get' | 'end' | 'acceptPartner'>;
  registry: Pick<Registry, 'getCluster' | 'getOrganization'>;
  clock: Clock;
}

export interface AnswerInvitationDeps extends InvitationLinkDeps {
  /** Accepting a MEMBER invitation files a join application through the usual submission. */
  submit: SubmitDeps;
}

async function invitationLinkAccess(
  params: LinkParams,
  deps: InvitationLinkDeps,
): Promise<{ invitation: Invitation; cluster: ClusterRecord }> {
  const { now, signatureExpired } = await checkLinkSignature(params, deps);
  const invitation = await deps.invitations.get(params.linkId);
  if (!invitation) missingRecord(signatureExpired);
  if (invitation.status !== 'PENDING') throw notOpen(invitation.status);
  const cluster = await deps.registry.getCluster(invitation.clusterId);
  if (cluster?.status !== 'ACTIVE') {
    throw new ConflictError('the cluster no longer takes new participants', 'CLUSTER_NOT_ACTIVE');
  }
  if (signatureExpired || isExpired(invitation, now)) throw new GoneError('this link has expired');
  return { invitation, cluster };
}

export interface InvitationPageView {
  /** The invitation id: the page's link id (its CSRF token is bound to it). */
  linkId: string;
  expiresAt: string;
  role: InvitationRole;
  cluster: {
    clusterId: string;
    name: string;
    sectors: Sector[];
    memberCount: number;
    project?: { title: string; summary: string } | undefined;
  };
  coordinator: { inn: string; name: string };
  invitee: { name: string; inn?: string | undefined; email: string };
}

export async function invitationPageView(
  params: LinkParams,
  deps: InvitationLinkDeps,
): Promise<InvitationPageView> {
  const { invitation, cluster } = await invitationLinkAccess(params, deps);
  const { invitee } = invitation;
  const [coordinator, organization] = await Promise.all([
    deps.registry.getOrganization(invitation.invitedBy),
    invitee.role === 'MEMBER' ? deps.registry.getOrganization(invitee.inn) : null,
  ]);
  return {
    linkId: invitation.invitationId,
    expiresAt: invitation.expiresAt,
    role: invitee.role,
    cluster: {
      clusterId: cluster.clusterId,
      name: cluster.name,
      sectors: cluster.sectors,
      memberCount: cluster.memberCount,
      project: cluster.project,
    },
    coordinator: { inn: invitation.invitedBy, name: coordinator?.name ?? invitation.invitedBy },
    invitee:
      invitee.role === 'MEMBER'
        ? { name: organization?.name ?? invitee.inn, inn: invitee.inn, email: invitation.email }
        : { name: invitee.name, inn: invitee.inn, email: invitee.email },
  };
}

export interface InvitationAnswered {
  invitationId: string;
  clusterId: string;
  clusterName: string;
  role: InvitationRole;
  answer: 'ACCEPTED' | 'DECLINED';
  /** An accepted MEMBER invitation: the join application filed on the invitee's behalf. */
  applicationId?: string;
  /** Its status right after filing. */
  applicationStatus?: string;
}

/** Files (or finishes filing, after a crash) the join application of an accepted MEMBER invitation. */
async function fileJoinApplication(invitation: Invitation, deps: SubmitDeps) {
  if (invitation.invitee.role !== 'MEMBER' || !invitation.answer) {
    throw new TypeError(`invitation ${invitation.invitationId} is not an accepted MEMBER invitation`);
  }
  const { inn } = invitation.invitee;
  const { application } = await submitApplication(
    {
      type: 'JOIN_CLUSTER',
      applicantInn: inn,
      contactEmail: invitation.answer.contactEmail,
      clusterId: invitation.clusterId,
      motivation: invitation.answer.motivation,
    },
    {
      inn,
      idempotencyKey: invitationIdempotencyKey(invitation.invitationId),
      invitation: {
        invitationId: invitation.invitationId,
        invitedBy: invitation.invitedBy,
        clusterId: invitation.clusterId,
        invitedAt: invitation.createdAt,
      },
    },
    deps,
  );
  return application;
}

/**
 * An accepted MEMBER invitation whose join application a crash kept from
 * being filed (or started): a repeated ACCEPT of the link finishes the job
 * instead of answering 409. Null in every other case.
 */
async function unfinishedFiling(
  submission: LinkSubmission,
  deps: AnswerInvitationDeps,
): Promise<InvitationAnswered | null> {
  const { params } = submission;
  if ((submission.fields as { answer?: unknown } | null)?.answer !== 'ACCEPT') return null;
  await checkLinkSignature(params, deps);
  const invitation = await deps.invitations.get(params.linkId);
  if (invitation?.status !== 'ACCEPTED' || !invitation.applicationId || !invitation.answer) return null;
  const existing = await deps.submit.applications.get(invitation.applicationId);
  if (existing && existing.status !== 'SUBMITTED') return null;
  const application = await fileJoinApplication(invitation, deps.submit);
  const cluster = await deps.registry.getCluster(invitation.clusterId);
  return {
    invitationId: invitation.invitationId,
    clusterId: invitation.clusterId,
    clusterName: cluster?.name ?? invitation.clusterId,
    role: 'MEMBER',
    answer: 'ACCEPTED',
    applicationId: application.applicationId,
    applicationStatus: application.status,
  };
}

/** Accepting a MEMBER invitation files a join application: its contact email and motivation are required. */
function memberAcceptance(fields: InvitationAnswer): { contactEmail: string; motivation: string } {
  const contactEmail = fields.contactEmail || undefined;
  const motivation = fields.motivation;
  if (!contactEmail || !motivation) {
    throw new ValidationError('to accept, give a contact email and the motivation of the join application', [
      ...(contactEmail ? [] : [{ path: 'contactEmail', message: 'is required to accept' }]),
      ...(motivation ? [] : [{ path: 'motivation', message: 'is required to accept' }]),
    ]);
  }
  return { contactEmail, motivation };
}

/** The page's confirmation step: the answer checked as `answerInvitation` checks it, nothing written. */
export async function checkInvitationAnswer(
  view: Pick<InvitationPageView, 'role'>,
  submission: LinkSubmission,
  deps: CheckDeps,
): Promise<InvitationAnswer> {
  const fields = await acceptedFields(submission, invitationAnswerSchema, 'the answer', deps.signer);
  if (fields.answer === 'ACCEPT' && view.role === 'MEMBER') memberAcceptance(fields);
  return fields;
}

/**
 * The invitee's answer, once. DECLINE records it. ACCEPT of a PARTNER
 * invitation lists the partner on the cluster in the same write that accepts
 * it. ACCEPT of a MEMBER invitation records the acceptance with the id of
 * the join application it files (derived from the invitation, so a retry
 * files the same one), then files it through the usual submission: it is
 * checked, reviewed and signed off like any join, marked as invited.
 */
export async function answerInvitation(
  submission: LinkSubmission,
  deps: AnswerInvitationDeps,
): Promise<InvitationAnswered> {
  const finished = await unfinishedFiling(submission, deps);
  if (finished) return finished;
  const { invitation, cluster } = await invitationLinkAccess(submission.params, deps);
  const fields = await acceptedFields(submission, invitationAnswerSchema, 'the answer', deps.signer);
  const role = invitation.invitee.role;
  const now = deps.clock.now();
  const at = now.toISOString();
  const result = {
    invitationId: invitation.invitationId,
    clusterId: cluster.clusterId,
    clusterName: cluster.name,
    role,
  };
  const refused = async (): Promise<never> => {
    // Someone else's write won in between: say what it was, as the page would now.
    await invitationLinkAccess(submission.params, deps);
    throw role === 'PARTNER'
      ? new ConflictError('the partner is already listed on the cluster', 'ALREADY_PARTNER')
      : new ConflictError('the invitation changed meanwhile: open the link again', 'CONFLICT');
  };

  if (fields.answer === 'DECLINE') {
    const event = { at, action: 'DECLINED', actor: 'invitee' };
    if (!(await deps.invitations.end(invitation.invitationId, { status: 'DECLINED', at, event }, now))) {
      return refused();
    }
    return { ...result, answer: 'DECLINED' };
  }

  if (invitation.invitee.role === 'PARTNER') {
    const { role: _role, ...partner } = invitation.invitee;
    const listed: ClusterPartner = {
      ...partner,
      key: invitation.inviteeKey,
      joinedAt: at,
      invitationId: invitation.invitationId,
    };
    const event = { at, action: 'ACCEPTED', actor: 'invitee', detail: { partnerKey: listed.key } };
    const accepted = await deps.invitations.acceptPartner(
      invitation.invitationId,
      listed,
      { status: 'ACCEPTED', at, event },
      now,
    );
    if (!accepted) return refused();
    return { ...result, answer: 'ACCEPTED' };
  }

  const { contactEmail, motivation } = memberAcceptance(fields);
  const applicationId = invitedApplicationId(invitation.invitee.inn, invitation.invitationId);
  const answer = { contactEmail, motivation };
  const event = { at, action: 'ACCEPTED', actor: 'invitee', detail: { applicationId } };
  const accepted = await deps.invitations.end(
    invitation.invitationId,
    { status: 'ACCEPTED', at, event, patch: { applicationId, answer } },
    now,
  );
  if (!accepted) return refused();
  const application = await fileJoinApplication({ ...invitation, applicationId, answer }, deps.submit);
  return { ...result, answer: 'ACCEPTED', applicationId, applicationStatus: application.status };
}
