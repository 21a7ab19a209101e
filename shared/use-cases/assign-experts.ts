import { addSeconds } from '#shared/clock';
import {
  type Application,
  everAssigned,
  panelSizeOf,
  type Recusal,
  replacementsMade,
} from '#shared/domain/application';
import {
  assignPanelAgain,
  type Expert,
  isActiveExpert,
  assignExperts as pickExperts,
} from '#shared/domain/assignment';
import type { Sector } from '#shared/domain/sectors';
import { NoExpertsAvailableError, TransientError } from '#shared/errors';
import type { AssignmentStepOutput, ReplacementStepOutput } from '#shared/schemas/workflow';
import { loadForStep } from '#shared/use-cases/load-for-step';
import type { Applications, Clock, Registry, Tasks } from '#shared/use-cases/ports';

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
  const request = {
    applicationId,
    sectors,
    count,
    conflictedInns,
    jointPanel: application.type === 'CREATE_CLUSTER',
  };
  // A resubmitted application goes back to the experts who examined it (replaced where they cannot).
  const previousExpertIds = application.rounds?.at(-1)?.review?.expertIds;
  const result = previousExpertIds
    ? assignPanelAgain({ ...request, previousExpertIds }, pool)
    : pickExperts(request, pool);
  if (!result.ok) throw new NoExpertsAvailableError(result.cause);

  const now = deps.clock.now();
  const review = {
    expertIds: result.experts.map((expert) => expert.expertId),
    deadline: addSeconds(now, deps.config.reviewTimeoutSeconds).toISOString(),
    usedRelatedSectors: result.usedRelatedSectors,
    panelSize: result.experts.length,
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
      ...(previousExpertIds
        ? {
            reviewedBefore: review.expertIds.filter((expertId) => previousExpertIds.includes(expertId))
              .length,
          }
        : {}),
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

export interface ReplaceExpertDeps extends AssignExpertsDeps {
  tasks: Pick<Tasks, 'getReview'>;
  config: AssignExpertsConfig & {
    /** Replacements one application may have in all (README "Recusal and replacement"). */
    maxReplacementsPerApplication: number;
  };
}

/** Concurrent recusals of one panel serialize on the application's version: a loser tries again. */
const REPLACE_ATTEMPTS = 5;

const replacementOutput = (recusal: Recusal): ReplacementStepOutput =>
  recusal.replacementId
    ? { expertId: recusal.replacementId, deadline: recusal.replacementDeadline ?? '' }
    : {};

/**
 * An expert recused (the review page recorded it): assigns a replacement at
 * once under the assignment rules (sectors with the related-sector fallback,
 * conflicts, the joint panel's institutions, load), never anyone assigned to
 * the application before, with a full review deadline of its own; releases
 * the recused expert's load. Without a replacement (nobody left, or the
 * application's replacement limit reached) the stage goes on with the others,
 * and the quorum stays counted against the panel first assigned. Idempotent:
 * a re-run returns the replacement recorded.
 */
export async function replaceRecusedExpert(
  input: { applicationId: string; recusedExpertId: string },
  deps: ReplaceExpertDeps,
): Promise<ReplacementStepOutput> {
  const { applicationId, recusedExpertId } = input;
  for (let attempt = 0; attempt < REPLACE_ATTEMPTS; attempt++) {
    const application = await loadForStep(deps.applications, applicationId, ['IN_REVIEW']);
    const review = application.review;
    if (!review) throw new Error(`application ${applicationId} has no review stage`);
    const recorded = review.recusals?.find((recusal) => recusal.expertId === recusedExpertId);
    if (recorded) return replacementOutput(recorded);
    const task = await deps.tasks.getReview(applicationId, recusedExpertId);
    if (task?.status !== 'RECUSED' || !review.expertIds.includes(recusedExpertId)) {
      throw new Error(`expert ${recusedExpertId} has not recused from application ${applicationId}`);
    }

    const now = deps.clock.now();
    const remaining = review.expertIds.filter((expertId) => expertId !== recusedExpertId);
    const limitReached = replacementsMade(review) >= deps.config.maxReplacementsPerApplication;
    // An operator's reassignment names the replacement (and is not bound by the limit): still
    // assignable, it is taken; otherwise the usual rules pick one.
    const requested = task.recusal?.reassignedTo
      ? await requestedReplacement(application, task.recusal.reassignedTo, deps.registry)
      : null;
    const replacement =
      (typeof requested === 'object' ? requested : null) ??
      (limitReached ? null : await pickReplacement(application, remaining, deps.registry));
    const recusal: Recusal = {
      expertId: recusedExpertId,
      reason: task.recusal?.reason ?? '',
      at: now.toISOString(),
      replacementId: replacement?.expertId ?? null,
      ...(replacement
        ? { replacementDeadline: addSeconds(now, deps.config.reviewTimeoutSeconds).toISOString() }
        : {}),
    };
    const cause = limitReached
      ? `the application has had ${deps.config.maxReplacementsPerApplication} replacements, the most allowed`
      : 'no other expert without a conflict of interest covers the sectors';
    const change = await deps.applications.transition({
      applicationId,
      from: ['IN_REVIEW'],
      to: 'IN_REVIEW',
      at: recusal.at,
      action: replacement ? 'REPLACEMENT_ASSIGNED' : 'NO_REPLACEMENT',
      actor: 'system',
      detail: {
        expertId: recusedExpertId,
        reason: recusal.reason,
        ...(replacement
          ? {
              replacementId: replacement.expertId,
              deadline: recusal.replacementDeadline,
              ...(task.recusal?.reassignedBy ? { reassignedBy: task.recusal.reassignedBy } : {}),
            }
          : { cause }),
      },
      // Computed from this read: a concurrent change of the panel makes this attempt start over.
      precondition: (current) => current.version === application.version,
      patch: {
        review: {
          ...review,
          panelSize: panelSizeOf(review),
          expertIds: replacement ? [...remaining, replacement.expertId] : remaining,
          recusals: [...(review.recusals ?? []), recusal],
        },
      },
    });
    if (change.changed) {
      await deps.registry.adjustExpertLoad([recusedExpertId], -1);
      if (replacement) await deps.registry.adjustExpertLoad([replacement.expertId], 1);
      return replacementOutput(recusal);
    }
  }
  throw new TransientError(`the review panel of ${applicationId} kept changing; trying again`);
}

/**
 * Whether `expertId` may take a place on the application's panel: in the
 * directory, never assigned to the application before, not affiliated with
 * the applicant or a member. The expert, or why not.
 */
export async function requestedReplacement(
  application: Application,
  expertId: string,
  registry: Pick<Registry, 'getExpert' | 'getCluster' | 'memberInnsOf'>,
): Promise<Expert | string> {
  const expert = await registry.getExpert(expertId);
  if (!expert) return `no expert ${expertId} in the directory`;
  if (!isActiveExpert(expert)) return `expert ${expertId} is deactivated`;
  if (application.review && everAssigned(application.review).has(expertId)) {
    return `expert ${expertId} has already been assigned to this application`;
  }
  const { conflictedInns } = await reviewContext(application, registry);
  if (conflictedInns.has(expert.affiliationInn)) {
    return `expert ${expertId} is affiliated with the applicant or a member (conflict of interest)`;
  }
  return expert;
}

async function pickReplacement(application: Application, remaining: readonly string[], registry: Registry) {
  const review = application.review;
  if (!review) return null;
  const { sectors, conflictedInns } = await reviewContext(application, registry);
  const pool = await registry.listExperts();
  const byId = new Map(pool.map((expert) => [expert.expertId, expert]));
  const result = pickExperts(
    {
      applicationId: application.applicationId,
      sectors,
      count: 1,
      conflictedInns,
      excludedExpertIds: everAssigned(review),
      jointPanel: application.type === 'CREATE_CLUSTER',
      panelInstitutions: remaining.flatMap((expertId) => {
        const expert = byId.get(expertId);
        return expert ? [expert.institution] : [];
      }),
    },
    pool,
  );
  return result.ok ? (result.experts[0] ?? null) : null;
}

/** The sectors to review in and the organizations an expert must not be affiliated with. */
export async function reviewContext(
  application: Pick<Application, 'type' | 'cluster' | 'applicantInn' | 'memberInns' | 'clusterId'>,
  registry: Pick<Registry, 'getCluster' | 'memberInnsOf'>,
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
