import type { ApiResult } from '#shared/http/api';
import { PAGE_HEADERS } from '#shared/pages/layout';

/**
 * What the applicant portal and the operator console share for people in a
 * browser: their session cookies (HttpOnly, SameSite=Lax so that the hosted
 * UI's redirect back and a link from an email carry them; over HTTPS Secure
 * with the `__Host-` prefix), pages that may set them, and redirects.
 */

/** `__Host-<name>` over HTTPS: the browser keeps it to this origin and path `/`, Secure. */
export const sessionCookieName = (name: string, secure: boolean) => `${secure ? '__Host-' : ''}${name}`;

export function sessionCookie(name: string, value: string, maxAgeSeconds: number, secure: boolean): string {
  const attributes = [
    `${sessionCookieName(name, secure)}=${value}`,
    'Path=/',
    `Max-Age=${Math.max(0, Math.floor(maxAgeSeconds))}`,
    'HttpOnly',
    'SameSite=Lax',
  ];
  if (secure) attributes.push('Secure');
  return attributes.join('; ');
}

export function pageWithCookies(statusCode: number, document: string, cookies: string[] = []): ApiResult {
  return {
    statusCode,
    headers: { ...PAGE_HEADERS },
    ...(cookies.length > 0 ? { multiValueHeaders: { 'set-cookie': cookies } } : {}),
    body: document,
  };
}

export function redirectTo(location: string, cookies: string[] = [], statusCode = 303): ApiResult {
  return {
    statusCode,
    headers: { location, 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' },
    ...(cookies.length > 0 ? { multiValueHeaders: { 'set-cookie': cookies } } : {}),
    body: '',
  };
}

/** Where to go after signing in: a path under `base` only, never another site nor a path climbing out of it. */
export const safeNext = (next: string | undefined, base: string) =>
  next?.startsWith(`${base}/`) && !next.includes('..') && !next.includes('//') ? next : base;
