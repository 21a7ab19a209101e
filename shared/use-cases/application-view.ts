import {
  type Application,
  type ApplicationStatus,
  type ExaminationRound,
  type HistoryEvent,
  panelSizeOf,
} from '#shared/domain/application';
import type { ConsentStage } from '#shared/domain/tasks';
import { NotFoundError } from '#shared/errors';
import type { Applications, Page, TaskReader } from '#shared/use-cases/ports';

/** Applicants see that an expert, an official or an operator acted, never who. */
function redactActor(actor: string): string {
  const [role] = actor.split(':');
  return role === 'expert' || role === 'official' || role === 'operator' ? role : actor;
}

/** Detail that names a reviewer or an official (a handover's from and to), or an official's note to a colleague. */
const PERSONAL_DETAIL = ['expertId', 'officialId', 'from', 'to', 'comment'];

/** Members, partners, coordinators and the applicant speak to the applicant: their detail is shown. */
const SPEAKS_TO_APPLICANT = /^(applicant|member|partner|coordinator):/;

/** An official's return for amendment is addressed to the applicant: its comment says what to correct. */
const ADDRESSED_TO_APPLICANT = new Set(['RETURNED_FOR_AMENDMENT']);

function redactEvent(event: HistoryEvent): HistoryEvent {
  const { detail, ...rest } = event;
  const personal =
    !SPEAKS_TO_APPLICANT.test(event.actor) &&
    !ADDRESSED_TO_APPLICANT.has(event.action) &&
    detail &&
    PERSONAL_DETAIL.some((key) => key in detail);
  const safeDetail = personal ? undefined : detail;
  return { ...rest, actor: redactActor(event.actor), ...(safeDetail ? { detail: safeDetail } : {}) };
}

/**
 * Loads an application for the organization that owns it. Another
 * organization's application is a 404, indistinguishable from a missing one.
 */
export async function loadOwnApplication(
  applications: Pick<Applications, 'get'>,
  applicationId: string,
  inn: string,
): Promise<Application> {
  const application = await applications.get(applicationId);
  if (!application || application.applicantInn !== inn) throw new NotFoundError('no such application');
  return application;
}

function listItem(application: Application) {
  return {
    applicationId: application.applicationId,
    type: application.type,
    status: application.status,
    applicantInn: application.applicantInn,
    createdAt: application.createdAt,
    updatedAt: application.updatedAt,
    ...(application.cluster
      ? { cluster: { name: application.cluster.name, sectors: application.cluster.sectors } }
      : { clusterId: application.clusterId }),
    statusUrl: `/applications/${application.applicationId}`,
  };
}

/** GET /applications: the signed-in organization's own applications, newest first, paged. */
export async function listOwnApplications(
  applications: Pick<Applications, 'listByApplicant'>,
  inn: string,
  query: { limit: number; cursor?: string | undefined; status?: ApplicationStatus | undefined },
): Promise<Page<ReturnType<typeof listItem>>> {
  const page = await applications.listByApplicant(inn, query);
  return { items: page.items.map(listItem), next: page.next };
}

/**
 * The portal's home: a page of the organization's own applications, each with
 * its full view (history, reviews, consent) and the application itself. The
 * index gives the page; the applications are read again in one consistent
 * batch, so a status is never older than the history shown beside it.
 */
export async function ownApplicationViews(
  deps: Parameters<typeof applicationView>[1] & {
    applications: Pick<Applications, 'listByApplicant' | 'getMany'>;
  },
  inn: string,
  query: { limit: number; cursor?: string | undefined },
) {
  const page = await deps.applications.listByApplicant(inn, query);
  const current = await deps.applications.getMany(page.items.map((item) => item.applicationId));
  const items = await Promise.all(
    current
      .filter((application) => application.applicantInn === inn)
      .map(async (application) => ({ application, view: await applicationView(application, deps) })),
  );
  return { items, next: page.next };
}

/**
 * A create application's consent counts: live from the stage record while it
 * runs; once the stage closed, those who had not answered are no longer
 * pending (`noAnswer`). Null for joins and before the stage opened.
 */
function consentView(stage: ConsentStage | null) {
  if (!stage) return null;
  const open = stage.status === 'PENDING';
  return {
    asked: stage.asked,
    confirmed: stage.confirmed,
    declined: stage.declined,
    pending: open ? stage.pending : 0,
    noAnswer: open ? 0 : stage.pending,
    deadline: stage.deadline,
    open,
  };
}

/** An earlier round as the applicant sees it: the return, the resubmission, counts of the reviews. */
function roundView(round: ExaminationRound) {
  return {
    round: round.round,
    returnedAt: round.returned.requestedAt,
    comment: round.returned.comment,
    resubmittedAt: round.resubmission.at,
    reviews: {
      received: round.reviews.length,
      APPROVE: round.reviews.filter((review) => review.recommendation === 'APPROVE').length,
      REJECT: round.reviews.filter((review) => review.recommendation === 'REJECT').length,
    },
  };
}

export async function applicationView(
  application: Application,
  deps: {
    applications: Pick<Applications, 'history'>;
    tasks: Pick<TaskReader, 'listReviews' | 'consentStage'>;
  },
) {
  const [history, reviewTasks, consentStage] = await Promise.all([
    deps.applications.history(application.applicationId),
    application.review ? deps.tasks.listReviews(application.applicationId) : Promise.resolve([]),
    application.type === 'CREATE_CLUSTER'
      ? deps.tasks.consentStage(application.applicationId)
      : Promise.resolve(null),
  ]);
  const answered = reviewTasks.filter((task) => task.answer);
  const reviews = application.review
    ? {
        assigned: panelSizeOf(application.review),
        received: application.tally?.received ?? answered.length,
        recommendations: application.tally?.recommendations ?? {
          APPROVE: answered.filter((task) => task.answer?.recommendation === 'APPROVE').length,
          REJECT: answered.filter((task) => task.answer?.recommendation === 'REJECT').length,
        },
        deadline: application.review.deadline,
        quorumMet: application.tally?.quorumMet ?? null,
      }
    : null;

  return {
    applicationId: application.applicationId,
    type: application.type,
    status: application.status,
    applicantInn: application.applicantInn,
    contactEmail: application.contactEmail,
    createdAt: application.createdAt,
    updatedAt: application.updatedAt,
    ...(application.cluster
      ? { cluster: application.cluster, memberCount: new Set(application.memberInns ?? []).size }
      : { clusterId: application.clusterId, motivation: application.motivation }),
    ...(application.invitation ? { invitation: application.invitation } : {}),
    eligibility: application.eligibility,
    consent: consentView(consentStage),
    reviews,
    decision: application.decision
      ? {
          outcome: application.decision.outcome,
          comment: application.decision.comment,
          decidedAt: application.decision.decidedAt,
        }
      : null,
    ...(application.amendment
      ? {
          amendment: {
            comment: application.amendment.comment,
            requestedAt: application.amendment.requestedAt,
            deadline: application.amendment.deadline,
            round: application.amendment.round,
            ...(application.amendment.resubmittedAt
              ? { resubmittedAt: application.amendment.resubmittedAt }
              : {}),
          },
        }
      : {}),
    ...(application.rounds?.length ? { rounds: application.rounds.map(roundView) } : {}),
    ...(application.createdClusterId ? { createdClusterId: application.createdClusterId } : {}),
    ...(application.failureCause ? { failureCause: application.failureCause } : {}),
    history: history.map(redactEvent),
  };
}

export type ApplicationView = Awaited<ReturnType<typeof applicationView>>;
