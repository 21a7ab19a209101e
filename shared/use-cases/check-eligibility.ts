import { type Application, isOpen } from '#shared/domain/application';
import {
  checkCreateCluster,
  checkJoinCluster,
  type Eligibility,
  normalizeClusterName,
} from '#shared/domain/eligibility';
import type { ClusterNameHolder, SlotHolder } from '#shared/domain/registry';
import type { EligibilityStepOutput } from '#shared/schemas/workflow';
import { loadForStep } from '#shared/use-cases/load-for-step';
import type { Applications, Clock, Registry, Tasks } from '#shared/use-cases/ports';

export interface CheckEligibilityDeps {
  applications: Applications;
  registry: Registry;
  tasks: Pick<Tasks, 'clearRound'>;
  clock: Clock;
}

/**
 * Gathers the facts the rules need (registry entries, the name or join slot
 * claim), applies the pure rules and records the result. Claims are
 * conditional writes, so of two open applications for one name or one join
 * slot exactly one passes; the guard is released when the application closes.
 */
export async function checkEligibility(
  applicationId: string,
  deps: CheckEligibilityDeps,
): Promise<EligibilityStepOutput> {
  const application = await loadForStep(deps.applications, applicationId, [
    'SUBMITTED',
    'CHECKING_ELIGIBILITY',
    'AWAITING_CONSENT',
  ]);
  // A retry after the result was recorded: the create application already waits for consent.
  if (application.status === 'AWAITING_CONSENT') return { eligible: true, needsConsent: true };
  if (application.status === 'SUBMITTED') {
    // A resubmission after a return for amendment: the ended round's tasks go (their answers are
    // kept in `rounds`), so the new round opens its own. Nothing of the new round exists yet.
    if (application.rounds?.length) await deps.tasks.clearRound(applicationId);
    await deps.applications.transition({
      applicationId,
      from: ['SUBMITTED'],
      to: 'CHECKING_ELIGIBILITY',
      at: deps.clock.now().toISOString(),
      action: 'ELIGIBILITY_CHECK_STARTED',
      actor: 'system',
    });
  }

  const isCreate = application.type === 'CREATE_CLUSTER';
  const eligibility = isCreate
    ? await evaluateCreate(application, deps.registry, isClosedHolder(deps.applications))
    : await evaluateJoin(application, deps.registry, isClosedHolder(deps.applications));

  const at = deps.clock.now().toISOString();
  if (eligibility.eligible && isCreate) {
    // Members and partners are asked next (the consent stage): the status says so at once.
    await deps.applications.transition({
      applicationId,
      from: ['CHECKING_ELIGIBILITY'],
      to: 'AWAITING_CONSENT',
      at,
      action: 'ELIGIBILITY_CHECKED',
      actor: 'system',
      detail: { eligible: true },
      patch: { eligibility },
    });
  } else if (eligibility.eligible) {
    await deps.applications.update(applicationId, { eligibility, updatedAt: at });
    await deps.applications.appendEvent(applicationId, {
      at,
      action: 'ELIGIBILITY_CHECKED',
      actor: 'system',
      detail: { eligible: true },
    });
  } else {
    await deps.applications.transition({
      applicationId,
      from: ['CHECKING_ELIGIBILITY'],
      to: 'INELIGIBLE',
      at,
      action: 'ELIGIBILITY_CHECKED',
      actor: 'system',
      detail: { eligible: false, reasons: eligibility.reasons.map((reason) => reason.code) },
      patch: { eligibility },
    });
  }
  return { eligible: eligibility.eligible, needsConsent: eligibility.eligible && isCreate };
}

/** A guard held by an application that has since closed (its release was lost in a crash) is free. */
export function isClosedHolder(applications: Pick<Applications, 'get'>) {
  return async (holder: SlotHolder) => {
    if (holder.holderKind !== 'APPLICATION') return false;
    const other = await applications.get(holder.holderId);
    return !other || !isOpen(other.status);
  };
}

type StaleCheck = ReturnType<typeof isClosedHolder>;

async function evaluateCreate(
  application: Application,
  registry: Registry,
  isStale: StaleCheck,
): Promise<Eligibility> {
  const cluster = application.cluster;
  const memberInns = application.memberInns ?? [];
  if (!cluster) throw new TypeError(`create application ${application.applicationId} has no cluster`);
  const normalizedName = normalizeClusterName(cluster.name);
  const [organizations, guard] = await Promise.all([
    registry.getOrganizations([application.applicantInn, ...memberInns]),
    registry.claimClusterName(normalizedName, application.applicationId, isStale),
  ]);
  const nameHolder: ClusterNameHolder =
    guard.holderId === application.applicationId
      ? null
      : guard.holderKind === 'CLUSTER'
        ? { kind: 'CLUSTER', clusterId: guard.holderId }
        : { kind: 'APPLICATION', applicationId: guard.holderId };
  return checkCreateCluster(
    {
      applicationId: application.applicationId,
      applicantInn: application.applicantInn,
      cluster: { name: cluster.name, sectors: cluster.sectors },
      memberInns,
    },
    { organizations, nameHolder },
  );
}

async function evaluateJoin(
  application: Application,
  registry: Registry,
  isStale: StaleCheck,
): Promise<Eligibility> {
  const clusterId = application.clusterId;
  if (!clusterId) throw new TypeError(`join application ${application.applicationId} has no clusterId`);
  const [applicant, cluster, alreadyMember, guard] = await Promise.all([
    registry.getOrganization(application.applicantInn),
    registry.getCluster(clusterId),
    registry.isMember(clusterId, application.applicantInn),
    registry.claimJoinSlot(clusterId, application.applicantInn, application.applicationId, isStale),
  ]);
  return checkJoinCluster(
    { applicationId: application.applicationId, applicantInn: application.applicantInn, clusterId },
    {
      applicant,
      cluster,
      alreadyMember,
      otherOpenApplicationId: guard.holderId === application.applicationId ? null : guard.holderId,
    },
  );
}
