import type { Sector } from '#shared/domain/sectors';

/** The participant registry as the rules see it: organizations, clusters and their members, officials. */

export interface Organization {
  inn: string;
  ogrn: string;
  name: string;
  sectors: Sector[];
  status: 'ACTIVE' | 'SUSPENDED';
  email: string;
}

export interface ClusterSummary {
  clusterId: string;
  name: string;
  sectors: Sector[];
  status: 'PENDING' | 'ACTIVE' | 'DISSOLVED';
  memberCount: number;
}

/** Who currently holds a normalized cluster name. */
export type ClusterNameHolder =
  | { kind: 'CLUSTER'; clusterId: string }
  | { kind: 'APPLICATION'; applicationId: string }
  | null;

/**
 * An organization outside the programme (investor, corporation, university, foreign firm) listed
 * on a create application or invited by a coordinator. It does not count toward the 30 members.
 */
export interface Partner {
  name: string;
  email: string;
  /** A Russian taxpayer number, checked when given. */
  inn?: string;
  /** ISO 3166-1 alpha-2. */
  country?: string;
}

/** A partner listed on a cluster (from its create application, or by accepting an invitation). */
export interface ClusterPartner extends Partner {
  /** `partnerKey`: its INN when it has one, otherwise its normalized email. */
  key: string;
  joinedAt: string;
  /** Set when it joined by accepting an invitation. */
  invitationId?: string;
}

export interface ClusterMember {
  inn: string;
  name: string;
  joinedAt: string;
}

export interface ClusterRecord extends ClusterSummary {
  project?: { title: string; summary: string };
  /** The organization that coordinates the cluster: the applicant whose create application made it. */
  coordinatorInn?: string;
  createdAt: string;
  createdByApplicationId?: string;
}

/** A cluster about to be created by an approved application (written PENDING, then ACTIVE). */
export type NewCluster = Omit<ClusterRecord, 'status' | 'memberCount'>;

/** `HEAD`: the department head, to whom an undecided sign-off is escalated. */
export type OfficialRole = 'OFFICIAL' | 'HEAD';

export interface Official {
  officialId: string;
  name: string;
  email: string;
  role: OfficialRole;
  /** An inactive official (left, on leave) is given no sign-off and cannot be delegated to. */
  active: boolean;
  /** The job title, shown to people. */
  position?: string;
}

/** An official as stored before roles existed: an active, ordinary official. */
export function withOfficialDefaults(
  official: Omit<Official, 'role' | 'active'> & Partial<Pick<Official, 'role' | 'active'>>,
): Official {
  return { ...official, role: official.role ?? 'OFFICIAL', active: official.active ?? true };
}

/** The officials a sign-off can be handed to: active, and not `except`. */
export function activeOfficials(officials: readonly Official[], except?: string): Official[] {
  return officials.filter((official) => official.active && official.officialId !== except);
}

/** The active department head who takes over an undecided sign-off, never its current holder. */
export function escalationHead(officials: readonly Official[], holder: string): Official | undefined {
  return activeOfficials(officials, holder)
    .filter((official) => official.role === 'HEAD')
    .sort((a, b) => (a.officialId < b.officialId ? -1 : a.officialId > b.officialId ? 1 : 0))[0];
}

/** Who holds a unique slot (a cluster name, a join of one organization to one cluster). */
export interface SlotHolder {
  holderKind: 'CLUSTER' | 'APPLICATION';
  holderId: string;
}
