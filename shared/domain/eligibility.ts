/**
 * Eligibility rules for CREATE_CLUSTER and JOIN_CLUSTER applications.
 *
 * Pure: callers gather the facts (registry entries, the name holder, the
 * cluster) and these functions decide. Every broken rule is reported, not
 * only the first, so an applicant can fix everything in one go. Reasons are
 * ordered by their position in REASON_CODES, then by the member's position in
 * the submitted list, so the same application always gets the same answer.
 * The registry's types are in registry.ts, the reasons' wording in eligibility-wording.ts.
 */

import type { ClusterNameHolder, ClusterSummary, Organization } from '#shared/domain/registry';
import { type Sector, sectorGroups } from '#shared/domain/sectors';

export const REASON_CODES = [
  'TOO_FEW_MEMBERS',
  'DUPLICATE_MEMBER',
  'APPLICANT_NOT_IN_MEMBERS',
  'NOT_A_PARTICIPANT',
  'PARTICIPANT_SUSPENDED',
  'SECTOR_MISMATCH',
  'SECTORS_NOT_RELATED',
  'CLUSTER_NAME_TAKEN',
  'CLUSTER_NOT_FOUND',
  'CLUSTER_NOT_ACTIVE',
  'ALREADY_MEMBER',
  'DUPLICATE_OPEN_APPLICATION',
  'TOO_FEW_CONFIRMED',
] as const;

export type ReasonCode = (typeof REASON_CODES)[number];

export interface IneligibilityReason {
  code: ReasonCode;
  inn?: string;
  message: string;
  /** SECTORS_NOT_RELATED only: the groups of chosen sectors that do not reach each other (see sectorGroups). */
  sectorGroups?: Sector[][];
}

export interface Eligibility {
  eligible: boolean;
  reasons: IneligibilityReason[];
}

export const MIN_CLUSTER_MEMBERS = 30;

export interface CreateClusterApplication {
  applicationId: string;
  applicantInn: string;
  cluster: { name: string; sectors: Sector[] };
  memberInns: string[];
}

export interface CreateClusterFacts {
  /** Registry entries for the members that exist; a missing key means "not in the registry". */
  organizations: ReadonlyMap<string, Organization>;
  nameHolder: ClusterNameHolder;
}

export interface JoinClusterApplication {
  applicationId: string;
  applicantInn: string;
  clusterId: string;
}

export interface JoinClusterFacts {
  applicant: Organization | null;
  cluster: ClusterSummary | null;
  alreadyMember: boolean;
  /** An open join application by the same applicant for the same cluster, if any. */
  otherOpenApplicationId: string | null;
}

/**
 * The key under which cluster names must be unique ("case- and
 * space-insensitive"). NFKC first so full-width letters and ligatures match
 * their plain forms; upper-then-lower case so that e.g. "ß"/"SS" match;
 * final sigma and "ё" folded because people type them interchangeably with
 * "σ" and "е"; all whitespace and invisible format characters removed so
 * "Nano Tech", "NanoTech" and "nano\u00a0tech" collide.
 */
export function normalizeClusterName(name: string): string {
  return name
    .normalize('NFKC')
    .replace(/[\s\p{Cf}]+/gu, '')
    .toUpperCase()
    .toLowerCase()
    .replace(/ё/g, 'е')
    .replace(/ς/g, 'σ');
}

const CODE_RANK: ReadonlyMap<ReasonCode, number> = new Map(REASON_CODES.map((code, index) => [code, index]));

/** Stable sort keeps member order within a code. */
function toEligibility(reasons: IneligibilityReason[]): Eligibility {
  const ordered = [...reasons].sort((a, b) => (CODE_RANK.get(a.code) ?? 0) - (CODE_RANK.get(b.code) ?? 0));
  return { eligible: ordered.length === 0, reasons: ordered };
}

const sectorList = (sectors: readonly Sector[]): string => sectors.join(', ');

export function checkCreateCluster(
  application: CreateClusterApplication,
  facts: CreateClusterFacts,
): Eligibility {
  const reasons: IneligibilityReason[] = [];
  const { applicantInn, cluster, memberInns } = application;

  const distinct: string[] = [];
  const seen = new Set<string>();
  const reportedDuplicates = new Set<string>();
  for (const inn of memberInns) {
    if (!seen.has(inn)) {
      seen.add(inn);
      distinct.push(inn);
    } else if (!reportedDuplicates.has(inn)) {
      reportedDuplicates.add(inn);
      reasons.push({ code: 'DUPLICATE_MEMBER', inn, message: `Member ${inn} is listed more than once.` });
    }
  }

  if (distinct.length < MIN_CLUSTER_MEMBERS) {
    reasons.push({
      code: 'TOO_FEW_MEMBERS',
      message: `A cluster needs at least ${MIN_CLUSTER_MEMBERS} distinct members; the application lists ${distinct.length}.`,
    });
  }

  if (!seen.has(applicantInn)) {
    reasons.push({
      code: 'APPLICANT_NOT_IN_MEMBERS',
      inn: applicantInn,
      message: `The applicant ${applicantInn} is not in the member list.`,
    });
  }

  const clusterSectors = new Set<Sector>(cluster.sectors);
  for (const inn of distinct) {
    const organization = facts.organizations.get(inn);
    if (organization === undefined) {
      reasons.push({ code: 'NOT_A_PARTICIPANT', inn, message: `${inn} is not in the participant registry.` });
    } else if (organization.status !== 'ACTIVE') {
      reasons.push({ code: 'PARTICIPANT_SUSPENDED', inn, message: `${inn} is a suspended participant.` });
    } else if (!organization.sectors.some((sector) => clusterSectors.has(sector))) {
      reasons.push({
        code: 'SECTOR_MISMATCH',
        inn,
        message: `${inn} works in none of the cluster's sectors (${sectorList(cluster.sectors)}).`,
      });
    }
  }

  // Connected, not pairwise: every sector reaches every other through related chosen sectors.
  const groups = sectorGroups(cluster.sectors);
  if (groups.length > 1) {
    reasons.push({
      code: 'SECTORS_NOT_RELATED',
      message: `The cluster's sectors are not connected through related sectors: ${groups.map((group) => `{${sectorList(group)}}`).join(' | ')}.`,
      sectorGroups: groups,
    });
  }

  const holder = facts.nameHolder;
  if (holder?.kind === 'CLUSTER') {
    reasons.push({
      code: 'CLUSTER_NAME_TAKEN',
      message: `A cluster named "${cluster.name}" already exists.`,
    });
  } else if (holder?.kind === 'APPLICATION' && holder.applicationId !== application.applicationId) {
    // The other application may be another organization's: its id stays out of the message.
    reasons.push({
      code: 'DUPLICATE_OPEN_APPLICATION',
      message: `Another open application already proposes the cluster name "${cluster.name}".`,
    });
  }

  return toEligibility(reasons);
}

export function checkJoinCluster(application: JoinClusterApplication, facts: JoinClusterFacts): Eligibility {
  const reasons: IneligibilityReason[] = [];
  const inn = application.applicantInn;
  const { applicant, cluster } = facts;

  if (applicant === null) {
    reasons.push({ code: 'NOT_A_PARTICIPANT', inn, message: `${inn} is not in the participant registry.` });
  } else if (applicant.status !== 'ACTIVE') {
    reasons.push({ code: 'PARTICIPANT_SUSPENDED', inn, message: `${inn} is a suspended participant.` });
  }

  if (cluster === null) {
    reasons.push({ code: 'CLUSTER_NOT_FOUND', message: `Cluster ${application.clusterId} does not exist.` });
  } else {
    if (cluster.status !== 'ACTIVE') {
      reasons.push({
        code: 'CLUSTER_NOT_ACTIVE',
        message: `Cluster ${cluster.clusterId} is not active (${cluster.status.toLowerCase()}).`,
      });
    }
    // Same rule as for create: a sector check only means something for an active participant.
    if (applicant?.status === 'ACTIVE' && !applicant.sectors.some((s) => cluster.sectors.includes(s))) {
      reasons.push({
        code: 'SECTOR_MISMATCH',
        inn,
        message: `${inn} works in none of the cluster's sectors (${sectorList(cluster.sectors)}).`,
      });
    }
  }

  if (facts.alreadyMember) {
    reasons.push({
      code: 'ALREADY_MEMBER',
      inn,
      message: `${inn} is already a member of cluster ${application.clusterId}.`,
    });
  }

  const other = facts.otherOpenApplicationId;
  if (other !== null && other !== application.applicationId) {
    reasons.push({
      code: 'DUPLICATE_OPEN_APPLICATION',
      inn,
      message: `${inn} already has an open application ${other} to join cluster ${application.clusterId}.`,
    });
  }

  return toEligibility(reasons);
}
