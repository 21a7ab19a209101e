import type { Partner } from '#shared/domain/registry';

/**
 * A coordinator's invitation to its cluster: an organization of the
 * programme as a MEMBER (accepting files a join application on its behalf),
 * or anyone as a PARTNER (accepting lists it on the cluster at once). Pure
 * rules: who an invitee is, and what an invitation's status is at a time.
 */

export type InvitationRole = 'MEMBER' | 'PARTNER';

/** As stored. EXPIRED is never stored: a PENDING invitation past its expiry is EXPIRED when read. */
export type StoredInvitationStatus = 'PENDING' | 'ACCEPTED' | 'DECLINED' | 'REVOKED';
export type InvitationStatus = StoredInvitationStatus | 'EXPIRED';

export const INVITATION_STATUSES = [
  'PENDING',
  'ACCEPTED',
  'DECLINED',
  'REVOKED',
  'EXPIRED',
] as const satisfies readonly InvitationStatus[];

export type Invitee = { role: 'MEMBER'; inn: string } | ({ role: 'PARTNER' } & Partner);

/** One entry of an invitation's own history: who did what, when. */
export interface InvitationEvent {
  at: string;
  /** INVITED, EMAILED, REVOKED, ACCEPTED, DECLINED, EMAIL_FAILED. */
  action: string;
  /** `coordinator:<inn>`, `invitee`, `system`. */
  actor: string;
  detail?: Record<string, unknown>;
}

export interface Invitation {
  invitationId: string;
  clusterId: string;
  /** The cluster's coordinator when it invited. */
  invitedBy: string;
  invitee: Invitee;
  /** What the one-open-invitation rule keys on: see `inviteeKey`. */
  inviteeKey: string;
  /** Where the link went: the organization's registry address, or the partner's. */
  email: string;
  status: StoredInvitationStatus;
  createdAt: string;
  expiresAt: string;
  answeredAt?: string;
  revokedAt?: string;
  /** An accepted MEMBER invitation: the join application filed on the invitee's behalf. */
  applicationId?: string;
  /** An accepted MEMBER invitation: what the invitee gave on the page (kept to finish a filing a crash cut short). */
  answer?: { contactEmail: string; motivation: string };
  notifiedAt?: string;
  history: InvitationEvent[];
}

/** Marks a join application filed by accepting a MEMBER invitation. */
export interface InvitationRef {
  invitationId: string;
  /** The coordinator's INN. */
  invitedBy: string;
  clusterId: string;
}

/** Addresses compare without case or surrounding space (`Info@X.ru` is `info@x.ru`). */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/**
 * Who a partner is, for "one open invitation per invitee" and "already a
 * partner": its INN when it has one, otherwise its normalized email.
 */
export function partnerKey(partner: Pick<Partner, 'email' | 'inn'>): string {
  return partner.inn ? `INN#${partner.inn}` : `EMAIL#${normalizeEmail(partner.email)}`;
}

/** A member invitee is its INN; a partner as `partnerKey` says (so a partner with an INN is that INN too). */
export function inviteeKey(invitee: Invitee): string {
  return invitee.role === 'MEMBER' ? `INN#${invitee.inn}` : partnerKey(invitee);
}

export function isExpired(invitation: Pick<Invitation, 'expiresAt'>, now: Date): boolean {
  return now.getTime() >= Date.parse(invitation.expiresAt);
}

/** The status as of `now`: an unanswered invitation past its expiry is EXPIRED. */
export function invitationStatus(
  invitation: Pick<Invitation, 'status' | 'expiresAt'>,
  now: Date,
): InvitationStatus {
  return invitation.status === 'PENDING' && isExpired(invitation, now) ? 'EXPIRED' : invitation.status;
}
