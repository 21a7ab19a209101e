import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy, { type MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import type { z } from 'zod';
import {
  type ErrorDetail,
  HttpError,
  MalformedJsonError,
  NotFoundError,
  PayloadTooLargeError,
  UnauthorizedError,
  UnsupportedMediaTypeError,
  ValidationError,
} from '#shared/errors';
import { CONTENT_LANGUAGE, errorLanguage, localizedMessage } from '#shared/http/error-messages';
import { isJsonContentType, MAX_BODY_BYTES } from '#shared/http/request-limits';
import { logApplication, logger } from '#shared/logger';
import { parseWith } from '#shared/schemas/parse';

export type ApiEvent = APIGatewayProxyEvent;
export type ApiResult = APIGatewayProxyResult;

// Larger bodies are refused before parsing (2,000 members fit in about 40 KB).
export { isJsonContentType, MAX_BODY_BYTES } from '#shared/http/request-limits';

const SECURITY_HEADERS = {
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

export function json(statusCode: number, body: unknown, headers: Record<string, string> = {}): ApiResult {
  return {
    statusCode,
    headers: { 'content-type': 'application/json; charset=utf-8', ...SECURITY_HEADERS, ...headers },
    body: JSON.stringify(body),
  };
}

export function errorBody(code: string, message: string, details: ErrorDetail[] = []) {
  return { error: { code, message, details } };
}

function header(event: ApiEvent, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(event.headers ?? {})) {
    if (key.toLowerCase() === wanted && value !== undefined) return value;
  }
  return undefined;
}

export { header as requestHeader };

const MAX_IDEMPOTENCY_KEY = 200;

/** The optional `Idempotency-Key` header of a submission or resubmission (400 when too long). */
export function idempotencyKeyOf(event: ApiEvent): string | undefined {
  const key = header(event, 'idempotency-key')?.trim() || undefined;
  if (key && key.length > MAX_IDEMPOTENCY_KEY) {
    throw new ValidationError('Idempotency-Key is too long', [
      { path: 'Idempotency-Key', message: `at most ${MAX_IDEMPOTENCY_KEY} characters` },
    ]);
  }
  return key;
}

/** The body as text; larger than the API's limit (which the directory imports share), 413. */
export function rawBody(event: ApiEvent): string {
  const body =
    event.isBase64Encoded && event.body
      ? Buffer.from(event.body, 'base64').toString('utf8')
      : (event.body ?? '');
  if (Buffer.byteLength(body, 'utf8') > MAX_BODY_BYTES) {
    throw new PayloadTooLargeError(`the body is larger than ${MAX_BODY_BYTES} bytes`);
  }
  return body;
}

/** A JSON body, checked for media type, size and syntax, then parsed by the schema. */
export function parseJsonBody<S extends z.ZodType>(event: ApiEvent, schema: S): z.infer<S> {
  const contentType = header(event, 'content-type') ?? '';
  if (!isJsonContentType(contentType)) {
    throw new UnsupportedMediaTypeError('send the body as application/json', [
      { path: 'content-type', message: `expected application/json, got ${contentType || 'nothing'}` },
    ]);
  }
  const body = rawBody(event);
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (error) {
    throw new MalformedJsonError('the body is not valid JSON', [
      { path: '$', message: error instanceof Error ? error.message : 'not JSON' },
    ]);
  }
  return parseWith(schema, value, 'the request body');
}

export function parsePathParameter<S extends z.ZodType>(
  event: ApiEvent,
  name: string,
  schema: S,
): z.infer<S> {
  const result = schema.safeParse(event.pathParameters?.[name]);
  // A malformed id cannot name anything that exists.
  if (!result.success) throw new NotFoundError(`no such ${name}`);
  return result.data;
}

export function parseQuery<S extends z.ZodType>(event: ApiEvent, schema: S): z.infer<S> {
  return parseWith(schema, event.queryStringParameters ?? {}, 'the query string');
}

/**
 * The signed-in organization. In AWS the Cognito authorizer puts the INN in
 * the `custom:inn` claim; the local runtime's authorizer does the same.
 */
export function signedInInn(event: ApiEvent): string {
  const claims = (event.requestContext?.authorizer?.claims ?? {}) as Record<string, unknown>;
  const inn = claims['custom:inn'];
  if (typeof inn !== 'string' || inn.length === 0) throw new UnauthorizedError('sign in to use this route');
  return inn;
}

export type ErrorBody = ReturnType<typeof errorBody>;
/**
 * Writes an error answer: the spec's JSON body, unless a route family answers people with pages
 * (which may name the application the error was about: `error.applicationId`).
 */
export type ErrorRenderer = (
  statusCode: number,
  body: ErrorBody,
  event: ApiEvent,
  error?: HttpError,
) => ApiResult;
const jsonError: ErrorRenderer = (statusCode, body) => json(statusCode, body);

/**
 * The one place where errors become HTTP responses. The message is in the language the client
 * asks for (`Accept-Language`; both Russian and English without one: shared/http/error-messages.ts),
 * the code never changes. Unknown errors are logged and answered 500 without detail.
 */
export function httpErrors(render: ErrorRenderer = jsonError): MiddlewareObj<ApiEvent, ApiResult> {
  const answer = (
    statusCode: number,
    code: string,
    english: string,
    event: ApiEvent,
    details: ErrorDetail[],
    error?: HttpError,
  ) => {
    const language = errorLanguage(header(event, 'accept-language'));
    const result = render(
      statusCode,
      errorBody(code, localizedMessage(code, statusCode, english, language), details),
      event,
      error,
    );
    // Pages say everything in both languages whatever the header; JSON says which language it used.
    if (!String(result.headers?.['content-type'] ?? '').startsWith('application/json')) return result;
    return {
      ...result,
      headers: { ...result.headers, 'content-language': CONTENT_LANGUAGE[language], vary: 'Accept-Language' },
    };
  };
  return {
    onError: async (request) => {
      const { error, event } = request;
      if (error instanceof HttpError) {
        request.response = answer(error.statusCode, error.code, error.message, event, error.details, error);
        return;
      }
      logger.error('unhandled error', {
        errorName: error?.name,
        errorMessage: error?.message,
        stack: error?.stack,
      });
      request.response = answer(
        500,
        'INTERNAL',
        'something went wrong on our side; try again later',
        event,
        [],
      );
    },
  };
}

export type RouteHandler = (event: ApiEvent, context: Context) => Promise<ApiResult>;

/** Routes under /applications/{id} name their application in every log line. */
const APPLICATION_RESOURCE = /^\/applications\/\{id\}(\/|$)/;

function applicationLogKey(): MiddlewareObj<ApiEvent, ApiResult> {
  return {
    before: async ({ event }) => {
      const id = event.pathParameters?.id;
      if (id && APPLICATION_RESOURCE.test(event.resource ?? '')) logApplication(id);
    },
  };
}

/** The middy stack every route shares. */
export function apiHandler(handler: RouteHandler, renderError?: ErrorRenderer) {
  return middy<ApiEvent, ApiResult>(handler)
    .use(injectLambdaContext(logger, { logEvent: false, resetKeys: true }))
    .use(applicationLogKey())
    .use(httpErrors(renderError));
}

/** `202` for a submission or resubmission: the application's id and status, and where to follow it. */
export function acceptedApplication(application: {
  applicationId: string;
  status: string;
}): APIGatewayProxyResult {
  const statusUrl = `/applications/${application.applicationId}`;
  return json(
    202,
    { applicationId: application.applicationId, status: application.status, statusUrl },
    { location: statusUrl },
  );
}
