import {
  type Application,
  type ApplicationStatus,
  type ApplicationType,
  everAssigned,
  executionNameFor,
  type HistoryEvent,
  isOpen,
  reviewDeadlineFor,
  type TerminalStatus,
  type WorkflowStage,
} from '#shared/domain/application';
import { isActiveExpert } from '#shared/domain/assignment';
import {
  ageOf,
  type OpenTask,
  type RunState,
  type StuckReason,
  type StuckSettings,
  stageOf,
  stuckReasons,
} from '#shared/domain/operations';
import { activeOfficials } from '#shared/domain/registry';
import { NotFoundError } from '#shared/errors';
import { reviewContext } from '#shared/use-cases/assign-experts';
import type {
  Applications,
  Clock,
  Page,
  Registry,
  TaskReader,
  WorkflowEngine,
} from '#shared/use-cases/ports';
import { failedStageOf } from '#shared/use-cases/redrive-application';

/**
 * What operators read (README "Operations"): applications by status, type,
 * age and stuckness, from the GSI2 partitions (open ones oldest first, closed
 * ones by final status, newest first) and never a scan; one application with
 * its full history, actors named, its tasks and the state of its workflow.
 */

export interface OperatorReadDeps {
  applications: Pick<Applications, 'get' | 'getMany' | 'listOpenIds' | 'listClosedIds' | 'history'>;
  tasks: Pick<TaskReader, 'listReviews' | 'getSignoff' | 'consentStage'>;
  workflow: Pick<WorkflowEngine, 'runStatus'>;
  clock: Clock;
  config: StuckSettings;
}

export interface OperatorListItem {
  applicationId: string;
  type: ApplicationType;
  status: ApplicationStatus;
  applicantInn: string;
  /** A create application's proposed cluster; a join names its cluster by id. */
  clusterName?: string;
  clusterId?: string;
  createdAt: string;
  updatedAt: string;
  /** The stage it is in, or a FAILED one failed in; null when closed otherwise. */
  stage: WorkflowStage | null;
  /** Seconds since it was submitted. */
  age: number;
  /** Seconds since its status last changed. */
  inStatusSeconds: number;
  openTasks: OpenTask[];
  /** Its current run (`<id>` or `<id>-r<n>`), for open applications. */
  workflow: { execution: string; state: RunState } | null;
  /** Why it is stuck; empty when it is not. */
  stuck: StuckReason[];
}

export interface OperatorQuery {
  status?: ApplicationStatus | undefined;
  type?: ApplicationType | undefined;
  stuck?: boolean | undefined;
  /** Only applications submitted at least this many days ago. */
  minAgeDays?: number | undefined;
  limit: number;
  cursor?: string | undefined;
}

/** The open human tasks of the stage an application is in (or failed in): each holder and deadline. */
async function openTasksOf(application: Application, deps: OperatorReadDeps): Promise<OpenTask[]> {
  const { applicationId } = application;
  switch (stageOf(application)) {
    case 'CONSENT': {
      const stage = await deps.tasks.consentStage(applicationId);
      return stage?.status === 'PENDING'
        ? [{ kind: 'CONSENT', holder: null, deadline: stage.deadline, pending: stage.pending }]
        : [];
    }
    case 'REVIEW': {
      const review = application.review;
      if (!review) return [];
      const tasks = await deps.tasks.listReviews(applicationId);
      return tasks
        .filter((task) => task.status === 'PENDING' && review.expertIds.includes(task.expertId))
        .map((task) => ({
          kind: 'REVIEW',
          holder: task.expertId,
          deadline: reviewDeadlineFor(review, task.expertId),
        }));
    }
    case 'SIGNOFF': {
      const task = await deps.tasks.getSignoff(applicationId);
      return task?.status === 'PENDING'
        ? [{ kind: 'SIGNOFF', holder: task.officialId, deadline: task.deadline ?? null }]
        : [];
    }
    default:
      return [];
  }
}

async function describe(application: Application, deps: OperatorReadDeps): Promise<OperatorListItem> {
  const now = deps.clock.now();
  const open = isOpen(application.status);
  const run = application.redriveCount ?? 0;
  const [openTasks, state] = await Promise.all([
    open || application.status === 'FAILED' ? openTasksOf(application, deps) : Promise.resolve([]),
    open ? deps.workflow.runStatus(application.applicationId, run) : Promise.resolve(null),
  ]);
  return {
    applicationId: application.applicationId,
    type: application.type,
    status: application.status,
    applicantInn: application.applicantInn,
    ...(application.cluster ? { clusterName: application.cluster.name } : {}),
    ...(application.clusterId ? { clusterId: application.clusterId } : {}),
    createdAt: application.createdAt,
    updatedAt: application.updatedAt,
    stage: stageOf(application),
    ...ageOf(application, now),
    openTasks,
    workflow: state ? { execution: executionNameFor(application.applicationId, run), state } : null,
    stuck: state ? stuckReasons(application, openTasks, state, now, deps.config) : [],
  };
}

/** Index reads one page may take while filters leave it short: then it returns what it found, with `next`. */
const INDEX_READS_PER_PAGE = 5;
const DAY_MS = 24 * 3600 * 1000;

/**
 * `GET /admin/api/applications`: open applications, oldest first, or with a
 * closed `status` those in it, newest first; `type`, `stuck` and `minAgeDays`
 * narrow it. Reads the GSI2 partition page by page (`minAgeDays` is a key
 * condition), then the applications of each page in one batch; a page of
 * the answer may hold fewer than `limit` items while `next` is set.
 */
export async function listApplicationsForOperators(
  query: OperatorQuery,
  deps: OperatorReadDeps,
): Promise<Page<OperatorListItem>> {
  const { status } = query;
  const closedStatus = status && !isOpen(status) ? (status as TerminalStatus) : undefined;
  // Closed applications are never stuck.
  if (query.stuck && closedStatus) return { items: [], next: null };
  const createdBefore =
    query.minAgeDays !== undefined
      ? new Date(deps.clock.now().getTime() - query.minAgeDays * DAY_MS).toISOString()
      : undefined;
  const items: OperatorListItem[] = [];
  let cursor = query.cursor;
  let next: string | null = null;
  for (let read = 0; read < INDEX_READS_PER_PAGE && items.length < query.limit; read++) {
    const page = { limit: query.limit - items.length, cursor, createdBefore };
    const ids = closedStatus
      ? await deps.applications.listClosedIds(closedStatus, page)
      : await deps.applications.listOpenIds(page);
    const applications = (await deps.applications.getMany(ids.items)).filter(
      (application) =>
        (status ? application.status === status : isOpen(application.status)) &&
        (!query.type || application.type === query.type),
    );
    const described = await Promise.all(applications.map((application) => describe(application, deps)));
    items.push(...described.filter((item) => !query.stuck || item.stuck.length > 0));
    next = ids.next;
    if (!next) break;
    cursor = next;
  }
  return { items, next };
}

export interface NamedActorsDeps {
  registry: Pick<Registry, 'getExpert' | 'getOfficial' | 'getOrganization' | 'getCluster'>;
}

/** `expert:E1` → the expert's name, `official:`, `applicant:`, `member:`, `coordinator:` likewise; others as they are. */
async function actorNames(
  events: readonly HistoryEvent[],
  deps: NamedActorsDeps,
): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  const actors = [...new Set(events.map((event) => event.actor))];
  await Promise.all(
    actors.map(async (actor) => {
      const [role = '', id = ''] = actor.split(/:(.*)/s);
      const name =
        role === 'expert'
          ? (await deps.registry.getExpert(id))?.name
          : role === 'official'
            ? (await deps.registry.getOfficial(id))?.name
            : role === 'applicant' || role === 'member' || role === 'coordinator'
              ? (await deps.registry.getOrganization(id))?.name
              : role === 'operator'
                ? id
                : undefined;
      if (name) names.set(actor, name);
    }),
  );
  return names;
}

export interface OperatorViewDeps extends OperatorReadDeps, NamedActorsDeps {}

/** `GET /admin/api/applications/{id}`: everything an operator needs to act on one application. */
export async function operatorApplicationView(applicationId: string, deps: OperatorViewDeps) {
  const application = await deps.applications.get(applicationId);
  if (!application) throw new NotFoundError(`application ${applicationId} does not exist`);
  const [history, reviewTasks, signoffTask, item, cluster] = await Promise.all([
    deps.applications.history(applicationId),
    application.review ? deps.tasks.listReviews(applicationId) : Promise.resolve([]),
    deps.tasks.getSignoff(applicationId),
    describe(application, deps),
    application.clusterId ? deps.registry.getCluster(application.clusterId) : Promise.resolve(null),
  ]);
  const names = await actorNames(history, deps);
  const expertName = async (expertId: string) => (await deps.registry.getExpert(expertId))?.name ?? null;
  const officialName = async (officialId: string) =>
    (await deps.registry.getOfficial(officialId))?.name ?? null;
  const { requestHash: _hash, ...stored } = application;
  return {
    ...stored,
    ...item,
    ...(cluster ? { clusterName: cluster.name } : {}),
    ...(application.status === 'FAILED' ? { failedStage: failedStageOf(application, history) } : {}),
    reviewTasks: await Promise.all(
      reviewTasks.map(async (task) => ({
        expertId: task.expertId,
        name: await expertName(task.expertId),
        status: task.status,
        requestedAt: task.requestedAt,
        deadline: application.review ? reviewDeadlineFor(application.review, task.expertId) : null,
        ...(task.answer
          ? { recommendation: task.answer.recommendation, answeredAt: task.answer.answeredAt }
          : {}),
        ...(task.recusal ? { recusal: task.recusal } : {}),
      })),
    ),
    signoffTask: signoffTask
      ? {
          officialId: signoffTask.officialId,
          name: await officialName(signoffTask.officialId),
          status: signoffTask.status,
          requestedAt: signoffTask.requestedAt,
          deadline: signoffTask.deadline ?? null,
          ...(signoffTask.decision ? { decision: signoffTask.decision } : {}),
          ...(signoffTask.escalatedAt ? { escalatedAt: signoffTask.escalatedAt } : {}),
          ...(signoffTask.delegatedAt
            ? { delegatedAt: signoffTask.delegatedAt, delegatedFrom: signoffTask.delegatedFrom }
            : {}),
        }
      : null,
    history: history.map((event) => ({ ...event, actorName: names.get(event.actor) ?? null })),
  };
}

export type OperatorApplicationView = Awaited<ReturnType<typeof operatorApplicationView>>;

export interface CandidatesDeps {
  registry: Pick<Registry, 'listExperts' | 'listOfficials' | 'getCluster' | 'memberInnsOf'>;
}

/**
 * Who a task may be reassigned to, for the console's forms: experts never
 * assigned to the application and without a conflict of interest; active
 * officials other than the holder.
 */
export async function reassignmentCandidates(
  application: Pick<Application, 'review' | 'type' | 'cluster' | 'applicantInn' | 'memberInns' | 'clusterId'>,
  signoffHolder: string | null,
  deps: CandidatesDeps,
) {
  const review = application.review;
  const experts = review
    ? await (async () => {
        const { conflictedInns } = await reviewContext(application, deps.registry);
        const excluded = everAssigned(review);
        return (await deps.registry.listExperts())
          .filter(
            (expert) =>
              isActiveExpert(expert) &&
              !excluded.has(expert.expertId) &&
              !conflictedInns.has(expert.affiliationInn),
          )
          .map((expert) => ({ expertId: expert.expertId, name: expert.name, sectors: expert.sectors }))
          .sort((a, b) => a.name.localeCompare(b.name));
      })()
    : [];
  const officials = activeOfficials(await deps.registry.listOfficials())
    .filter((official) => official.officialId !== signoffHolder)
    .map((official) => ({ officialId: official.officialId, name: official.name, role: official.role }));
  return { experts, officials };
}
