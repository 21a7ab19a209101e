/**
 * What a request may be, as plain values: the API's handlers check them, and
 * the local runtime's edge checks them before any product module is loaded
 * (this module imports nothing, so importing it sets up no logger or client).
 */

/** The largest body the API accepts (API Gateway's own limit is 10 MB; ours is far below). */
export const MAX_BODY_BYTES = 256 * 1024;

/** `application/json`, or a `+json` type of it. */
export const isJsonContentType = (contentType: string | undefined) =>
  /^application\/(.+\+)?json\b/i.test(contentType?.trim() ?? '');
