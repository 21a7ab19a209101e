import * as z from 'zod';
import { UnsupportedMediaTypeError, ValidationError } from '#shared/errors';
import {
  type ApiEvent,
  type ApiResult,
  apiHandler,
  type ErrorRenderer,
  isJsonContentType,
  json,
  parseJsonBody,
  type RouteHandler,
  rawBody,
  requestHeader,
} from '#shared/http/api';
import { csrfCookieName, csrfSetCookie, parseCookies } from '#shared/links/csrf';
import { type LinkParams, type LinkScope, linkParamsFrom } from '#shared/links/signature';
import type { LinkSigner } from '#shared/links/signer';
import { PAGE_HEADERS } from '#shared/pages/layout';
import { type FormState, STEP_FIELD } from '#shared/pages/page-sections';
import { errorPage } from '#shared/pages/result-pages';
import type { LinkSubmission } from '#shared/use-cases/answer-review';

/**
 * The routes behind emailed links: a GET shows the page (and changes
 * nothing), a POST answers. People post the HTML form; scripts post JSON.
 *
 * CSRF: form posts carry a double-submit token (cookie + hidden field).
 * JSON posts need none: a cross-site page can only send
 * `application/json` through fetch with CORS, whose preflight this API never
 * answers, and the form encodings a page can send without a preflight
 * (urlencoded, multipart, text/plain) are either checked or refused here.
 */

export type Format = 'html' | 'json';

const FORM_TYPE = /^application\/x-www-form-urlencoded\b/i;

/** JSON for JSON posts and for clients that ask for JSON rather than HTML; a page otherwise. */
function responseFormat(event: ApiEvent): Format {
  if (event.httpMethod === 'POST' && isJsonContentType(requestHeader(event, 'content-type'))) return 'json';
  const accept = requestHeader(event, 'accept') ?? '';
  return /application\/(.+\+)?json/i.test(accept) && !/text\/html/i.test(accept) ? 'json' : 'html';
}

function htmlResponse(statusCode: number, document: string, headers: Record<string, string> = {}): ApiResult {
  return { statusCode, headers: { ...PAGE_HEADERS, ...headers }, body: document };
}

export interface CookiePolicy {
  /** HTTPS origins get `__Host-` Secure cookies; plain HTTP (the local runtime) cannot. */
  secure: boolean;
}

/** The fields of a POST: a JSON object, or the form's fields with the CSRF cookie for the use-case to check. */
function readSubmission(event: ApiEvent, params: LinkParams, cookies: CookiePolicy): LinkSubmission {
  const contentType = requestHeader(event, 'content-type');
  if (isJsonContentType(contentType)) return { params, fields: parseJsonBody(event, z.unknown()) };
  if (FORM_TYPE.test(contentType?.trim() ?? '')) {
    const fields = Object.fromEntries(new URLSearchParams(rawBody(event)));
    const csrfCookie = parseCookies(requestHeader(event, 'cookie')).get(
      csrfCookieName(params.linkId, cookies.secure),
    );
    return { params, fields, form: { csrfCookie } };
  }
  throw new UnsupportedMediaTypeError('post the form, or JSON', [
    {
      path: 'content-type',
      message: `expected application/x-www-form-urlencoded or application/json, got ${contentType || 'nothing'}`,
    },
  ]);
}

function stringValues(fields: unknown): Record<string, string> {
  if (!fields || typeof fields !== 'object') return {};
  return Object.fromEntries(
    Object.entries(fields).flatMap(([key, value]) =>
      typeof value === 'string' || typeof value === 'number' ? [[key, String(value)]] : [],
    ),
  );
}

export interface LinkRoute<View extends { expiresAt: string; linkId: string }, Result> {
  scope: LinkScope;
  /** The path parameter that holds the link id. */
  pathParameter: string;
  view(params: LinkParams): Promise<View>;
  submit(submission: LinkSubmission): Promise<Result>;
  renderForm(view: View, form: FormState): string;
  /** The result page: what happened, what was submitted (the form's fields), what comes next. */
  renderDone(result: Result, submitted: Readonly<Record<string, string>>): string;
  /**
   * The confirmation step: `check` validates a form post as `submit` would, changing nothing
   * (throws the same ValidationError); `renderCheck` shows what will be sent, with the button that sends it.
   */
  confirm?: {
    check(view: View, submission: LinkSubmission): Promise<unknown>;
    renderCheck(view: View, form: FormState): string;
  };
  signer(): Pick<LinkSigner, 'csrfToken'>;
  cookies(): CookiePolicy;
}

/**
 * A form post's step: `check` (the form's "Continue" button) asks for the check page, `edit` (the
 * check page's "Change") for the form again; a post without it acts. The field is the page's own,
 * taken off before the use-case sees the fields; JSON bodies never have one.
 */
function takeStep(submission: LinkSubmission): { step: string | undefined; submission: LinkSubmission } {
  if (!submission.form) return { step: undefined, submission };
  const { [STEP_FIELD]: step, ...fields } = submission.fields as Record<string, string>;
  return { step, submission: { ...submission, fields } };
}

/** The longest a CSRF cookie outlives its page: the link's own expiry, at least a minute. */
const cookieLifetime = (expiresAt: string) =>
  Math.max(60, Math.floor((Date.parse(expiresAt) - Date.now()) / 1000));

/** One handler for GET and POST of a link route; errors are mapped by `linkPageHandler`. */
export function linkRoute<View extends { expiresAt: string; linkId: string }, Result>(
  route: LinkRoute<View, Result>,
): RouteHandler {
  const formResponse = async (
    statusCode: number,
    view: View,
    values?: Record<string, string>,
    errors?: ValidationError,
    render: (view: View, form: FormState) => string = route.renderForm,
  ) => {
    const csrfToken = await route.signer().csrfToken(view.linkId);
    const cookie = csrfSetCookie(view.linkId, csrfToken, {
      secure: route.cookies().secure,
      maxAgeSeconds: cookieLifetime(view.expiresAt),
    });
    const document = render(view, { csrfToken, values, errors: errors?.details });
    return htmlResponse(statusCode, document, { 'set-cookie': cookie });
  };

  /** The check page (or "Change": the form again), for a person; nothing is sent. */
  const stepResponse = async (step: string, params: LinkParams, submission: LinkSubmission) => {
    const view = await route.view(params);
    const values = stringValues(submission.fields);
    if (step !== 'check' || !route.confirm) return formResponse(200, view, values);
    try {
      await route.confirm.check(view, submission);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return formResponse(400, view, values, error);
    }
    return formResponse(200, view, values, undefined, route.confirm.renderCheck);
  };

  return async (event) => {
    const params = linkParamsFrom(
      route.scope,
      event.pathParameters?.[route.pathParameter],
      event.queryStringParameters,
    );
    const format = responseFormat(event);
    if (event.httpMethod !== 'POST') {
      // GET, and HEAD (its body is dropped by linkPageHandler).
      const view = await route.view(params);
      return format === 'json' ? json(200, view) : formResponse(200, view);
    }
    const { step, submission } = takeStep(readSubmission(event, params, route.cookies()));
    if (step !== undefined) return stepResponse(step, params, submission);
    try {
      const result = await route.submit(submission);
      return format === 'json'
        ? json(200, result)
        : htmlResponse(200, route.renderDone(result, stringValues(submission.fields)));
    } catch (error) {
      // A person gets the form back with their answers and the problems marked.
      if (!(error instanceof ValidationError) || format === 'json') throw error;
      return formResponse(400, await route.view(params), stringValues(submission.fields), error);
    }
  };
}

/** Errors of link routes: a page for people (naming the application where known), the spec's body for JSON clients. */
const linkPageError: ErrorRenderer = (statusCode, body, event, error) =>
  responseFormat(event) === 'json'
    ? json(statusCode, body)
    : htmlResponse(
        statusCode,
        errorPage(statusCode, body.error.code, body.error.details, { applicationId: error?.applicationId }),
      );

/** `HEAD` answers as `GET` would, headers and status, without the body. */
function withoutBodyOnHead(event: ApiEvent, result: ApiResult): ApiResult {
  return event.httpMethod === 'HEAD' ? { ...result, body: '' } : result;
}

export const linkPageHandler = (handler: RouteHandler) =>
  apiHandler(
    async (event, context) => withoutBodyOnHead(event, await handler(event, context)),
    (statusCode, body, event, error) =>
      withoutBodyOnHead(event, linkPageError(statusCode, body, event, error)),
  );
