import { WORKFLOW_ERRORS } from '#shared/catalog';
/**
 * Typed errors. HTTP routes map `HttpError`s to the spec's error body in one
 * place (`shared/http/middleware.ts`); workflow steps throw `WorkflowError`s
 * whose `name` is the error name the state machine's Retry/Catch match on.
 */

export interface ErrorDetail {
  path: string;
  message: string;
}

export abstract class HttpError extends Error {
  abstract readonly statusCode: number;
  abstract readonly code: string;
  readonly details: ErrorDetail[];
  /**
   * The application the refused request was about, where known: pages name it (a used link's `409`
   * page says which application it was). Never part of the JSON error body.
   */
  applicationId?: string;

  constructor(message: string, details: ErrorDetail[] = []) {
    super(message);
    this.details = details;
  }
}

/** Runs `work`; an `HttpError` it throws is marked as being about `applicationId`. */
export async function aboutApplication<T>(applicationId: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof HttpError) error.applicationId ??= applicationId;
    throw error;
  }
}

export class ValidationError extends HttpError {
  override readonly name = 'ValidationError';
  readonly statusCode = 400;
  readonly code = 'VALIDATION_ERROR';
}

export class MalformedJsonError extends HttpError {
  override readonly name = 'MalformedJsonError';
  readonly statusCode = 400;
  readonly code = 'MALFORMED_JSON';
}

export class UnauthorizedError extends HttpError {
  override readonly name = 'UnauthorizedError';
  readonly statusCode = 401;
  readonly code = 'UNAUTHORIZED';
}

export class ForbiddenError extends HttpError {
  override readonly name = 'ForbiddenError';
  readonly statusCode = 403;
  readonly code = 'FORBIDDEN';
}

export class NotFoundError extends HttpError {
  override readonly name = 'NotFoundError';
  readonly statusCode = 404;
  readonly code = 'NOT_FOUND';
}

export class ConflictError extends HttpError {
  override readonly name = 'ConflictError';
  readonly statusCode = 409;
  readonly code: string;

  constructor(message: string, code = 'CONFLICT', details: ErrorDetail[] = []) {
    super(message, details);
    this.code = code;
  }
}

export class GoneError extends HttpError {
  override readonly name = 'GoneError';
  readonly statusCode = 410;
  readonly code = 'LINK_EXPIRED';
}

export class PayloadTooLargeError extends HttpError {
  override readonly name = 'PayloadTooLargeError';
  readonly statusCode = 413;
  readonly code = 'PAYLOAD_TOO_LARGE';
}

export class UnsupportedMediaTypeError extends HttpError {
  override readonly name = 'UnsupportedMediaTypeError';
  readonly statusCode = 415;
  readonly code = 'UNSUPPORTED_MEDIA_TYPE';
}

/** A step that may succeed if simply tried again (throttling, a lost race on a version, an outage). */
export class TransientError extends Error {
  override readonly name = WORKFLOW_ERRORS.transient;
}

/** Error names (AWS SDK exceptions and the SDK's own) that mean "busy or unreachable: try again". */
const TRANSIENT_NAMES = new Set([
  // Throttling, per service: DynamoDB, SES (v1 and v2), Secrets Manager, Step Functions, generic.
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'ThrottlingException',
  'Throttling',
  'ThrottledException',
  'TooManyRequestsException',
  'RequestThrottled',
  'RequestThrottledException',
  'SlowDown',
  // The service's own trouble.
  'InternalServerError',
  'InternalFailure',
  'InternalServiceError',
  'InternalServiceErrorException',
  'ServiceUnavailable',
  'ServiceUnavailableException',
  'RequestTimeout',
  'RequestTimeoutException',
  // The SDK's: a request timeout or a connection dropped mid-request.
  'TimeoutError',
  'NetworkingError',
]);

/** Node network error codes: the service was unreachable or the connection broke. */
const TRANSIENT_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
]);

interface AwsLikeError {
  name?: unknown;
  code?: unknown;
  cause?: unknown;
  errors?: unknown;
  $retryable?: unknown;
  $metadata?: { httpStatusCode?: unknown };
  CancellationReasons?: Array<{ Code?: unknown }>;
}

/**
 * Whether a failure is an outage or throttling rather than a mistake: a
 * connection refused, reset or timed out (also wrapped in `cause` or an
 * AggregateError, as Node reports a refused dual-stack connect), an AWS
 * throttling or availability error, anything the SDK marks `$retryable`, a
 * 5xx answer, a DynamoDB transaction cancelled by throttling or a conflict.
 */
export function isTransientFailure(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 3) return false;
  if (error instanceof TransientError) return true;
  const failure = error as AwsLikeError;
  if (typeof failure.name === 'string' && TRANSIENT_NAMES.has(failure.name)) return true;
  if (typeof failure.code === 'string' && TRANSIENT_CODES.has(failure.code)) return true;
  if (failure.$retryable) return true;
  const status = failure.$metadata?.httpStatusCode;
  if (typeof status === 'number' && status >= 500) return true;
  if (
    failure.CancellationReasons?.some(
      (reason) => reason.Code === 'ThrottlingError' || reason.Code === 'TransactionConflict',
    )
  ) {
    return true;
  }
  if (Array.isArray(failure.errors) && failure.errors.some((inner) => isTransientFailure(inner, depth + 1))) {
    return true;
  }
  return isTransientFailure(failure.cause, depth + 1);
}

/**
 * The one classification at a workflow step's edge: an outage or throttling
 * becomes a `TransientError`, which the state machine retries with backoff;
 * any other error passes unchanged (its name routes it to a Catch).
 */
export function asStepError(error: unknown): unknown {
  if (error instanceof TransientError || !isTransientFailure(error)) return error;
  const { name, message, code } = error as { name?: string; message?: string; code?: string };
  const label = [name, code].filter((part) => part && part !== 'Error').join(' ') || 'Error';
  return new TransientError(`${label}: ${message ?? ''}`.slice(0, 500), { cause: error });
}

/** The application was withdrawn or decided while the workflow was still running. */
export class ApplicationClosedError extends Error {
  override readonly name = WORKFLOW_ERRORS.applicationClosed;
}

/**
 * The records contradict the workflow's position (an open application at a
 * step whose precondition is missing): not a closed application, so it must
 * not end quietly with an open status; it ends FAILED and can be redriven.
 */
export class InconsistentApplicationError extends Error {
  override readonly name = 'InconsistentApplication';
}

/** No expert can review the application: the application ends FAILED with this cause. */
export class NoExpertsAvailableError extends Error {
  override readonly name = WORKFLOW_ERRORS.noExpertsAvailable;
}
