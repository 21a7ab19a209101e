import type { Eligibility } from '#shared/domain/eligibility';
import type { ReviewTally } from '#shared/domain/tally';
import type { LinkParams } from '#shared/links/signature';
import type { ApplicationSummary, ExpertConclusion } from '#shared/notifications/emails';
import {
  type ConsentAccessDeps,
  consentLinkAccess,
  type LinkAccessDeps,
  reviewLinkAccess,
  signoffLinkAccess,
} from '#shared/use-cases/answer-access';
import {
  applicationSummary,
  expertConclusions,
  proposedMembers,
  type SummaryRegistry,
} from '#shared/use-cases/application-summary';
import type { Registry, TaskReader } from '#shared/use-cases/ports';

/** What the GET of an emailed link shows. Reads only: opening a link changes nothing. */

export interface ReviewPageView {
  linkId: string;
  expiresAt: string;
  expertName: string;
  summary: ApplicationSummary;
  members: Array<{ inn: string; name: string }>;
}

export interface SignoffPageView {
  linkId: string;
  expiresAt: string;
  officialName: string;
  summary: ApplicationSummary;
  eligibility: Eligibility | null;
  reviews: ExpertConclusion[];
  tally: ReviewTally | null;
}

export interface LinkPageDeps extends LinkAccessDeps {
  registry: SummaryRegistry & Pick<Registry, 'getOrganizations' | 'getExpert' | 'getOfficial'>;
  tasks: LinkAccessDeps['tasks'] & Pick<TaskReader, 'listReviews'>;
}

export async function reviewPageView(params: LinkParams, deps: LinkPageDeps): Promise<ReviewPageView> {
  const { link, task, application } = await reviewLinkAccess(params, deps);
  const [expert, summary, members] = await Promise.all([
    deps.registry.getExpert(task.expertId),
    applicationSummary(application, deps.registry),
    proposedMembers(application, deps.registry),
  ]);
  return { linkId: link.linkId, expiresAt: link.expiresAt, expertName: expert?.name ?? '', summary, members };
}

export async function signoffPageView(params: LinkParams, deps: LinkPageDeps): Promise<SignoffPageView> {
  const { link, task, application } = await signoffLinkAccess(params, deps);
  const [official, summary, reviews] = await Promise.all([
    deps.registry.getOfficial(task.officialId),
    applicationSummary(application, deps.registry),
    deps.tasks
      .listReviews(application.applicationId)
      .then((tasks) => expertConclusions(application, tasks, deps.registry)),
  ]);
  return {
    linkId: link.linkId,
    expiresAt: link.expiresAt,
    officialName: official?.name ?? '',
    summary,
    eligibility: application.eligibility,
    reviews,
    tally: application.tally,
  };
}

export interface ConsentPageView {
  linkId: string;
  expiresAt: string;
  partyName: string;
  role: 'member' | 'partner';
  summary: ApplicationSummary;
}

export async function consentPageView(
  params: LinkParams,
  deps: ConsentAccessDeps & { registry: SummaryRegistry },
): Promise<ConsentPageView> {
  const { request, application } = await consentLinkAccess(params, deps);
  return {
    linkId: request.linkId,
    expiresAt: request.expiresAt,
    partyName: request.party.name,
    role: request.party.kind,
    summary: await applicationSummary(application, deps.registry),
  };
}
