import type { Application, Decision } from '#shared/domain/application';
import { partnerKey } from '#shared/domain/invitations';
import type { ClusterMember, ClusterPartner, NewCluster } from '#shared/domain/registry';
import { InconsistentApplicationError } from '#shared/errors';
import { clusterIdFor } from '#shared/ids';
import { loadForStep } from '#shared/use-cases/load-for-step';
import type { Applications, Clock, Registry, TaskReader } from '#shared/use-cases/ports';

export interface ApplyDecisionDeps {
  applications: Applications;
  registry: Registry;
  tasks: Pick<TaskReader, 'getSignoff'>;
  clock: Clock;
}

/**
 * Applies the official's decision. Nothing is half-applied: an approved
 * create application's cluster is prepared invisibly and becomes ACTIVE in
 * the same transaction that marks the application APPROVED; a join adds its
 * membership in that transaction. Safe to retry at any point.
 */
export async function applyDecision(
  applicationId: string,
  deps: ApplyDecisionDeps,
): Promise<{ outcome: Decision['outcome'] }> {
  const application = await loadForStep(deps.applications, applicationId, [
    'AWAITING_SIGNOFF',
    'APPROVED',
    'REJECTED',
  ]);
  if (application.status !== 'AWAITING_SIGNOFF' && application.decision)
    return { outcome: application.decision.outcome };

  const signoff = await deps.tasks.getSignoff(applicationId);
  if (!signoff?.decision)
    // Open and undecided: ending quietly would leave it AWAITING_SIGNOFF for good; FAILED can be redriven.
    throw new InconsistentApplicationError(`application ${applicationId} has no recorded decision`);
  const decision: Decision = { ...signoff.decision, officialId: signoff.officialId };
  const at = deps.clock.now().toISOString();
  const change = {
    applicationId,
    from: ['AWAITING_SIGNOFF'] as const,
    to: decision.outcome,
    at,
    action: 'DECISION_APPLIED',
    actor: `official:${signoff.officialId}`,
    detail: { outcome: decision.outcome },
  };

  if (decision.outcome === 'REJECTED') {
    await deps.applications.transition({ ...change, patch: { decision } });
  } else if (application.type === 'CREATE_CLUSTER') {
    const clusterId = clusterIdFor(applicationId);
    const { cluster, members, partners } = await newCluster(application, clusterId, at, deps.registry);
    await deps.applications.approveCreate(
      { ...change, patch: { decision, createdClusterId: clusterId } },
      cluster,
      members,
      partners,
    );
  } else {
    const clusterId = application.clusterId ?? '';
    const organization = await deps.registry.getOrganization(application.applicantInn);
    const member = {
      inn: application.applicantInn,
      name: organization?.name ?? application.applicantInn,
      joinedAt: at,
    };
    await deps.applications.approveJoin({ ...change, patch: { decision } }, clusterId, member);
  }
  return { outcome: decision.outcome };
}

/**
 * The cluster an approved create application founds: its applicant
 * coordinates it; its members as the registry names them; its partners as
 * the application lists them (after the consent stage, the confirmed ones),
 * one per partner key.
 */
async function newCluster(
  application: Application,
  clusterId: string,
  at: string,
  registry: Pick<Registry, 'getOrganizations'>,
): Promise<{ cluster: NewCluster; members: ClusterMember[]; partners: ClusterPartner[] }> {
  const proposed = application.cluster;
  if (!proposed) throw new TypeError(`create application ${application.applicationId} has no cluster`);
  const inns = [...new Set(application.memberInns ?? [])];
  const organizations = await registry.getOrganizations(inns);
  return {
    cluster: {
      clusterId,
      name: proposed.name,
      sectors: proposed.sectors,
      project: proposed.project,
      createdAt: at,
      createdByApplicationId: application.applicationId,
      coordinatorInn: application.applicantInn,
    },
    members: inns.map((inn) => ({ inn, name: organizations.get(inn)?.name ?? inn, joinedAt: at })),
    partners: [
      ...new Map(
        (application.partners ?? []).map((partner) => [
          partnerKey(partner),
          { ...partner, key: partnerKey(partner), joinedAt: at },
        ]),
      ).values(),
    ],
  };
}
