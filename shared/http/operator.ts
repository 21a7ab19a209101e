import type { Context } from 'aws-lambda';
import { ForbiddenError, TransientError } from '#shared/errors';
import {
  type ApiEvent,
  type ApiResult,
  apiHandler,
  type ErrorRenderer,
  json,
  type RouteHandler,
  requestHeader,
} from '#shared/http/api';
import { basePathOf, isSecure, sessionCookieName } from '#shared/http/browser-session';
import { russianMessage } from '#shared/http/error-messages';
import { parseCookies } from '#shared/links/csrf';
import type { KeySource } from '#shared/links/key-ring';
import { unseal } from '#shared/links/sealed';
import { consoleErrorPage } from '#shared/pages/admin/error-page';
import { PAGE_HEADERS } from '#shared/pages/layout';
import { operatorIdFromClaims } from '#shared/use-cases/operator-sign-in';

/**
 * Operators: programme staff, members of the user pool's `operators` group
 * (shared/use-cases/operator-sign-in.ts decides from the claims). The `/admin`
 * routes have no gateway authorizer, so that a browser's session cookie
 * reaches them and the public gets this gate's 403 rather than the
 * gateway's 401; this module is the one place that lets a request through,
 * with one of:
 * - claims an edge verified (the local runtime's edge checks its own bearer
 *   tokens for every route, as it does for applicants);
 * - `Authorization: Bearer <ID token>` (scripts): in AWS verified here
 *   (aws-jwt-verify: the pool's keys, issuer, audience, `token_use` id, expiry);
 * - the console's session cookie, sealed by the sign-in (shared/http/console-sign-in.ts).
 * Applicants (a token with an INN) and the public (nothing) get 403 on every `/admin` route.
 */

export interface OperatorGate {
  keys: KeySource;
  /** Verifies a bearer ID token and gives its claims (AWS); absent where an edge verifies tokens (local). */
  verifyIdToken?: ((token: string) => Promise<Record<string, unknown>>) | undefined;
  /** Where the console is served: over HTTPS the session cookie is `__Host-` and Secure. */
  publicBaseUrl: string;
  now: () => Date;
}

/**
 * A console response as the browser must see it under the public base URL.
 * The console's pages link to `/admin/...` (the API's own paths); behind the
 * stage URL those live under `/api/admin/...`, so links, form actions and
 * redirects to the console get the base path. Only the console's own paths
 * are touched: the templates write them as `href="/admin`/`action="/admin`.
 */
export function underBasePath(result: ApiResult, publicBaseUrl: string): ApiResult {
  const base = basePathOf(publicBaseUrl);
  if (base === '') return result;
  const location = result.headers?.location;
  const isPage = /^text\/html/.test(String(result.headers?.['content-type'] ?? ''));
  return {
    ...result,
    ...(typeof location === 'string' && location.startsWith('/admin')
      ? { headers: { ...result.headers, location: `${base}${location}` } }
      : {}),
    ...(isPage ? { body: result.body.replace(/\b(href|action)="\/admin\b/g, `$1="${base}/admin`) } : {}),
  };
}

export const OPERATOR_SESSION_COOKIE = 'operator-session';

export interface OperatorSession {
  /** The session's own id: the console's CSRF tokens are bound to it. */
  sid: string;
  operatorId: string;
}

const NOT_AN_OPERATOR = 'the operator console is for programme operators only: sign in at /admin/sign-in';

/** The console's routes open to anyone: signing in and out (shared/http/console-sign-in.ts). */
export const CONSOLE_SIGN_IN_RESOURCES: ReadonlySet<string> = new Set([
  '/admin/sign-in',
  '/admin/callback',
  '/admin/sign-out',
]);

/** The gate's refusal (403): not signed in as an operator. A browser is shown the way to sign in. */
export class NotAnOperatorError extends ForbiddenError {}

/** The bearer token of an `Authorization` header, if it has one. */
const bearerOf = (header: string | undefined) => /^Bearer\s+(\S+)\s*$/i.exec(header ?? '')?.[1];

/** The session a console cookie carries, or null (none, tampered, expired). */
export async function operatorSessionOf(
  event: ApiEvent,
  gate: OperatorGate,
): Promise<OperatorSession | null> {
  const sealed = parseCookies(requestHeader(event, 'cookie')).get(
    sessionCookieName(OPERATOR_SESSION_COOKIE, isSecure(gate.publicBaseUrl)),
  );
  if (!sealed) return null;
  return unseal<OperatorSession>(await gate.keys.load(), 'operator-session', sealed, gate.now());
}

/** The signed-in operator's id (recorded in histories as `operator:<id>`), or a 403. */
export async function signedInOperator(event: ApiEvent, gate: OperatorGate): Promise<string> {
  const edgeClaims = event.requestContext?.authorizer?.claims as Record<string, unknown> | undefined;
  if (edgeClaims) return operatorIdFromClaims(edgeClaims);
  const header = requestHeader(event, 'authorization');
  if (header !== undefined) {
    const token = bearerOf(header);
    // A token the edge did not take (local), or none to verify here: refused, never read unverified.
    if (!token || !gate.verifyIdToken) throw new NotAnOperatorError(NOT_AN_OPERATOR);
    let claims: Record<string, unknown>;
    try {
      claims = await gate.verifyIdToken(token);
    } catch (error) {
      // The pool's keys could not be fetched: our fault (a 5xx the client retries), not a refusal.
      if (error instanceof TransientError) throw error;
      throw new NotAnOperatorError(NOT_AN_OPERATOR, [
        { path: 'authorization', message: 'the token does not verify' },
      ]);
    }
    return operatorIdFromClaims(claims);
  }
  const session = await operatorSessionOf(event, gate);
  if (!session) throw new NotAnOperatorError(NOT_AN_OPERATOR);
  return session.operatorId;
}

/** `operator:<id>`: the actor of an operator's action in an application's history. */
export const operatorActor = (operatorId: string) => `operator:${operatorId}`;

/** A person's browser asks for HTML; scripts and JSON posts get the spec's error body. */
export function wantsHtml(event: ApiEvent): boolean {
  if (event.path?.startsWith('/admin/api/')) return false;
  const accept = requestHeader(event, 'accept') ?? '';
  return !(/application\/(.+\+)?json/i.test(accept) && !/text\/html/i.test(accept));
}

/** Errors of the console: a page for people, the spec's body for the JSON API and JSON clients. */
/** Not signed in as an operator, or a sign-in refused: a browser is shown the way in. */
const isSignInRefusal = (statusCode: number, event: ApiEvent, error: unknown) =>
  error instanceof NotAnOperatorError ||
  (statusCode === 403 && CONSOLE_SIGN_IN_RESOURCES.has(event.resource));

/** Where to come back after signing in: the page asked for (a GET), else the console's start. */
const comeBackTo = (event: ApiEvent) =>
  event.httpMethod === 'GET' && !CONSOLE_SIGN_IN_RESOURCES.has(event.resource)
    ? (event.path ?? '/admin')
    : '/admin';

export const consoleError: ErrorRenderer = (statusCode, body, event, error) =>
  wantsHtml(event)
    ? {
        statusCode,
        headers: { ...PAGE_HEADERS },
        body: consoleErrorPage(statusCode, body.error.code, {
          message: {
            ru: russianMessage(body.error.code, statusCode),
            en: error?.message ?? 'something went wrong on our side; try again later',
          },
          details: body.error.details,
          // Not signed in as an operator, or a sign-in refused: the way in, and back to the page asked for.
          signInHref: isSignInRefusal(statusCode, event, error)
            ? `/admin/sign-in?${new URLSearchParams({ next: comeBackTo(event) }).toString()}`
            : undefined,
        }),
      }
    : json(statusCode, body);

export type OperatorRouteHandler = (
  event: ApiEvent,
  operatorId: string,
  context: Context,
) => Promise<ApiResult>;

export type ConsoleHandler = (event: ApiEvent, context: Context) => Promise<ApiResult>;

/** A console function's handler: the shared API stack, its answers (errors too) under the public base path. */
export function consoleHandler(
  handler: RouteHandler,
  gate: () => Pick<OperatorGate, 'publicBaseUrl'>,
): ConsoleHandler {
  const stack = apiHandler(handler, consoleError);
  return async (event, context) => underBasePath(await stack(event, context), gate().publicBaseUrl);
}

/** The handler of every `/admin` route but the sign-in's: the operator gate, then the route. */
export function operatorHandler(handler: OperatorRouteHandler, gate: () => OperatorGate): ConsoleHandler {
  return consoleHandler(async (event, context) => {
    const deps = gate();
    return handler(event, await signedInOperator(event, deps), context);
  }, gate);
}
