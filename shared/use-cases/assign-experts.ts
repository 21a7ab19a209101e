import { addSeconds } from '#shared/clock';
import type { Application } from '#shared/domain/application';
import { assignExperts as pickExperts } from '#shared/domain/assignment';
import type { Sector } from '#shared/domain/sectors';
import { NoExpertsAvailableError } from '#shared/errors';
import type { AssignmentStepOutput } from '#shared/schemas/workflow';
import { loadForStep } from '#shared/use-cases/load-for-step';
import type { Applications, Clock, Registry } from '#shared/use-cases/ports';

export interface AssignExpertsConfig {
  expertsPerCreate: number;
  expertsPerJoin: number;
  reviewTimeoutSeconds: number;
}

export interface AssignExpertsDeps {
  applications: Applications;
  registry: Registry;
  clock: Clock;
  config: AssignExpertsConfig;
}

const output = (application: Application): AssignmentStepOutput => ({
  experts: (application.review?.expertIds ?? []).map((expertId) => ({ expertId })),
  deadline: application.review?.deadline ?? '',
});

/**
 * Picks the experts and opens the review stage: a join application comes
 * from eligibility (CHECKING_ELIGIBILITY), a create application from its
 * consent stage (already IN_REVIEW, with its confirmed members). Idempotent:
 * re-entering the stage (retry, restart, redrive) returns the experts already
 * assigned and keeps the original deadline.
 */
export async function assignExpertsToApplication(
  applicationId: string,
  deps: AssignExpertsDeps,
): Promise<AssignmentStepOutput> {
  const application = await loadForStep(deps.applications, applicationId, [
    'CHECKING_ELIGIBILITY',
    'IN_REVIEW',
  ]);
  if (application.status === 'IN_REVIEW' && application.review) return output(application);

  const { sectors, conflictedInns } = await reviewContext(application, deps.registry);
  const count =
    application.type === 'CREATE_CLUSTER' ? deps.config.expertsPerCreate : deps.config.expertsPerJoin;
  const pool = await deps.registry.listExperts();
  const result = pickExperts({ applicationId, sectors, count, conflictedInns }, pool);
  if (!result.ok) throw new NoExpertsAvailableError(result.cause);

  const now = deps.clock.now();
  const review = {
    expertIds: result.experts.map((expert) => expert.expertId),
    deadline: addSeconds(now, deps.config.reviewTimeoutSeconds).toISOString(),
    usedRelatedSectors: result.usedRelatedSectors,
  };
  const change = await deps.applications.transition({
    applicationId,
    from: ['CHECKING_ELIGIBILITY', 'IN_REVIEW'],
    to: 'IN_REVIEW',
    at: now.toISOString(),
    action: 'EXPERTS_ASSIGNED',
    actor: 'system',
    detail: {
      experts: review.expertIds.length,
      usedRelatedSectors: review.usedRelatedSectors,
      deadline: review.deadline,
    },
    patch: { review },
    precondition: (current) => !current.review,
  });
  if (!change.changed) {
    // A concurrent run of this step got there first: use its assignment.
    return output(await loadForStep(deps.applications, applicationId, ['IN_REVIEW']));
  }
  await deps.registry.adjustExpertLoad(review.expertIds, 1);
  return output(change.application);
}

/** The sectors to review in and the organizations an expert must not be affiliated with. */
async function reviewContext(
  application: Application,
  registry: Registry,
): Promise<{ sectors: Sector[]; conflictedInns: Set<string> }> {
  if (application.type === 'CREATE_CLUSTER') {
    return {
      sectors: application.cluster?.sectors ?? [],
      conflictedInns: new Set([application.applicantInn, ...(application.memberInns ?? [])]),
    };
  }
  const clusterId = application.clusterId ?? '';
  const [cluster, memberInns] = await Promise.all([
    registry.getCluster(clusterId),
    registry.memberInnsOf(clusterId),
  ]);
  return {
    sectors: cluster?.sectors ?? [],
    conflictedInns: new Set([application.applicantInn, ...memberInns]),
  };
}
