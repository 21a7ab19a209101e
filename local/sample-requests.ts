import { sampleCluster, sampleOrganizations } from '#local/sample-data';
import { makeInn, makeOgrn } from '#shared/domain/inn';
import type { Organization } from '#shared/domain/registry';
import type { Sector } from '#shared/domain/sectors';

/** Requests built from the sample data, for the demo, the benchmarks and the tests. */

const ORGANIZATIONS = sampleOrganizations();
const SAMPLE_CLUSTER = sampleCluster(ORGANIZATIONS, '2026-01-15T09:00:00.000Z');
const SAMPLE_CLUSTER_MEMBERS = new Set(SAMPLE_CLUSTER.members.map((member) => member.inn));

export const sample = {
  organizations: ORGANIZATIONS,
  cluster: SAMPLE_CLUSTER.cluster,
  clusterMemberInns: SAMPLE_CLUSTER_MEMBERS,
  /** Active organizations working in one of the sectors, skipping `skip` of them (so tests use distinct ones). */
  activeIn(sectors: readonly Sector[], count: number, skip = 0): Organization[] {
    const found = ORGANIZATIONS.filter(
      (org) => org.status === 'ACTIVE' && org.sectors.some((sector) => sectors.includes(sector)),
    ).slice(skip, skip + count);
    if (found.length < count)
      throw new Error(`only ${found.length} active organizations in ${sectors.join(',')}`);
    return found;
  },
  /**
   * The `index`-th active organization that may join the sample cluster (works in one of its
   * sectors, not a member yet): tests and the demo take distinct ones.
   */
  joinCandidate(index: number): Organization {
    const candidates = ORGANIZATIONS.filter(
      (org) =>
        org.status === 'ACTIVE' &&
        !SAMPLE_CLUSTER_MEMBERS.has(org.inn) &&
        org.sectors.some((sector) => SAMPLE_CLUSTER.cluster.sectors.includes(sector)),
    );
    const candidate = candidates[index];
    if (!candidate) throw new Error(`only ${candidates.length} organizations can join the sample cluster`);
    return candidate;
  },
  suspended(): Organization {
    const org = ORGANIZATIONS.find((candidate) => candidate.status === 'SUSPENDED');
    if (!org) throw new Error('no suspended organization in the sample data');
    return org;
  },
};

export function createClusterBody(members: readonly Organization[], name: string, sectors: Sector[]) {
  const [applicant] = members;
  if (!applicant) throw new Error('no members');
  return {
    type: 'CREATE_CLUSTER',
    applicantInn: applicant.inn,
    contactEmail: `applicant@${applicant.inn}.example.org`,
    cluster: {
      name,
      sectors,
      project: { title: `${name}: joint project`, summary: 'A joint R&D project of the members.' },
    },
    memberInns: members.map((member) => member.inn),
  };
}

export function joinClusterBody(applicant: Organization, clusterId: string) {
  return {
    type: 'JOIN_CLUSTER',
    applicantInn: applicant.inn,
    contactEmail: `applicant@${applicant.inn}.example.org`,
    clusterId,
    motivation: 'We make the sensors the cluster needs.',
  };
}

export const approveReview = {
  recommendation: 'APPROVE',
  innovation: 8,
  feasibility: 7,
  cooperation: 9,
  comment: 'Strong consortium.',
};
export const rejectReview = {
  recommendation: 'REJECT',
  innovation: 3,
  feasibility: 2,
  cooperation: 4,
  comment: 'Project lacks focus.',
};

/**
 * Organizations outside the sample registry (for the benchmarks and the scale tests, which load them
 * first): valid INNs and OGRNs from `seed` on, active in `sectors`, each with its own email.
 */
export function extraOrganizations(
  count: number,
  seed: number,
  sectors: Organization['sectors'],
): Organization[] {
  return Array.from({ length: count }, (_, index) => ({
    inn: makeInn(seed + index, 'legal'),
    ogrn: makeOgrn(seed + index),
    name: `Bench org ${seed + index}`,
    sectors,
    status: 'ACTIVE' as const,
    email: `bench${seed + index}@example.org`,
  }));
}
