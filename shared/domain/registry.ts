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

export interface Official {
  officialId: string;
  name: string;
  email: string;
  position: string;
}

/** Who holds a unique slot (a cluster name, a join of one organization to one cluster). */
export interface SlotHolder {
  holderKind: 'CLUSTER' | 'APPLICATION';
  holderId: string;
}
