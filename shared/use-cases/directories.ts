import { reviewDeadlineFor } from '#shared/domain/application';
import type { Expert } from '#shared/domain/assignment';
import type { Official } from '#shared/domain/registry';
import { ConflictError, NotFoundError } from '#shared/errors';
import { randomId } from '#shared/ids';
import type { ExpertChange, NewExpert, NewOfficial, OfficialChange } from '#shared/schemas/directory';
import type { Applications, Directory, Page, PageRequest, Tasks } from '#shared/use-cases/ports';

/**
 * The expert and official directories as operators keep them: add, edit,
 * deactivate. Ids are unique (a taken id is `409 ALREADY_EXISTS`), and so
 * are emails within a directory (`409 DUPLICATE_EMAIL`): two records of one
 * person would split their load and their links. A deactivated person is
 * never given a task again (assignment, sign-off, delegation and escalation
 * all pick active people only); the tasks they hold stay theirs until an
 * operator reassigns them, so the answer to a deactivation lists them.
 */

export interface DirectoryDeps {
  directory: Directory;
  /** To find the open tasks a deactivated person holds. */
  applications: Pick<Applications, 'listOpenIds' | 'get'>;
  tasks: Pick<Tasks, 'getReview' | 'getSignoff'>;
}

/** A task a person holds now: an operator may reassign it (`POST /admin/api/applications/{id}/reassign`). */
export interface OpenTask {
  applicationId: string;
  task: 'REVIEW' | 'SIGNOFF';
  requestedAt: string;
  deadline: string | null;
}

export type ExpertView = Expert & { active: boolean };

const sameEmail = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

function duplicateEmail(): never {
  throw new ConflictError('another person in the directory has this email', 'DUPLICATE_EMAIL', [
    { path: 'email', message: 'already in the directory' },
  ]);
}

function alreadyExists(path: string, id: string): never {
  throw new ConflictError(`${id} is in the directory already`, 'ALREADY_EXISTS', [
    { path, message: 'already in the directory' },
  ]);
}

const uniqueSectors = <T extends { sectors?: string[] | undefined }>(fields: T): T =>
  fields.sectors ? { ...fields, sectors: [...new Set(fields.sectors)].sort() } : fields;

export const listExperts = (
  deps: Pick<DirectoryDeps, 'directory'>,
  page: PageRequest,
): Promise<Page<Expert>> => deps.directory.listExpertsPage(page);

export const listOfficials = (
  deps: Pick<DirectoryDeps, 'directory'>,
  page: PageRequest,
): Promise<Page<Official>> => deps.directory.listOfficialsPage(page);

export async function addExpert(body: NewExpert, deps: Pick<DirectoryDeps, 'directory'>): Promise<Expert> {
  const { expertId = randomId('exp'), ...fields } = uniqueSectors(body);
  const everyone = await deps.directory.listExperts();
  if (everyone.some((expert) => expert.expertId === expertId)) alreadyExists('expertId', expertId);
  if (everyone.some((expert) => sameEmail(expert.email, fields.email))) duplicateEmail();
  const expert = { expertId, ...fields };
  if (!(await deps.directory.createExpert(expert))) alreadyExists('expertId', expertId);
  return { ...expert, openAssignments: 0 };
}

export async function addOfficial(
  body: NewOfficial,
  deps: Pick<DirectoryDeps, 'directory'>,
): Promise<Official> {
  const { officialId = randomId('off'), ...fields } = body;
  const everyone = await deps.directory.listOfficials();
  if (everyone.some((official) => official.officialId === officialId))
    alreadyExists('officialId', officialId);
  if (everyone.some((official) => sameEmail(official.email, fields.email))) duplicateEmail();
  const official: Official = { officialId, ...fields };
  if (!(await deps.directory.createOfficial(official))) alreadyExists('officialId', officialId);
  return official;
}

/** Edits an expert; when the expert is (now) inactive, the answer lists the reviews they still hold. */
export async function changeExpert(
  expertId: string,
  change: ExpertChange,
  deps: DirectoryDeps,
): Promise<{ expert: Expert; openTasks: OpenTask[] }> {
  if (change.email !== undefined) {
    const email = change.email;
    const others = (await deps.directory.listExperts()).filter((expert) => expert.expertId !== expertId);
    if (others.some((expert) => sameEmail(expert.email, email))) duplicateEmail();
  }
  const expert = await deps.directory.updateExpert(expertId, uniqueSectors(change));
  if (!expert) throw new NotFoundError(`no expert ${expertId}`);
  return { expert, openTasks: expert.active === false ? await openTasksOf({ expertId }, deps) : [] };
}

/** Edits an official; when the official is (now) inactive, the answer lists the sign-off they still hold. */
export async function changeOfficial(
  officialId: string,
  change: OfficialChange,
  deps: DirectoryDeps,
): Promise<{ official: Official; openTasks: OpenTask[] }> {
  if (change.email !== undefined) {
    const email = change.email;
    const others = (await deps.directory.listOfficials()).filter(
      (official) => official.officialId !== officialId,
    );
    if (others.some((official) => sameEmail(official.email, email))) duplicateEmail();
  }
  const official = await deps.directory.updateOfficial(officialId, change);
  if (!official) throw new NotFoundError(`no official ${officialId}`);
  return { official, openTasks: official.active ? [] : await openTasksOf({ officialId }, deps) };
}

/** One person, with the tasks they hold now (shown on their page). */
export async function expertWithTasks(expertId: string, deps: DirectoryDeps) {
  const expert = await deps.directory.getExpert(expertId);
  if (!expert) throw new NotFoundError(`no expert ${expertId}`);
  return { expert, openTasks: await openTasksOf({ expertId }, deps) };
}

export async function officialWithTasks(officialId: string, deps: DirectoryDeps) {
  const official = await deps.directory.getOfficial(officialId);
  if (!official) throw new NotFoundError(`no official ${officialId}`);
  return { official, openTasks: await openTasksOf({ officialId }, deps) };
}

const OPEN_PAGE = 100;

/**
 * The pending reviews an expert holds, or the pending sign-off an official
 * holds: read from the open applications (the open-applications index, a few
 * hundred at most), never from the whole table. Only applications in review
 * (an expert) or awaiting sign-off (an official) are read further.
 */
export async function openTasksOf(
  person: { expertId: string } | { officialId: string },
  deps: Pick<DirectoryDeps, 'applications' | 'tasks'>,
): Promise<OpenTask[]> {
  const found: OpenTask[] = [];
  let cursor: string | undefined;
  do {
    const page = await deps.applications.listOpenIds({ limit: OPEN_PAGE, cursor });
    const tasks = await Promise.all(
      page.items.map((applicationId) => openTaskIn(applicationId, person, deps)),
    );
    for (const task of tasks) if (task) found.push(task);
    cursor = page.next ?? undefined;
  } while (cursor);
  return found;
}

async function openTaskIn(
  applicationId: string,
  person: { expertId: string } | { officialId: string },
  deps: Pick<DirectoryDeps, 'applications' | 'tasks'>,
): Promise<OpenTask | null> {
  const application = await deps.applications.get(applicationId);
  if ('expertId' in person) {
    const review = application?.review;
    if (application?.status !== 'IN_REVIEW' || !review?.expertIds.includes(person.expertId)) return null;
    const task = await deps.tasks.getReview(applicationId, person.expertId);
    if (task?.status !== 'PENDING') return null;
    return {
      applicationId,
      task: 'REVIEW',
      requestedAt: task.requestedAt,
      deadline: reviewDeadlineFor(review, person.expertId),
    };
  }
  if (application?.status !== 'AWAITING_SIGNOFF') return null;
  const task = await deps.tasks.getSignoff(applicationId);
  if (task?.status !== 'PENDING' || task.officialId !== person.officialId) return null;
  return { applicationId, task: 'SIGNOFF', requestedAt: task.requestedAt, deadline: task.deadline ?? null };
}
