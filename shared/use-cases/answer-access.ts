import { type Application, isOpen } from '#shared/domain/application';
import type {
  ConsentRequest,
  ConsentStage,
  LinkRecord,
  ReviewTask,
  SignoffHandoverKind,
  SignoffTask,
} from '#shared/domain/tasks';
import { aboutApplication, ConflictError, ForbiddenError, GoneError, NotFoundError } from '#shared/errors';
import type { LinkParams } from '#shared/links/signature';
import type { LinkSigner } from '#shared/links/signer';
import type { Applications, Clock, Tasks } from '#shared/use-cases/ports';

/**
 * Who may use an emailed link, checked in the spec's order: a tampered link
 * is 403; a used link or a closed application is 409, which wins over an
 * expired link's 410. The same checks serve the GET page (which changes
 * nothing) and the POST that answers.
 */

export interface LinkAccessDeps {
  signer: Pick<LinkSigner, 'verify'>;
  tasks: Pick<Tasks, 'getLink' | 'getReview' | 'getSignoff'>;
  applications: Pick<Applications, 'get'>;
  clock: Clock;
}

export interface LinkAccess<T> {
  link: LinkRecord;
  task: T;
  application: Application;
}

/**
 * The first check of every emailed link (reviews, sign-offs, invitations): a
 * tampered link is 403 at once; whether its signed expiry passed is returned,
 * because a used link's 409 still wins over it.
 */
export async function checkLinkSignature(
  params: LinkParams,
  deps: Pick<LinkAccessDeps, 'signer' | 'clock'>,
): Promise<{ now: Date; signatureExpired: boolean }> {
  const now = deps.clock.now();
  const verification = await deps.signer.verify(params, now);
  if (!verification.ok && verification.reason === 'tampered')
    throw new ForbiddenError('this link is not valid');
  return { now, signatureExpired: !verification.ok };
}

/** A signed link whose record is gone: removed by TTL long after it expired (410), or never made (404). */
export function missingRecord(signatureExpired: boolean): never {
  if (signatureExpired) throw new GoneError('this link has expired');
  throw new NotFoundError('this link does not lead anywhere');
}

async function verifiedLink(
  params: LinkParams,
  deps: Pick<LinkAccessDeps, 'signer' | 'clock'> & { tasks: Pick<Tasks, 'getLink'> },
): Promise<{ link: LinkRecord; expired: boolean }> {
  const { now, signatureExpired } = await checkLinkSignature(params, deps);
  const link = await deps.tasks.getLink(params.linkId);
  if (!link || link.kind !== params.scope) missingRecord(signatureExpired);
  return { link, expired: signatureExpired || now.getTime() >= Date.parse(link.expiresAt) };
}

/** A CLOSED task was never answered: its link answers why (the application closed), not "already used". */
const isAnswered = (task: { status: string }) => task.status !== 'PENDING' && task.status !== 'CLOSED';

function closed(application: Application): never {
  // Still open but past this stage (reviews in, awaiting sign-off) is not the same news as closed.
  if (isOpen(application.status)) {
    throw new ConflictError(`the application is ${application.status}: this stage is over`, 'STAGE_CLOSED');
  }
  throw new ConflictError(
    `the application is ${application.status} and takes no more answers`,
    'APPLICATION_CLOSED',
  );
}

export async function reviewLinkAccess(
  params: LinkParams,
  deps: LinkAccessDeps,
): Promise<LinkAccess<ReviewTask>> {
  const { link, expired } = await verifiedLink(params, deps);
  return aboutApplication(link.applicationId, async () => {
    const [task, application] = await Promise.all([
      link.expertId ? deps.tasks.getReview(link.applicationId, link.expertId) : null,
      deps.applications.get(link.applicationId),
    ]);
    if (!task || !application) throw new NotFoundError('this review no longer exists');
    if (task.status === 'RECUSED' && task.linkId === link.linkId) {
      if (task.recusal?.reassignedTo) {
        throw new ConflictError(
          'the programme office reassigned this review to another expert; this link no longer works',
          'REASSIGNED',
        );
      }
      throw new ConflictError('you declined this review; another expert was asked', 'RECUSED');
    }
    if (link.usedAt || isAnswered(task) || task.linkId !== link.linkId) {
      throw new ConflictError('this review has already been submitted', 'ALREADY_SUBMITTED');
    }
    if (application.status !== 'IN_REVIEW') closed(application);
    if (expired) throw new GoneError('this link has expired');
    return { link, task, application };
  });
}

const SUPERSEDED: Readonly<Record<SignoffHandoverKind, string>> = {
  DELEGATED: 'this sign-off was delegated to another official; this link no longer works',
  ESCALATED:
    'the sign-off deadline passed and the sign-off went to the head of the department; this link no longer works',
  REASSIGNED: 'the programme office reassigned this sign-off to another official; this link no longer works',
};

export async function signoffLinkAccess(
  params: LinkParams,
  deps: LinkAccessDeps,
): Promise<LinkAccess<SignoffTask>> {
  const { link, expired } = await verifiedLink(params, deps);
  return aboutApplication(link.applicationId, async () => {
    const [task, application] = await Promise.all([
      deps.tasks.getSignoff(link.applicationId),
      deps.applications.get(link.applicationId),
    ]);
    if (!task || !application) throw new NotFoundError('this sign-off no longer exists');
    // Handed to someone else before this link was used: say so, whatever happened since.
    if (link.supersededBy) throw new ConflictError(SUPERSEDED[link.supersededBy], link.supersededBy);
    if (link.usedAt || isAnswered(task) || task.linkId !== link.linkId || application.signoffDecidedAt) {
      throw new ConflictError('a decision on this application has already been made', 'ALREADY_DECIDED');
    }
    if (application.status !== 'AWAITING_SIGNOFF') closed(application);
    if (expired) throw new GoneError('this link has expired');
    return { link, task, application };
  });
}

export interface ConsentAccessDeps extends Omit<LinkAccessDeps, 'tasks'> {
  tasks: Pick<Tasks, 'getLink' | 'consentStage'>;
}

export interface ConsentAccess {
  request: ConsentRequest;
  stage: ConsentStage;
  application: Application;
}

/**
 * A consent link is its own request: used once; refused (409) once the
 * application has left AWAITING_CONSENT (withdrawn, concluded) or the stage
 * closed at its deadline, which wins over an expired link's 410.
 */
export async function consentLinkAccess(params: LinkParams, deps: ConsentAccessDeps): Promise<ConsentAccess> {
  const { link, expired } = await verifiedLink(params, deps);
  return aboutApplication(link.applicationId, async () => {
    const [stage, application] = await Promise.all([
      deps.tasks.consentStage(link.applicationId),
      deps.applications.get(link.applicationId),
    ]);
    if (!stage || !application) throw new NotFoundError('this consent request no longer exists');
    const request = link as ConsentRequest;
    if (request.usedAt || request.status !== 'PENDING') {
      throw new ConflictError('this request has already been answered', 'ALREADY_ANSWERED');
    }
    if (application.status !== 'AWAITING_CONSENT') closed(application);
    if (stage.status !== 'PENDING') {
      throw new ConflictError('the consent stage of this application is over', 'STAGE_CLOSED');
    }
    if (expired) throw new GoneError('this link has expired');
    return { request, stage, application };
  });
}

/**
 * Form posts must repeat the CSRF cookie in a hidden field. JSON posts are
 * exempt (see shared/http/answer-pages.ts): a cross-site page cannot send one
 * without a CORS preflight, which this API never grants.
 */
export async function checkCsrf(
  linkId: string,
  form: { cookie: string | undefined; field: unknown },
  signer: Pick<LinkSigner, 'isValidCsrfToken'>,
): Promise<void> {
  const { cookie, field } = form;
  const valid =
    typeof field === 'string' && cookie === field && (await signer.isValidCsrfToken(linkId, field));
  if (!valid) throw new ForbiddenError('the form is out of date: open the link from the email again');
}
