import type middy from '@middy/core';
import type { MiddlewareObj } from '@middy/core';
import type { Context } from 'aws-lambda';
import { ForbiddenError } from '#shared/errors';
import {
  type ApiEvent,
  type ApiResult,
  apiHandler,
  type ErrorRenderer,
  json,
  requestHeader,
} from '#shared/http/api';
import { PAGE_HEADERS } from '#shared/pages/layout';
import { errorPage } from '#shared/pages/result-pages';

/**
 * Operators: programme staff, members of the user pool's `operators` group.
 * In AWS the API's Cognito authorizer validates the ID token of every
 * `/admin` route and passes its claims, `cognito:groups` among them; the
 * local runtime's authorizer passes the same claims for its operator tokens.
 * Whatever reaches a handler, this module is the one place that decides
 * whether it comes from an operator: applicants (a token with an INN) and
 * the public (no token) get 403 on every `/admin` route.
 */

export const OPERATORS_GROUP = 'operators';

/** `cognito:groups` as API Gateway passes it: an array, or a string such as `operators`, `a,b` or `[a b]`. */
function groupsOf(claim: unknown): string[] {
  if (Array.isArray(claim)) return claim.map(String);
  if (typeof claim !== 'string') return [];
  return claim
    .replace(/^\[|\]$/g, '')
    .split(/[\s,]+/)
    .filter(Boolean);
}

/**
 * The signed-in operator's id (the user name, which the history records as
 * `operator:<id>`), or a 403. A token carrying an organization's INN is an
 * applicant's, even if someone added that user to the group by mistake.
 */
export function signedInOperator(event: ApiEvent): string {
  const claims = (event.requestContext?.authorizer?.claims ?? {}) as Record<string, unknown>;
  const id = claims['cognito:username'] ?? claims.sub;
  const isOperator = groupsOf(claims['cognito:groups']).includes(OPERATORS_GROUP);
  const inn = claims['custom:inn'];
  if (!isOperator || typeof id !== 'string' || id.length === 0 || (typeof inn === 'string' && inn !== '')) {
    throw new ForbiddenError('the operator console is for programme operators only');
  }
  return id;
}

/** `operator:<id>`: the actor of an operator's action in an application's history. */
export const operatorActor = (operatorId: string) => `operator:${operatorId}`;

/** Checks the caller before the handler runs: the one gate of every `/admin` route. */
function operatorsOnly(): MiddlewareObj<ApiEvent, ApiResult> {
  return {
    before: async ({ event }) => {
      signedInOperator(event);
    },
  };
}

/** A person's browser asks for HTML; scripts and JSON posts get the spec's error body. */
export function wantsHtml(event: ApiEvent): boolean {
  if (event.path?.startsWith('/admin/api/')) return false;
  const accept = requestHeader(event, 'accept') ?? '';
  return !(/application\/(.+\+)?json/i.test(accept) && !/text\/html/i.test(accept));
}

/** Errors of the console: a page for people, the spec's body for the JSON API and JSON clients. */
export const consoleError: ErrorRenderer = (statusCode, body, event) =>
  wantsHtml(event)
    ? {
        statusCode,
        headers: { ...PAGE_HEADERS },
        body: errorPage(statusCode, body.error.code, body.error.details),
      }
    : json(statusCode, body);

export type OperatorRouteHandler = (
  event: ApiEvent,
  operatorId: string,
  context: Context,
) => Promise<ApiResult>;

/** The middy stack of every `/admin` route: the shared API stack, then the operator gate. */
export function operatorHandler(handler: OperatorRouteHandler) {
  return apiHandler((event, context) => handler(event, signedInOperator(event), context), consoleError).use(
    operatorsOnly(),
  ) as middy.MiddyfiedHandler<ApiEvent, ApiResult>;
}
