/**
 * What a request may be, as plain values: the API's handlers check them, and
 * the local runtime's edge checks them before any product module is loaded
 * (this module imports nothing, so importing it sets up no logger or client).
 */

/**
 * The largest body the API accepts (API Gateway's own limit is 10 MB; ours is far below). Sized for
 * the largest valid create application: 2,000 members and 200 partners, about 370 KB as ASCII-only JSON.
 */
export const MAX_BODY_BYTES = 512 * 1024;
export const MAX_BODY_LABEL = '512 KiB';

/** `application/json`, or a `+json` type of it. */
export const isJsonContentType = (contentType: string | undefined) =>
  /^application\/(.+\+)?json\b/i.test(contentType?.trim() ?? '');
