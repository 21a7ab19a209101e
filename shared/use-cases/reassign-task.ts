import { WORKFLOW_ERRORS } from '#shared/catalog';
import { ConflictError, NotFoundError, ValidationError } from '#shared/errors';
import { RECUSAL_CAUSE } from '#shared/schemas/workflow';
import { requestedReplacement } from '#shared/use-cases/assign-experts';
import { type Completion, failWaitingTask } from '#shared/use-cases/callback-tasks';
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
 *   409 REASSIGNED;
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
  /** REVIEW: whether the waiting review step took the recusal (it then assigns `to`). */
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
    const task = await deps.tasks.getReview(applicationId, request.from);
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
    const workflow = await failWaitingTask(
      { kind: 'review', applicationId, expertId: request.from },
      { error: WORKFLOW_ERRORS.expertRecused, cause: RECUSAL_CAUSE },
      deps,
    );
    return { applicationId, task: 'REVIEW', from: request.from, to: request.to, workflow };
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
