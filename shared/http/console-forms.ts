import { randomBytes, timingSafeEqual } from 'node:crypto';
import { ForbiddenError, UnsupportedMediaTypeError } from '#shared/errors';
import { type ApiEvent, type ApiResult, rawBody, requestHeader } from '#shared/http/api';
import { parseCookies } from '#shared/links/csrf';
import { PAGE_HEADERS } from '#shared/pages/layout';

/**
 * The console's forms (`POST /admin/...` from a page, no script): CSRF
 * protection by double submit, nothing stored. A page sets a random token in
 * an HttpOnly, SameSite=Strict cookie (`__Host-` over HTTPS) and repeats it in
 * a hidden `csrfToken` field; a post is taken only when both are there and
 * equal. A cross-site form post carries neither the cookie (SameSite=Strict)
 * nor the token. The JSON API (`/admin/api/`) needs none: a cross-site page
 * cannot send JSON or CSV without a CORS preflight, which this API never answers.
 */

const FORM_TYPE = /^application\/x-www-form-urlencoded\b/i;

/** API Gateway tells the function the request came over HTTPS; the local runtime is plain HTTP. */
const isSecure = (event: ApiEvent) =>
  (requestHeader(event, 'x-forwarded-proto') ?? '').toLowerCase() === 'https';

const cookieName = (event: ApiEvent) => (isSecure(event) ? '__Host-admin-csrf' : 'admin-csrf');

/** The token of this browser (kept while its cookie lives), or a new one. */
export function consoleCsrfToken(event: ApiEvent): string {
  const current = parseCookies(requestHeader(event, 'cookie')).get(cookieName(event));
  return current && /^[A-Za-z0-9_-]{32,64}$/.test(current) ? current : randomBytes(24).toString('base64url');
}

function csrfCookie(event: ApiEvent, token: string): string {
  return [
    `${cookieName(event)}=${token}`,
    'Path=/admin',
    'Max-Age=43200',
    'HttpOnly',
    'SameSite=Strict',
    ...(isSecure(event) ? ['Secure'] : []),
  ].join('; ');
}

/** A console page, with the CSRF cookie its forms need. */
export function consolePage(event: ApiEvent, statusCode: number, document: string, token: string): ApiResult {
  return {
    statusCode,
    headers: { ...PAGE_HEADERS, 'set-cookie': csrfCookie(event, token) },
    body: document,
  };
}

/** After a form did what it asked: back to a page (`303`, so a reload does not post again). */
export function seeOther(location: string): ApiResult {
  return { statusCode: 303, headers: { location, 'cache-control': 'no-store' }, body: '' };
}

/** The fields of a console form post, once its CSRF token is checked; 403 without a valid one. */
export function consoleForm(event: ApiEvent): URLSearchParams {
  const contentType = requestHeader(event, 'content-type') ?? '';
  if (!FORM_TYPE.test(contentType.trim())) {
    throw new UnsupportedMediaTypeError('post the form', [
      {
        path: 'content-type',
        message: `expected application/x-www-form-urlencoded, got ${contentType || 'nothing'}`,
      },
    ]);
  }
  const fields = new URLSearchParams(rawBody(event));
  const cookie = parseCookies(requestHeader(event, 'cookie')).get(cookieName(event)) ?? '';
  const given = Buffer.from(fields.get('csrfToken') ?? '', 'utf8');
  const expected = Buffer.from(cookie, 'utf8');
  if (expected.length < 32 || given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new ForbiddenError('the form has expired: open the page again and repeat', [
      { path: 'csrfToken', message: 'missing or not this browser’s token' },
    ]);
  }
  fields.delete('csrfToken');
  return fields;
}
