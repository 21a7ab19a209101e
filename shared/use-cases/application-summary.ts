import { type Application, applicationSectors } from '#shared/domain/application';
import type { ReviewTask } from '#shared/domain/tasks';
import type { ApplicationSummary, ExpertConclusion } from '#shared/notifications/emails';
import type { Registry } from '#shared/use-cases/ports';

/** What experts and officials are shown about an application, in emails and on the pages. */

export type SummaryRegistry = Pick<Registry, 'getCluster' | 'getOrganization'>;

export async function applicationSummary(
  application: Application,
  registry: SummaryRegistry,
): Promise<ApplicationSummary> {
  const invitedBy = application.invitation?.invitedBy;
  const [cluster, applicant, coordinator] = await Promise.all([
    application.cluster || !application.clusterId ? null : registry.getCluster(application.clusterId),
    registry.getOrganization(application.applicantInn),
    invitedBy ? registry.getOrganization(invitedBy) : null,
  ]);
  return {
    applicationId: application.applicationId,
    type: application.type,
    clusterName: application.cluster?.name ?? cluster?.name ?? application.clusterId ?? '',
    sectors: applicationSectors(application, cluster?.sectors),
    project: application.cluster?.project ?? cluster?.project,
    motivation: application.motivation,
    applicant: {
      inn: application.applicantInn,
      name: applicant?.name ?? application.applicantInn,
      ...(applicant ? { sectors: applicant.sectors } : {}),
    },
    // A create application's proposed members; a join's cluster as it is now.
    memberCount: application.cluster
      ? new Set(application.memberInns ?? []).size
      : (cluster?.memberCount ?? 0),
    // A join filed by accepting the coordinator's invitation: who invited it.
    ...(invitedBy ? { invitedBy: { inn: invitedBy, name: coordinator?.name ?? invitedBy } } : {}),
  };
}

/** The proposed members of a create application, with their registry names; none for a join. */
export async function proposedMembers(
  application: Application,
  registry: Pick<Registry, 'getOrganizations'>,
): Promise<Array<{ inn: string; name: string }>> {
  const inns = [...new Set(application.memberInns ?? [])];
  if (inns.length === 0) return [];
  const organizations = await registry.getOrganizations(inns);
  return inns.map((inn) => ({ inn, name: organizations.get(inn)?.name ?? '' }));
}

/** Every answered review of the assigned experts, with the expert's name, in assignment order. */
export async function expertConclusions(
  application: Application,
  reviews: readonly ReviewTask[],
  registry: Pick<Registry, 'getExpert'>,
): Promise<ExpertConclusion[]> {
  const answered = (application.review?.expertIds ?? []).flatMap((expertId) => {
    const task = reviews.find((review) => review.expertId === expertId && review.answer);
    return task?.answer ? [{ expertId, answer: task.answer }] : [];
  });
  const experts = await Promise.all(answered.map(({ expertId }) => registry.getExpert(expertId)));
  return answered.map(({ expertId, answer }, index) => ({
    expertName: experts[index]?.name ?? expertId,
    institution: experts[index]?.institution,
    recommendation: answer.recommendation,
    scores: answer.scores,
    comment: answer.comment,
  }));
}
