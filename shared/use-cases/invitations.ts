import { addSeconds, type Clock } from '#shared/clock';
import {
  type Invitation,
  type Invitee,
  invitationStatus,
  inviteeKey,
  partnerKey,
} from '#shared/domain/invitations';
import type { ClusterRecord } from '#shared/domain/registry';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '#shared/errors';
import { randomId } from '#shared/ids';
import { invitationEmail } from '#shared/notifications/invitation-emails';
import type { InvitationRequest } from '#shared/schemas/api';
import { emailSignedLink, type SignedLinkDeps } from '#shared/use-cases/callback-tasks';
import type { Invitations, Page, PageRequest, Registry } from '#shared/use-cases/ports';

/**
 * What a cluster's coordinator does with invitations over the API: invite,
 * list, revoke. Only the coordinator (the organization whose create
 * application made the cluster) may; anyone else gets 403, an unknown
 * cluster 404.
 */

export interface CoordinatorDeps {
  registry: Pick<Registry, 'getCluster' | 'getOrganization' | 'isMember' | 'isPartner'>;
  invitations: Invitations;
  clock: Clock;
}

export interface InviteDeps extends CoordinatorDeps, SignedLinkDeps {
  config: SignedLinkDeps['config'] & { invitationTtlSeconds: number };
}

/** The cluster, if `inn` coordinates it. A cluster still being created does not exist for callers. */
export async function coordinatedCluster(
  clusterId: string,
  inn: string,
  registry: Pick<Registry, 'getCluster'>,
): Promise<ClusterRecord> {
  const cluster = await registry.getCluster(clusterId);
  if (!cluster || cluster.status === 'PENDING') throw new NotFoundError('no such cluster');
  if (cluster.coordinatorInn !== inn) {
    throw new ForbiddenError('only the coordinator of this cluster manages its invitations');
  }
  return cluster;
}

/** An invitation as the coordinator sees it: its status as of now (EXPIRED computed), and its history. */
export function invitationView(invitation: Invitation, now: Date) {
  return {
    invitationId: invitation.invitationId,
    clusterId: invitation.clusterId,
    role: invitation.invitee.role,
    status: invitationStatus(invitation, now),
    invitee: invitation.invitee,
    email: invitation.email,
    invitedBy: invitation.invitedBy,
    createdAt: invitation.createdAt,
    expiresAt: invitation.expiresAt,
    ...(invitation.answeredAt ? { answeredAt: invitation.answeredAt } : {}),
    ...(invitation.revokedAt ? { revokedAt: invitation.revokedAt } : {}),
    ...(invitation.applicationId ? { applicationId: invitation.applicationId } : {}),
    history: invitation.history,
  };
}

export type InvitationView = ReturnType<typeof invitationView>;

/** Who is invited, checked against the registry and the cluster: the email the link goes to and their name. */
async function checkedInvitee(
  cluster: ClusterRecord,
  request: InvitationRequest,
  registry: InviteDeps['registry'],
): Promise<{ invitee: Invitee; email: string; name: string }> {
  const alreadyMember = () =>
    new ConflictError('this organization is already a member of the cluster', 'ALREADY_MEMBER', [
      { path: 'inn', message: 'is already a member' },
    ]);
  if (request.role === 'MEMBER') {
    const organization = await registry.getOrganization(request.inn);
    if (organization?.status !== 'ACTIVE') {
      throw new ValidationError('a MEMBER invitation is for an active participant of the programme', [
        {
          path: 'inn',
          message: organization
            ? 'the organization is suspended: not an active participant'
            : 'is not in the participant registry: invite it as a PARTNER instead',
        },
      ]);
    }
    if (await registry.isMember(cluster.clusterId, request.inn)) throw alreadyMember();
    return {
      invitee: { role: 'MEMBER', inn: request.inn },
      email: organization.email,
      name: organization.name,
    };
  }
  const { role, ...partner } = request;
  if (partner.inn && (await registry.isMember(cluster.clusterId, partner.inn))) throw alreadyMember();
  if (await registry.isPartner(cluster.clusterId, partnerKey(partner))) {
    throw new ConflictError('this partner is already listed on the cluster', 'ALREADY_PARTNER', [
      { path: partner.inn ? 'inn' : 'email', message: 'is already a partner of the cluster' },
    ]);
  }
  return { invitee: { role, ...partner }, email: partner.email, name: partner.name };
}

/**
 * Invites one organization. One open invitation per cluster and invitee: the
 * store takes the invitee's slot in the same write as the invitation, so of
 * concurrent invitations exactly one is made (the others get 409). The
 * invitee is emailed a signed link valid until the invitation expires; if
 * the email cannot be sent, the invitation is withdrawn again so that the
 * coordinator can simply retry.
 */
export async function inviteToCluster(
  clusterId: string,
  request: InvitationRequest,
  caller: { inn: string },
  deps: InviteDeps,
): Promise<InvitationView> {
  const cluster = await coordinatedCluster(clusterId, caller.inn, deps.registry);
  if (cluster.status !== 'ACTIVE') {
    throw new ConflictError(
      `the cluster is ${cluster.status}: it takes no new participants`,
      'CLUSTER_NOT_ACTIVE',
    );
  }
  const { invitee, email, name } = await checkedInvitee(cluster, request, deps.registry);
  const now = deps.clock.now();
  const at = now.toISOString();
  const actor = `coordinator:${caller.inn}`;
  const invitation: Invitation = {
    invitationId: randomId('inv'),
    clusterId,
    invitedBy: caller.inn,
    invitee,
    inviteeKey: inviteeKey(invitee),
    email,
    status: 'PENDING',
    createdAt: at,
    expiresAt: addSeconds(now, deps.config.invitationTtlSeconds).toISOString(),
    history: [{ at, action: 'INVITED', actor, detail: { role: invitee.role, email } }],
  };
  const created = await deps.invitations.create(invitation, now);
  if (!created.created) {
    throw new ConflictError('this invitee already has an open invitation to the cluster', 'INVITATION_OPEN', [
      {
        path: request.role === 'MEMBER' || request.inn ? 'inn' : 'email',
        message: `invitation ${created.holderId} is still open: revoke it first, or wait for the answer`,
      },
    ]);
  }

  const coordinator = await deps.registry.getOrganization(caller.inn);
  try {
    await emailSignedLink(
      {
        claim: (claimedAt) => deps.invitations.claimNotification(invitation.invitationId, claimedAt),
        release: () => deps.invitations.releaseNotification(invitation.invitationId),
      },
      { linkId: invitation.invitationId, scope: 'invitation', expiresAt: invitation.expiresAt },
      (url) =>
        invitationEmail({
          role: invitee.role,
          inviteeName: name,
          cluster,
          coordinator: { inn: caller.inn, name: coordinator?.name ?? caller.inn },
          deadline: invitation.expiresAt,
          link: url,
        }),
      email,
      deps,
    );
  } catch (error) {
    await deps.invitations.end(
      invitation.invitationId,
      {
        status: 'REVOKED',
        at,
        event: {
          at,
          action: 'EMAIL_FAILED',
          actor: 'system',
          detail: { reason: 'the email could not be sent' },
        },
      },
      now,
    );
    throw error;
  }
  return invitationView({ ...invitation, notifiedAt: at }, now);
}

export async function listInvitations(
  clusterId: string,
  page: PageRequest,
  caller: { inn: string },
  deps: CoordinatorDeps,
): Promise<Page<InvitationView>> {
  await coordinatedCluster(clusterId, caller.inn, deps.registry);
  const found = await deps.invitations.listByCluster(clusterId, page);
  const now = deps.clock.now();
  return { items: found.items.map((invitation) => invitationView(invitation, now)), next: found.next };
}

/** The refusal for acting on an invitation that is no longer open, naming what became of it. */
export function notOpen(status: string): ConflictError {
  return new ConflictError(
    `the invitation is ${status}: only an open invitation can be answered or revoked`,
    `INVITATION_${status}`,
  );
}

/** Revokes an open invitation: its link stops working (409) and the invitee may be invited again. */
export async function revokeInvitation(
  clusterId: string,
  invitationId: string,
  caller: { inn: string },
  deps: CoordinatorDeps,
): Promise<InvitationView> {
  await coordinatedCluster(clusterId, caller.inn, deps.registry);
  const invitation = await deps.invitations.get(invitationId);
  if (!invitation || invitation.clusterId !== clusterId) throw new NotFoundError('no such invitation');
  const now = deps.clock.now();
  const status = invitationStatus(invitation, now);
  if (status !== 'PENDING') throw notOpen(status);
  const at = now.toISOString();
  const event = { at, action: 'REVOKED', actor: `coordinator:${caller.inn}` };
  if (!(await deps.invitations.end(invitationId, { status: 'REVOKED', at, event }, now))) {
    // Answered (or expired) in the meantime: say what it is now.
    const latest = await deps.invitations.get(invitationId);
    throw notOpen(latest ? invitationStatus(latest, deps.clock.now()) : 'GONE');
  }
  return invitationView(
    { ...invitation, status: 'REVOKED', revokedAt: at, history: [...invitation.history, event] },
    now,
  );
}
