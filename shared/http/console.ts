import { ForbiddenError, type HttpError, UnsupportedMediaTypeError } from '#shared/errors';
import { type ApiEvent, type ApiResult, rawBody, requestHeader } from '#shared/http/api';
import { csrfCookieName, csrfSetCookie, parseCookies } from '#shared/links/csrf';
import type { LinkSigner } from '#shared/links/signer';
import {
  type ApplicationPageState,
  applicationPage,
  type ConsoleAction,
} from '#shared/pages/admin/application-page';
import { PAGE_HEADERS } from '#shared/pages/layout';
import {
  type CandidatesDeps,
  type OperatorViewDeps,
  operatorApplicationView,
  reassignmentCandidates,
} from '#shared/use-cases/operator-applications';

/**
 * The console's pages and form posts. CSRF: the double-submit scheme of the
 * link pages (shared/links/csrf.ts), keyed by the operator instead of a
 * link: an HMAC of `operator:<id>` under the link-signing keys, set as a
 * SameSite=Strict, HttpOnly cookie on every console page and repeated in a
 * hidden field of every form; a post whose field and cookie do not match
 * that is refused (403). The JSON API needs none: a cross-site page cannot
 * post JSON without a CORS preflight, which this API never answers.
 */

export interface ConsoleDeps extends Omit<OperatorViewDeps, 'registry'> {
  registry: OperatorViewDeps['registry'] & CandidatesDeps['registry'];
  signer: Pick<LinkSigner, 'csrfToken' | 'isValidCsrfToken'>;
  cookies: { secure: boolean };
}

const csrfSubject = (operatorId: string) => `operator:${operatorId}`;
const CSRF_COOKIE_SECONDS = 12 * 3600;

export async function consoleCookie(operatorId: string, deps: Pick<ConsoleDeps, 'signer' | 'cookies'>) {
  const token = await deps.signer.csrfToken(csrfSubject(operatorId));
  return {
    token,
    setCookie: csrfSetCookie(csrfSubject(operatorId), token, {
      secure: deps.cookies.secure,
      maxAgeSeconds: CSRF_COOKIE_SECONDS,
    }),
  };
}

export function htmlPage(statusCode: number, body: string, headers: Record<string, string> = {}): ApiResult {
  return { statusCode, headers: { ...PAGE_HEADERS, ...headers }, body };
}

/** One application's console page, with a fresh CSRF cookie. */
export async function consoleApplicationPage(
  operatorId: string,
  applicationId: string,
  state: Pick<ApplicationPageState, 'done' | 'error'>,
  statusCode: number,
  deps: ConsoleDeps,
): Promise<ApiResult> {
  const view = await operatorApplicationView(applicationId, deps);
  const [candidates, cookie] = await Promise.all([
    reassignmentCandidates(view, view.signoffTask?.officialId ?? null, deps),
    consoleCookie(operatorId, deps),
  ]);
  return htmlPage(
    statusCode,
    applicationPage(operatorId, view, { ...state, csrfToken: cookie.token, candidates }),
    { 'set-cookie': cookie.setCookie },
  );
}

/** The fields of a console form post, its CSRF token checked first. */
export async function consoleForm(
  event: ApiEvent,
  operatorId: string,
  deps: Pick<ConsoleDeps, 'signer' | 'cookies'>,
): Promise<Record<string, string>> {
  const contentType = requestHeader(event, 'content-type') ?? '';
  if (!/^application\/x-www-form-urlencoded\b/i.test(contentType.trim())) {
    throw new UnsupportedMediaTypeError('post the console form', [
      {
        path: 'content-type',
        message: `expected application/x-www-form-urlencoded, got ${contentType || 'nothing'}`,
      },
    ]);
  }
  const fields = Object.fromEntries(new URLSearchParams(rawBody(event)));
  const cookie = parseCookies(requestHeader(event, 'cookie')).get(
    csrfCookieName(csrfSubject(operatorId), deps.cookies.secure),
  );
  const field = fields.csrfToken;
  const valid =
    typeof field === 'string' &&
    cookie === field &&
    (await deps.signer.isValidCsrfToken(csrfSubject(operatorId), field));
  if (!valid) throw new ForbiddenError('the form is out of date: open the console page again');
  // An empty optional field is no value.
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value.trim() !== ''));
}

export type { ConsoleAction, HttpError };
