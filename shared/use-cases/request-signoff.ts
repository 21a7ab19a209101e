import { WORKFLOW_ERRORS } from '#shared/catalog';
import { addSeconds } from '#shared/clock';
import { stableHash } from '#shared/domain/assignment';
import { activeOfficials, type Official } from '#shared/domain/registry';
import type { LinkRecord, SignoffTask } from '#shared/domain/tasks';
import { newLinkId } from '#shared/links/signature';
import { type SignoffHandoverNote, signoffRequestEmail } from '#shared/notifications/emails';
import { RETURN_CAUSE, type SignoffTaskOutput } from '#shared/schemas/workflow';
import {
  applicationSummary,
  expertConclusions,
  type SummaryRegistry,
} from '#shared/use-cases/application-summary';
import { type EmailLinkDeps, emailLinkOnce, linkTimes } from '#shared/use-cases/callback-tasks';
import { loadForStep } from '#shared/use-cases/load-for-step';
import type { Applications, Registry, TaskReader, Tasks, WorkflowEngine } from '#shared/use-cases/ports';
import { deadlinePassed, endAtDeadline } from '#shared/use-cases/stage-deadline';

export interface RequestSignoffDeps extends EmailLinkDeps {
  applications: Pick<Applications, 'get'>;
  registry: SummaryRegistry & Pick<Registry, 'getExpert' | 'listOfficials'>;
  tasks: EmailLinkDeps['tasks'] & Pick<Tasks, 'openSignoff'> & Pick<TaskReader, 'listReviews'>;
  workflow: Pick<WorkflowEngine, 'resumeTask' | 'failTask'>;
  config: EmailLinkDeps['config'] & { signoffTimeoutSeconds: number };
}

/**
 * The same application always goes to the same official; applications spread evenly across them.
 * The first request goes to an active ordinary official: the head only when there is no other
 * (the head is who an undecided sign-off escalates to), and never an inactive one.
 */
export function officialFor(applicationId: string, officials: readonly Official[]): Official | undefined {
  const active = activeOfficials(officials);
  const ordinary = active.filter((official) => official.role === 'OFFICIAL');
  const pool = ordinary.length > 0 ? ordinary : active;
  const sorted = [...pool].sort((a, b) =>
    a.officialId < b.officialId ? -1 : a.officialId > b.officialId ? 1 : 0,
  );
  return sorted[stableHash(applicationId) % Math.max(1, sorted.length)];
}

export type SignoffEmailDeps = EmailLinkDeps & {
  registry: SummaryRegistry & Pick<Registry, 'getExpert'>;
  tasks: EmailLinkDeps['tasks'] & Pick<TaskReader, 'listReviews'>;
};

/**
 * Emails the official who holds the sign-off its signed link, with every
 * expert's conclusion and, for a sign-off handed over, who handed it and why.
 * Once per holder, whatever retries happen.
 */
export async function emailSignoffLink(
  application: Parameters<typeof applicationSummary>[0],
  link: LinkRecord,
  official: Official,
  handover: SignoffHandoverNote | undefined,
  deps: SignoffEmailDeps,
): Promise<boolean> {
  const { applicationId } = application;
  const [summary, reviews] = await Promise.all([
    applicationSummary(application, deps.registry),
    deps.tasks
      .listReviews(applicationId)
      .then((tasks) => expertConclusions(application, tasks, deps.registry)),
  ]);
  return emailLinkOnce(
    { kind: 'signoff', applicationId },
    link,
    (url) =>
      signoffRequestEmail({
        ...summary,
        officialName: official.name,
        reviews,
        tally: application.tally,
        deadline: link.expiresAt,
        link: url,
        handover,
      }),
    official.email,
    deps,
  );
}

/**
 * The sign-off step's callback task: keeps the token server-side and emails
 * an official a signed link to the decision page, with every expert's
 * conclusion. Idempotent like requestReview: a re-run swaps the token, and a
 * decision already recorded completes the new task at once. A re-run after the
 * recorded deadline (or of an escalated sign-off) ends the step at once with
 * DeadlinePassed, which the state machine routes as the timeout: to escalation.
 */
export async function requestSignoff(
  input: { applicationId: string; taskToken: string },
  deps: RequestSignoffDeps,
): Promise<{ officialId: string; status: SignoffTask['status']; emailed: boolean; deadlinePassed?: true }> {
  const { applicationId } = input;
  // AMENDMENT_REQUESTED: a re-run after the holder returned it; the stored return completes the task.
  const application = await loadForStep(deps.applications, applicationId, [
    'AWAITING_SIGNOFF',
    'AMENDMENT_REQUESTED',
  ]);
  const officials = await deps.registry.listOfficials();
  const picked = officialFor(applicationId, officials);
  if (!picked) throw new Error('no active department official is registered to sign off');

  const now = deps.clock.now();
  const deadline = addSeconds(now, deps.config.signoffTimeoutSeconds);
  const { task, link } = await deps.tasks.openSignoff({
    applicationId,
    officialId: picked.officialId,
    taskToken: input.taskToken,
    linkId: newLinkId(),
    ...linkTimes(now, deadline, deps.config),
    deadline: deadline.toISOString(),
    requestedAt: now.toISOString(),
  });
  if (await settleStep(task, input.taskToken, deps.workflow)) {
    return { officialId: task.officialId, status: task.status, emailed: false };
  }
  // Re-entered (restart, redrive) after the sign-off deadline: on to escalation at once, as at the
  // deadline. An escalated sign-off is past it by definition: the escalation step re-arms it.
  const recorded =
    task.deadline ?? addSeconds(new Date(task.requestedAt), deps.config.signoffTimeoutSeconds).toISOString();
  if (task.escalatedAt || deadlinePassed(now, recorded)) {
    await endAtDeadline(input.taskToken, deps.workflow);
    return { officialId: task.officialId, status: task.status, emailed: false, deadlinePassed: true };
  }

  // A re-run keeps the official who holds it (first asked, a delegate, the head), even if the list changed.
  const official = officials.find((candidate) => candidate.officialId === task.officialId);
  if (!official) throw new Error(`official ${task.officialId} is no longer registered`);
  const emailed = await emailSignoffLink(
    application,
    link,
    official,
    await handoverNote(task, officials),
    deps,
  );
  return { officialId: task.officialId, status: task.status, emailed };
}

/**
 * A sign-off already decided (its step completes with the decision) or returned for amendment (its
 * step ends with ReturnedForAmendment, as the return itself ends it): true if it was settled.
 */
export async function settleStep(
  task: SignoffTask,
  taskToken: string,
  workflow: Pick<WorkflowEngine, 'resumeTask' | 'failTask'>,
): Promise<boolean> {
  if (task.status === 'DECIDED' && task.decision) {
    const output: SignoffTaskOutput = { outcome: task.decision.outcome };
    await workflow.resumeTask(taskToken, output);
    return true;
  }
  if (task.status === 'RETURNED') {
    await workflow.failTask(taskToken, WORKFLOW_ERRORS.returnedForAmendment, RETURN_CAUSE);
    return true;
  }
  return false;
}

/** What the holder's email and page say about how the sign-off reached it. */
export async function handoverNote(
  task: SignoffTask,
  officials: readonly Official[] | ((officialId: string) => Promise<Official | null>),
): Promise<SignoffHandoverNote | undefined> {
  const nameOf = async (officialId: string) =>
    (typeof officials === 'function'
      ? await officials(officialId)
      : officials.find((official) => official.officialId === officialId)
    )?.name ?? officialId;
  // The latest handover is what brought it to the holder: a delegation after an escalation wins.
  if (task.delegatedFrom && (!task.escalatedAt || (task.delegatedAt ?? '') > task.escalatedAt)) {
    return {
      kind: 'DELEGATED',
      fromName: await nameOf(task.delegatedFrom),
      comment: task.delegationComment ?? '',
    };
  }
  if (task.escalatedFrom) return { kind: 'ESCALATED', fromName: await nameOf(task.escalatedFrom) };
  return undefined;
}
