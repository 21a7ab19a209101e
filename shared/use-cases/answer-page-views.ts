import type { Institution } from '#shared/domain/assignment';
import type { Eligibility } from '#shared/domain/eligibility';
import { activeOfficials } from '#shared/domain/registry';
import type { ReviewTally } from '#shared/domain/tally';
import type { LinkParams } from '#shared/links/signature';
import type { ApplicationSummary, ExpertConclusion, SignoffHandoverNote } from '#shared/notifications/emails';
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
import { handoverNote } from '#shared/use-cases/request-signoff';
import { canReturn } from '#shared/use-cases/return-for-amendment';

/** What the GET of an emailed link shows. Reads only: opening a link changes nothing. */

export interface ReviewPageView {
  linkId: string;
  expiresAt: string;
  expertName: string;
  expertInstitution?: Institution | undefined;
  summary: ApplicationSummary;
  members: Array<{ inn: string; name: string }>;
  /** The eligibility check's result: experts see it too. */
  eligibility?: Eligibility | null | undefined;
}

export interface SignoffPageView {
  linkId: string;
  expiresAt: string;
  officialName: string;
  summary: ApplicationSummary;
  /** A create application's proposed members (none for a join). */
  members?: Array<{ inn: string; name: string }> | undefined;
  eligibility: Eligibility | null;
  reviews: ExpertConclusion[];
  tally: ReviewTally | null;
  /** How the sign-off reached this official, when it was escalated or delegated to it. */
  handover?: SignoffHandoverNote | undefined;
  /** Whom the official may delegate to: the active officials other than itself. */
  delegates: Array<{ officialId: string; name: string; position?: string | undefined }>;
  /** Returns for amendment so far, and whether one more is allowed (at most 2). */
  returns: number;
  canReturn: boolean;
}

export interface LinkPageDeps extends LinkAccessDeps {
  registry: SummaryRegistry &
    Pick<Registry, 'getOrganizations' | 'getExpert' | 'getOfficial' | 'listOfficials'>;
  tasks: LinkAccessDeps['tasks'] & Pick<TaskReader, 'listReviews'>;
}

export async function reviewPageView(params: LinkParams, deps: LinkPageDeps): Promise<ReviewPageView> {
  const { link, task, application } = await reviewLinkAccess(params, deps);
  const [expert, summary, members] = await Promise.all([
    deps.registry.getExpert(task.expertId),
    applicationSummary(application, deps.registry),
    proposedMembers(application, deps.registry),
  ]);
  return {
    linkId: link.linkId,
    expiresAt: link.expiresAt,
    expertName: expert?.name ?? '',
    expertInstitution: expert?.institution,
    summary,
    members,
    eligibility: application.eligibility,
  };
}

export async function signoffPageView(params: LinkParams, deps: LinkPageDeps): Promise<SignoffPageView> {
  const { link, task, application } = await signoffLinkAccess(params, deps);
  const [officials, summary, members, reviews] = await Promise.all([
    deps.registry.listOfficials(),
    applicationSummary(application, deps.registry),
    proposedMembers(application, deps.registry),
    deps.tasks
      .listReviews(application.applicationId)
      .then((tasks) => expertConclusions(application, tasks, deps.registry)),
  ]);
  const official =
    officials.find((candidate) => candidate.officialId === task.officialId) ??
    (await deps.registry.getOfficial(task.officialId));
  return {
    linkId: link.linkId,
    expiresAt: link.expiresAt,
    officialName: official?.name ?? '',
    summary,
    members,
    eligibility: application.eligibility,
    reviews,
    tally: application.tally,
    handover: await handoverNote(task, officials),
    delegates: activeOfficials(officials, task.officialId).map(({ officialId, name, position }) => ({
      officialId,
      name,
      position,
    })),
    returns: application.rounds?.length ?? 0,
    canReturn: canReturn(application),
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
