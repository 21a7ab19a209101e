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

  constructor(message: string, details: ErrorDetail[] = []) {
    super(message);
    this.details = details;
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

/** A step that may succeed if simply tried again (throttling, a lost race on a version). */
export class TransientError extends Error {
  override readonly name = WORKFLOW_ERRORS.transient;
}

/** The application was withdrawn or decided while the workflow was still running. */
export class ApplicationClosedError extends Error {
  override readonly name = WORKFLOW_ERRORS.applicationClosed;
}

/** No expert can review the application: the application ends FAILED with this cause. */
export class NoExpertsAvailableError extends Error {
  override readonly name = WORKFLOW_ERRORS.noExpertsAvailable;
}
