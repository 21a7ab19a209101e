import type { ReviewTaskRef } from '#shared/domain/tasks';
import { ConflictError, NotFoundError, ValidationError } from '#shared/errors';
import { requestedReplacement } from '#shared/use-cases/assign-experts';
import { type Completion, handOverRecusal } from '#shared/use-cases/callback-tasks';
import { type DelegateSignoffDeps, handOverSignoffTo } from '#shared/use-cases/delegate-signoff';
import type { Applications, Registry, Tasks, WorkflowEngine } from '#shared/use-cases/ports';

/**
 * An operator moves a human task to another person (README "Reassign,
 * redrive, cancel"), through the machinery the people themselves use:
 *
 * - a review: recorded as a recusal on the expert's behalf that names the
 *   replacement, so the workflow's review branch runs `ReplaceExpert`, which
 *   assigns that expert with a full review period of its own and emails a
 *   new link, exactly as after an expert's own recusal; the old link answers
 *   409 REASSIGNED. The recusal is recorded first, then handed to the
 *   waiting step; if Step Functions fails that, the request fails (a 5xx)
 *   and its retry, finding the review RECUSED for the same `to` with the
 *   step's token still kept, hands it over again. A step that ended
 *   meanwhile (its deadline passed) takes no recusal: 409 STAGE_CLOSED;
 * - the sign-off: handed over as a delegation is, with the deadline that
 *   remains (the waiting step's timeout does not move); the old link answers
 *   409 REASSIGNED.
 */

export type Reassignment =
  | { task: 'REVIEW'; from: string; to: string; reason?: string | undefined }
  | { task: 'SIGNOFF'; to: string; reason?: string | undefined };

export interface ReassignDeps
  extends Omit<DelegateSignoffDeps, 'signer' | 'tasks' | 'registry' | 'workflow'> {
  applications: Pick<Applications, 'get'>;
  signer: DelegateSignoffDeps['signer'];
  tasks: DelegateSignoffDeps['tasks'] & Pick<Tasks, 'recordRecusal' | 'getLink'>;
  registry: DelegateSignoffDeps['registry'] & Pick<Registry, 'getExpert' | 'getCluster' | 'memberInnsOf'>;
  workflow: Pick<WorkflowEngine, 'resumeTask' | 'failTask'>;
}

export interface Reassigned {
  applicationId: string;
  task: 'REVIEW' | 'SIGNOFF';
  from: string;
  to: string;
  /** REVIEW: `resumed` when the waiting review step took the recusal (it then assigns `to`). */
  workflow?: Completion;
  /** SIGNOFF: whether the new holder's email went out. */
  emailed?: boolean;
}

const refuse = (message: string) => new ValidationError(message, [{ path: 'to', message }]);
const DEFAULT_REASON = 'reassigned by the programme office';

export async function reassignTask(
  applicationId: string,
  request: Reassignment,
  operatorActor: string,
  deps: ReassignDeps,
): Promise<Reassigned> {
  const application = await deps.applications.get(applicationId);
  if (!application) throw new NotFoundError(`application ${applicationId} does not exist`);
  const at = deps.clock.now().toISOString();
  const reason = request.reason?.trim() || DEFAULT_REASON;

  if (request.task === 'REVIEW') {
    if (application.status !== 'IN_REVIEW' || !application.review) {
      throw new ConflictError(
        `application ${applicationId} is ${application.status}, not IN_REVIEW`,
        'NOT_IN_REVIEW',
      );
    }
    const ref = { kind: 'review', applicationId, expertId: request.from } as const;
    const task = await deps.tasks.getReview(applicationId, request.from);
    if (
      task?.status === 'RECUSED' &&
      task.recusal?.reassignedTo === request.to &&
      (await deps.tasks.taskToken(ref))
    ) {
      // This reassignment, recorded by an attempt that could not tell the workflow: tell it now.
      return handOverReassignment(ref, request, deps);
    }
    if (!application.review.expertIds.includes(request.from) || task?.status !== 'PENDING') {
      throw new ConflictError(
        `expert ${request.from} holds no open review of application ${applicationId}`,
        'TASK_NOT_OPEN',
      );
    }
    const replacement = await requestedReplacement(application, request.to, deps.registry);
    if (typeof replacement === 'string') throw refuse(replacement);
    const link = await deps.tasks.getLink(task.linkId);
    if (!link) throw new ConflictError('the review has no link to close', 'TASK_NOT_OPEN');
    const outcome = await deps.tasks.recordRecusal({
      link,
      expertId: request.from,
      recusal: { reason, recusedAt: at, reassignedTo: request.to, reassignedBy: operatorActor },
      event: {
        at,
        action: 'REVIEW_REASSIGNED',
        actor: operatorActor,
        detail: { expertId: request.from, from: request.from, to: request.to, reason },
      },
    });
    if (outcome === 'refused') {
      throw new ConflictError('the review was answered or closed meanwhile', 'TASK_NOT_OPEN');
    }
    return handOverReassignment(ref, request, deps);
  }

  if (application.status !== 'AWAITING_SIGNOFF' || application.signoffDecidedAt) {
    throw new ConflictError(
      `application ${applicationId} is ${application.status}${application.signoffDecidedAt ? ' and decided' : ''}, not awaiting sign-off`,
      'NOT_AWAITING_SIGNOFF',
    );
  }
  const task = await deps.tasks.getSignoff(applicationId);
  if (task?.status !== 'PENDING') {
    throw new ConflictError(`application ${applicationId} has no open sign-off`, 'TASK_NOT_OPEN');
  }
  if (request.to === task.officialId) throw refuse(`official ${request.to} already holds the sign-off`);
  const official = await deps.registry.getOfficial(request.to);
  if (!official) throw refuse(`no official ${request.to} in the directory`);
  if (!official.active) throw refuse(`official ${request.to} is not active`);
  const link = await deps.tasks.getLink(task.linkId);
  if (!link) throw new ConflictError('the sign-off has no link to close', 'TASK_NOT_OPEN');
  const { written, emailed } = await handOverSignoffTo(
    { link, task, application },
    official,
    {
      kind: 'REASSIGNED',
      action: 'SIGNOFF_REASSIGNED',
      actor: operatorActor,
      comment: reason,
      fromName: `программный офис / the programme office (${operatorActor})`,
    },
    deps,
  );
  if (!written) throw new ConflictError('the sign-off was decided or handed over meanwhile', 'TASK_NOT_OPEN');
  return { applicationId, task: 'SIGNOFF', from: task.officialId, to: official.officialId, emailed };
}

/**
 * Ends the expert's waiting review step with the recusal, so that the branch runs `ReplaceExpert`.
 * A Step Functions error fails the request as transient (the token stays kept for the retry); a
 * step that is gone (timed out) answers 409, unless the workflow already took this recusal (an
 * earlier attempt handed it over and failed after that).
 */
async function handOverReassignment(
  ref: ReviewTaskRef,
  request: { from: string; to: string },
  deps: ReassignDeps,
): Promise<Reassigned> {
  const { applicationId } = ref;
  const done = (workflow: Completion): Reassigned => ({
    applicationId,
    task: 'REVIEW',
    from: request.from,
    to: request.to,
    workflow,
  });
  const workflow = await handOverRecusal(
    ref,
    `the reassignment of ${request.from}'s review of ${applicationId}`,
    deps,
  );
  if (workflow !== 'gone') return done(workflow);
  const now = await deps.applications.get(applicationId);
  if (now?.review?.recusals?.some((recusal) => recusal.expertId === request.from)) return done('resumed');
  throw new ConflictError(
    `the review step of expert ${request.from} on application ${applicationId} has ended (its deadline passed): ${request.to} was not assigned`,
    'STAGE_CLOSED',
  );
}
