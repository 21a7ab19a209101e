import { randomBytes } from 'node:crypto';
import type { ApiResult } from '#shared/http/api';
import type { KeyRing } from '#shared/links/key-ring';
import { type SealPurpose, seal } from '#shared/links/sealed';
import { PAGE_HEADERS } from '#shared/pages/layout';
import { beginSignIn, type IdentityProvider, type SignInTransaction } from '#shared/use-cases/portal-sign-in';

/**
 * What the applicant portal and the operator console share for people in a
 * browser: their session cookies (HttpOnly, SameSite=Lax so that the hosted
 * UI's redirect back and a link from an email carry them; over HTTPS Secure
 * with the `__Host-` prefix), pages that may set them, and redirects.
 */

/** How people sign in: the user pool's hosted UI (AWS), or the local runtime's stand-in form. */
export type BrowserSignIn =
  | { kind: 'local' }
  | { kind: 'cognito'; provider: IdentityProvider; logoutUrl: (redirectUri: string) => string };

/** Served over HTTPS: session cookies are `Secure` with the `__Host-` prefix. */
export const isSecure = (publicBaseUrl: string) => publicBaseUrl.startsWith('https:');

/** The path the public base URL puts before every route: empty on a custom domain, `/api` on the stage URL. */
export const basePathOf = (publicBaseUrl: string) => new URL(publicBaseUrl).pathname.replace(/\/+$/, '');

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

/** A fresh random id (a session's, a form's nonce): 144 bits. */
export const newFormId = () => randomBytes(18).toString('base64url');

/** How long a hosted-UI sign-in may take between the redirect and the callback. */
export const SIGN_IN_SECONDS = 10 * 60;

/**
 * The start of a hosted-UI sign-in: the redirect to the authorize endpoint, and the transaction
 * (state, PKCE verifier, where to go next) sealed in a short-lived cookie for the callback.
 */
export function hostedUiRedirect(
  ring: KeyRing,
  transaction: { purpose: SealPurpose; cookieName: string; secure: boolean; now: Date },
  request: {
    provider: Pick<IdentityProvider, 'authorizeUrl'>;
    redirectUri: string;
    next: string | undefined;
  },
): ApiResult {
  const started = beginSignIn({ redirectUri: request.redirectUri, next: request.next }, request.provider);
  const sealed = seal<SignInTransaction>(
    ring,
    transaction.purpose,
    started.transaction,
    new Date(transaction.now.getTime() + SIGN_IN_SECONDS * 1000),
  );
  return redirectTo(
    started.redirect,
    [sessionCookie(transaction.cookieName, sealed, SIGN_IN_SECONDS, transaction.secure)],
    302,
  );
}
