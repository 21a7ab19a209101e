import type { Application } from '#shared/domain/application';
import { ConflictError, ForbiddenError, HttpError, NotFoundError, UnauthorizedError } from '#shared/errors';
import { html, multiline } from '#shared/html';
import {
  type ApiEvent,
  type ApiResult,
  apiHandler,
  type ErrorRenderer,
  parsePathParameter,
  requestHeader,
} from '#shared/http/api';
import {
  type BrowserSignIn,
  basePathOf,
  sessionCookie as cookie,
  hostedUiRedirect,
  isSecure,
  newFormId,
  pageWithCookies as page,
  redirectTo as redirect,
  SIGN_IN_SECONDS,
  safeNext,
  sessionCookieName,
} from '#shared/http/browser-session';
import { type FormBody, formObject, parseFormBody } from '#shared/http/form-body';
import {
  createRequestFromForm,
  errorsFromRefusal,
  formValuesOf,
  inviteRequestFromForm,
  isFieldRefusal,
  joinRequestFromForm,
} from '#shared/http/portal-forms';
import { csrfCookieName, csrfSetCookie, csrfToken, isValidCsrfToken, parseCookies } from '#shared/links/csrf';
import type { KeySource } from '#shared/links/key-ring';
import { seal, unseal } from '#shared/links/sealed';
import { sameText } from '#shared/links/signature';
import { bi, PAGE_HEADERS } from '#shared/pages/layout';
import {
  applicationPage,
  applicationsPage,
  type ListedApplication,
  withdrawPage,
} from '#shared/pages/portal/application-pages';
import {
  type ApplicationFormMode,
  createFormPage,
  joinFormPage,
  localSignInPage,
} from '#shared/pages/portal/form-pages';
import {
  both,
  moscowTime,
  type PortalContext,
  type PortalFormError,
  portalPage,
} from '#shared/pages/portal/frame';
import { invitationsPage } from '#shared/pages/portal/invitation-pages';
import { errorPage } from '#shared/pages/result-pages';
import { applicationIdSchema, clusterIdSchema, invitationIdSchema } from '#shared/schemas/api';
import {
  portalApplicationForm,
  portalCsrfOnlyForm,
  portalInviteForm,
  portalSignInForm,
  portalWithdrawForm,
} from '#shared/schemas/portal';
import { applicationView, loadOwnApplication, ownApplicationViews } from '#shared/use-cases/application-view';
import {
  coordinatedCluster,
  type InviteDeps,
  inviteToCluster,
  listInvitations,
  revokeInvitation,
} from '#shared/use-cases/invitations';
import {
  finishSignIn,
  localSignIn,
  type SignedInOrganization,
  type SignInTransaction,
} from '#shared/use-cases/portal-sign-in';
import type { TaskReader } from '#shared/use-cases/ports';
import { allActiveClusters } from '#shared/use-cases/registry-views';
import { type ResubmitDeps, resubmitApplication } from '#shared/use-cases/resubmit-application';
import { type SubmitDeps, submitApplication } from '#shared/use-cases/submit-application';
import { type WithdrawDeps, withdrawApplication } from '#shared/use-cases/withdraw-application';

/**
 * The applicant portal: server-rendered pages at /portal over the same
 * use-cases as the API (submit, list and read, withdraw, the coordinator's
 * invitations), working without JavaScript.
 *
 * - Session: a sealed cookie (shared/links/sealed.ts: HMAC under a key
 *   derived from the link-signing keys; nothing stored), HttpOnly,
 *   SameSite=Lax, and over HTTPS Secure with the `__Host-` prefix. It lasts
 *   as long as the sign-in: the ID token's expiry in AWS, 12 hours locally.
 * - Sign-in: in AWS the user pool's hosted UI (authorization code + PKCE,
 *   shared/use-cases/portal-sign-in.ts); locally a form taking the INN.
 * - CSRF: every form carries a token derived from the session id (the
 *   local sign-in form, before any session: a double-submit cookie);
 *   SameSite=Lax keeps the session cookie off cross-site posts as well.
 * - GET only shows; every POST answers with a redirect (303) to the page
 *   that shows the result, or with the form again and its errors (400).
 */

export type PortalSignIn = BrowserSignIn;

export interface PortalDeps
  extends Omit<SubmitDeps, 'workflow' | 'registry'>,
    Omit<WithdrawDeps, 'registry' | 'workflow'>,
    Omit<InviteDeps, 'registry' | 'config'> {
  workflow: SubmitDeps['workflow'] & WithdrawDeps['workflow'] & ResubmitDeps['workflow'];
  registry: SubmitDeps['registry'] &
    WithdrawDeps['registry'] &
    InviteDeps['registry'] &
    Parameters<typeof allActiveClusters>[0] &
    Parameters<typeof createRequestFromForm>[3];
  tasks: WithdrawDeps['tasks'] & ResubmitDeps['tasks'] & Pick<TaskReader, 'listReviews' | 'consentStage'>;
  keys: KeySource;
  signIn: PortalSignIn;
  config: { publicBaseUrl: string; invitationTtlSeconds: number };
}

/** A local session lasts as long as a local API token (local/auth.ts). */
const LOCAL_SESSION_SECONDS = 12 * 3600;
const PAGE_SIZE = 10;
const INVITATIONS_PAGE_SIZE = 100;

interface Session {
  sid: string;
  inn: string;
  name: string;
}

const SESSION_COOKIE = 'portal-session';
const SIGN_IN_COOKIE = 'portal-sign-in';

/** The portal's root path under the public base URL (`/portal`, or `/api/portal` on the execute-api URL). */
export function portalBase(publicBaseUrl: string): string {
  return `${basePathOf(publicBaseUrl)}/portal`;
}

export function portalRoutes(deps: () => PortalDeps) {
  return async (event: ApiEvent): Promise<ApiResult> => {
    const d = deps();
    const secure = isSecure(d.config.publicBaseUrl);
    const base = portalBase(d.config.publicBaseUrl);
    const origin = new URL(d.config.publicBaseUrl).origin;
    const callbackUri = `${origin}${base}/callback`;
    const ring = await d.keys.load();
    const now = d.clock.now();
    const cookies = parseCookies(requestHeader(event, 'cookie'));
    const session = unseal<Session>(
      ring,
      'portal-session',
      cookies.get(sessionCookieName(SESSION_COOKIE, secure)),
      now,
    );
    const context: PortalContext = {
      base,
      signedIn: session
        ? { inn: session.inn, name: session.name, csrfToken: csrfToken(ring, `portal:${session.sid}`) }
        : undefined,
    };
    const route = `${event.httpMethod} ${event.resource}`;

    /** The session cookie of a completed sign-in, and where to go next. */
    const signedIn = (who: SignedInOrganization, next: string | undefined, extra: string[] = []) => {
      const value = seal<Session>(
        ring,
        'portal-session',
        { sid: newFormId(), inn: who.inn, name: who.name },
        who.expiresAt,
      );
      const maxAge = (who.expiresAt.getTime() - now.getTime()) / 1000;
      return redirect(safeNext(next, base), [cookie(SESSION_COOKIE, value, maxAge, secure), ...extra]);
    };

    // Signing in and out.
    switch (route) {
      case 'GET /portal/sign-in': {
        const next = event.queryStringParameters?.next;
        if (d.signIn.kind === 'cognito') {
          return hostedUiRedirect(
            ring,
            { purpose: 'portal-sign-in', cookieName: SIGN_IN_COOKIE, secure, now },
            { provider: d.signIn.provider, redirectUri: callbackUri, next },
          );
        }
        const nonce = newFormId();
        const document = localSignInPage({ base }, { csrfToken: nonce, ...(next ? { next } : {}) });
        return page(200, document, [
          csrfSetCookie('portal-sign-in', nonce, { secure, maxAgeSeconds: SIGN_IN_SECONDS }),
        ]);
      }
      case 'POST /portal/sign-in': {
        if (d.signIn.kind !== 'local') throw new NotFoundError('sign in on the sign-in page');
        const form = portalSignInForm.safeParse(formObject(parseFormBody(event)));
        const fields = form.success ? form.data : { inn: '', csrfToken: '' };
        const expected = cookies.get(csrfCookieName('portal-sign-in', secure)) ?? '';
        if (!expected || !fields.csrfToken || !sameText(expected, fields.csrfToken)) {
          throw new ForbiddenError('the form has expired: reload the sign-in page', [
            { path: 'csrfToken', message: 'missing or does not match' },
          ]);
        }
        try {
          const who = await localSignIn(fields.inn, {
            registry: d.registry,
            now,
            sessionSeconds: LOCAL_SESSION_SECONDS,
          });
          return signedIn(who, fields.next);
        } catch (error) {
          if (!(error instanceof HttpError) || error.statusCode >= 500) throw error;
          const message =
            error.statusCode === 403
              ? both(
                  'Участие организации приостановлено: войти нельзя.',
                  'The organization is suspended: it cannot sign in.',
                )
              : both(
                  'Укажите ИНН организации из реестра участников (10 или 12 цифр).',
                  'Enter the INN of an organization of the participant registry (10 or 12 digits).',
                );
          const errors = [{ field: 'inn', message }];
          const document = localSignInPage(
            { base },
            { csrfToken: expected, inn: fields.inn, ...(fields.next ? { next: fields.next } : {}) },
            errors,
          );
          return page(error.statusCode === 403 ? 403 : 400, document);
        }
      }
      case 'GET /portal/callback': {
        if (d.signIn.kind !== 'cognito') throw new NotFoundError('no sign-in callback on the local runtime');
        const query = event.queryStringParameters ?? {};
        const transaction = unseal<SignInTransaction>(
          ring,
          'portal-sign-in',
          cookies.get(sessionCookieName(SIGN_IN_COOKIE, secure)),
          now,
        );
        const who = await finishSignIn(
          { code: query.code, state: query.state, error: query.error },
          transaction,
          { provider: d.signIn.provider, registry: d.registry, redirectUri: callbackUri },
        );
        return signedIn(who, transaction?.next, [cookie(SIGN_IN_COOKIE, '', 0, secure)]);
      }
      case 'POST /portal/sign-out': {
        const cleared = [cookie(SESSION_COOKIE, '', 0, secure)];
        const body = both('Вы вышли из личного кабинета.', 'You have signed out of the portal.');
        const logout =
          d.signIn.kind === 'cognito' ? d.signIn.logoutUrl(`${origin}${base}`) : `${base}/sign-in`;
        return page(
          200,
          portalPage(
            { base },
            both('Вы вышли', 'Signed out'),
            html`<p role="status">${bi(body)}</p>
<p><a href="${logout}">${bi(d.signIn.kind === 'cognito' ? both('Выйти и со страницы входа', 'Also sign out of the sign-in page') : both('Войти снова', 'Sign in again'))}</a></p>`,
          ),
          cleared,
        );
      }
    }

    if (!session || !context.signedIn) {
      if (event.httpMethod === 'GET') {
        const path = event.path ?? base;
        return redirect(
          `${base}/sign-in?${new URLSearchParams({ next: path.startsWith(`${base}/`) ? path : base }).toString()}`,
        );
      }
      throw new UnauthorizedError('sign in to the portal first');
    }
    const inn = session.inn;

    /** A POST's fields, after its CSRF token is checked. */
    const postedForm = (): FormBody => {
      const body = parseFormBody(event);
      const token = body.fields.get('csrfToken')?.[0] ?? '';
      if (!token || !isValidCsrfToken(ring, `portal:${session.sid}`, token)) {
        throw new ForbiddenError('the form has expired or did not come from this portal: reload the page', [
          { path: 'csrfToken', message: 'missing or not this session’s' },
        ]);
      }
      return body;
    };

    const viewOf = (application: Application) => applicationView(application, d);
    const clusterNameOf = async (application: Pick<Application, 'cluster' | 'clusterId'>) =>
      application.cluster?.name ??
      (application.clusterId
        ? ((await d.registry.getCluster(application.clusterId))?.name ?? application.clusterId)
        : '');

    const createForm = async (
      values: Record<string, unknown>,
      errors: PortalFormError[] = [],
      mode?: ApplicationFormMode,
    ) => {
      const organization = await d.registry.getOrganization(inn);
      const filled = {
        formId: newFormId(),
        contactEmail: organization?.email ?? '',
        ...(values as Record<string, string>),
      };
      return createFormPage(context, filled, errors, mode);
    };
    const joinForm = async (
      values: Record<string, unknown>,
      errors: PortalFormError[] = [],
      mode?: ApplicationFormMode,
    ) => {
      const [clusters, organization] = await Promise.all([
        allActiveClusters(d.registry),
        d.registry.getOrganization(inn),
      ]);
      const filled = {
        formId: newFormId(),
        contactEmail: organization?.email ?? '',
        ...(values as Record<string, string>),
      };
      return joinFormPage(context, clusters, filled, errors, mode);
    };
    /** The resubmission's form: the application's own fields, what the department asked, the deadline. */
    const resubmitMode = async (application: Application): Promise<ApplicationFormMode> => {
      const amendment = application.amendment;
      if (application.status !== 'AMENDMENT_REQUESTED' || !amendment) {
        throw new ConflictError(
          `the application is ${application.status}: only an application returned for amendment can be resubmitted`,
          'NOT_RETURNED_FOR_AMENDMENT',
        );
      }
      const name = await clusterNameOf(application);
      const deadline = moscowTime(amendment.deadline);
      return {
        action: `/applications/${application.applicationId}/resubmit`,
        title: both(
          `Исправление заявки: кластер «${name}»`,
          `Amending the application: the cluster "${name}"`,
        ),
        preface: html`<div class="notice"><p>${bi(both(`Департамент вернул заявку ${application.applicationId} на доработку (раунд ${amendment.round}). Исправьте её и подайте снова до ${deadline.ru}.`, `The department returned application ${application.applicationId} for amendment (round ${amendment.round}). Correct it and resubmit it by ${deadline.en}.`))}</p>
<p>${bi(both('Комментарий департамента:', 'The department’s comment:'))}</p><blockquote>${multiline(amendment.comment)}</blockquote>
<p>${bi(both('Участники, уже подтвердившие участие, не получат запрос снова; новым участникам придёт письмо.', 'Members who already confirmed are not asked again; new members are emailed.'))}</p></div>`,
        submit: both('Подать исправленную заявку', 'Resubmit the application'),
      };
    };
    /** The coordinator's invitations page: a page of the invitations (newest first) and the forms. */
    const invitations = async (
      clusterId: string,
      form: Parameters<typeof invitationsPage>[3] = {},
      cursor?: string,
    ) => {
      const cluster = await coordinatedCluster(clusterId, inn, d.registry);
      const listed = await listInvitations(
        clusterId,
        { limit: INVITATIONS_PAGE_SIZE, ...(cursor ? { cursor } : {}) },
        { inn },
        d,
      );
      return invitationsPage(context, cluster, { ...listed, earlier: cursor !== undefined }, form);
    };
    switch (route) {
      case 'GET /portal': {
        const cursor = event.queryStringParameters?.cursor;
        const [page_, clusters] = await Promise.all([
          ownApplicationViews(d, inn, { limit: PAGE_SIZE, ...(cursor ? { cursor } : {}) }),
          allActiveClusters(d.registry),
        ]);
        const listed: ListedApplication[] = await Promise.all(
          page_.items.map(async ({ application, view }) => ({
            view,
            clusterName: await clusterNameOf(application),
          })),
        );
        const coordinated = clusters.filter((cluster) => cluster.coordinatorInn === inn);
        return page(200, applicationsPage(context, listed, coordinated, page_.next));
      }
      case 'GET /portal/applications/new-create':
        return page(200, await createForm({}));
      case 'GET /portal/applications/new-join':
        return page(200, await joinForm({}));
      case 'POST /portal/applications': {
        const body = postedForm();
        const raw = formObject(body, ['sectors']);
        const form = portalApplicationForm.safeParse(raw);
        if (!form.success) {
          const errors = [
            {
              field: 'contactEmail',
              message: both(
                'Форма заполнена неверно: откройте её заново.',
                'The form is not valid: open it again.',
              ),
            },
          ];
          return page(
            400,
            raw.kind === 'JOIN_CLUSTER' ? await joinForm(raw, errors) : await createForm(raw, errors),
          );
        }
        const outcome =
          form.data.kind === 'CREATE_CLUSTER'
            ? await createRequestFromForm(form.data, body.files.get('memberFile'), inn, d.registry)
            : joinRequestFromForm(form.data, inn);
        if (!outcome.request) {
          const values = { ...raw, formId: form.data.formId };
          return page(
            400,
            form.data.kind === 'CREATE_CLUSTER'
              ? await createForm(values, outcome.errors)
              : await joinForm(values, outcome.errors),
          );
        }
        const { application } = await submitApplication(
          outcome.request,
          { inn, idempotencyKey: `portal:${form.data.formId}` },
          d,
        );
        return redirect(`${base}/applications/${application.applicationId}?filed=1`);
      }
      case 'GET /portal/applications/{id}': {
        const application = await loadOwnApplication(
          d.applications,
          parsePathParameter(event, 'id', applicationIdSchema),
          inn,
        );
        const query = event.queryStringParameters ?? {};
        const notice = query.filed
          ? both(
              'Заявка подана. Письмо о подаче отправлено на контактный адрес.',
              'The application is filed. A receipt is emailed to the contact address.',
            )
          : query.withdrawn
            ? both('Заявка отозвана.', 'The application is withdrawn.')
            : query.resubmitted
              ? both(
                  'Исправленная заявка подана: она снова проверяется.',
                  'The amended application is filed: it is checked again.',
                )
              : undefined;
        return page(
          200,
          applicationPage(context, await viewOf(application), await clusterNameOf(application), notice),
        );
      }
      case 'GET /portal/applications/{id}/withdraw': {
        const application = await loadOwnApplication(
          d.applications,
          parsePathParameter(event, 'id', applicationIdSchema),
          inn,
        );
        return page(200, withdrawPage(context, await viewOf(application), await clusterNameOf(application)));
      }
      case 'POST /portal/applications/{id}/withdraw': {
        const applicationId = parsePathParameter(event, 'id', applicationIdSchema);
        const form = portalWithdrawForm.safeParse(formObject(postedForm()));
        if (!form.success || form.data.confirm !== 'yes') {
          const application = await loadOwnApplication(d.applications, applicationId, inn);
          const errors = [
            {
              field: 'confirm',
              message: both(
                'Подтвердите, что заявка отзывается окончательно.',
                'Confirm that the application is withdrawn for good.',
              ),
            },
          ];
          return page(
            400,
            withdrawPage(context, await viewOf(application), await clusterNameOf(application), errors),
          );
        }
        await withdrawApplication(applicationId, inn, d);
        return redirect(`${base}/applications/${applicationId}?withdrawn=1`);
      }
      case 'GET /portal/applications/{id}/resubmit': {
        const application = await loadOwnApplication(
          d.applications,
          parsePathParameter(event, 'id', applicationIdSchema),
          inn,
        );
        const mode = await resubmitMode(application);
        const values = { ...formValuesOf(application), kind: application.type };
        return page(
          200,
          application.type === 'CREATE_CLUSTER'
            ? await createForm(values, [], mode)
            : await joinForm(values, [], mode),
        );
      }
      case 'POST /portal/applications/{id}/resubmit': {
        const applicationId = parsePathParameter(event, 'id', applicationIdSchema);
        const body = postedForm();
        const application = await loadOwnApplication(d.applications, applicationId, inn);
        const raw = { ...formObject(body, ['sectors']), kind: application.type };
        // The form's mode (and its status check) only to show it again: a valid post goes straight to
        // the use-case, which checks the status itself and answers a form sent twice with its first result.
        const again = async (errors: PortalFormError[]) => {
          const mode = await resubmitMode(application);
          return page(
            400,
            application.type === 'CREATE_CLUSTER'
              ? await createForm(raw, errors, mode)
              : await joinForm(raw, errors, mode),
          );
        };
        const form = portalApplicationForm.safeParse(raw);
        if (!form.success) {
          return again([
            {
              field: 'contactEmail',
              message: both(
                'Форма заполнена неверно: откройте её заново.',
                'The form is not valid: open it again.',
              ),
            },
          ]);
        }
        const outcome =
          form.data.kind === 'CREATE_CLUSTER'
            ? await createRequestFromForm(form.data, body.files.get('memberFile'), inn, d.registry)
            : joinRequestFromForm(form.data, inn);
        if (!outcome.request) return again(outcome.errors);
        await resubmitApplication(
          outcome.request,
          { inn, applicationId, idempotencyKey: `portal:${form.data.formId}` },
          d,
        );
        return redirect(`${base}/applications/${applicationId}?resubmitted=1`);
      }
      case 'GET /portal/clusters/{id}/invitations': {
        const clusterId = parsePathParameter(event, 'id', clusterIdSchema);
        const query = event.queryStringParameters ?? {};
        const notice = query.invited
          ? both('Приглашение отправлено.', 'The invitation is sent.')
          : query.revoked
            ? both('Приглашение отозвано.', 'The invitation is revoked.')
            : undefined;
        return page(200, await invitations(clusterId, notice ? { notice } : {}, query.cursor));
      }
      case 'POST /portal/clusters/{id}/invitations': {
        const clusterId = parsePathParameter(event, 'id', clusterIdSchema);
        const raw = formObject(postedForm());
        const form = portalInviteForm.safeParse(raw);
        if (!form.success) {
          return page(
            400,
            await invitations(clusterId, {
              errors: [
                {
                  field: 'member-inn',
                  message: both(
                    'Форма заполнена неверно: откройте её заново.',
                    'The form is not valid: open it again.',
                  ),
                },
              ],
            }),
          );
        }
        const prefix = form.data.role === 'MEMBER' ? 'member' : 'partner';
        const outcome = inviteRequestFromForm(form.data);
        const again = (errors: PortalFormError[]) =>
          invitations(clusterId, { role: form.data.role, values: raw as Record<string, string>, errors });
        if (!outcome.request) return page(400, await again(outcome.errors));
        try {
          await inviteToCluster(clusterId, outcome.request, { inn }, d);
        } catch (error) {
          if (!isFieldRefusal(error)) throw error;
          const fields = ['inn', 'name', 'email', 'country'];
          const errors = errorsFromRefusal(
            error,
            (detail) =>
              `${prefix}-${fields.includes(detail.path) ? detail.path : prefix === 'member' ? 'inn' : 'email'}`,
          );
          return page(error.statusCode, await again(errors));
        }
        return redirect(`${base}/clusters/${clusterId}/invitations?invited=1`);
      }
      case 'POST /portal/clusters/{id}/invitations/{invitationId}/revoke': {
        const clusterId = parsePathParameter(event, 'id', clusterIdSchema);
        const invitationId = parsePathParameter(event, 'invitationId', invitationIdSchema);
        portalCsrfOnlyForm.parse(formObject(postedForm()));
        await revokeInvitation(clusterId, invitationId, { inn }, d);
        return redirect(`${base}/clusters/${clusterId}/invitations?revoked=1`);
      }
      default:
        throw new NotFoundError(`no route ${route}`);
    }
  };
}

/** Errors the portal does not answer with a form: a page naming what happened (the same pages as the links'). */
const portalError: ErrorRenderer = (statusCode, body) => ({
  statusCode,
  headers: { ...PAGE_HEADERS },
  body: errorPage(statusCode, body.error.code, body.error.details),
});

export const portalHandler = (routes: ReturnType<typeof portalRoutes>) => apiHandler(routes, portalError);
