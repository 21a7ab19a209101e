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

/**
 * The largest directory CSV import through the API (`POST /admin/api/{experts,officials}/import`, a
 * `text/csv` body) or the console's import form (the file pasted, URL-encoded): the API's own limit.
 * A real directory is far beyond the 64 KB AWS WAF can inspect of a body behind API Gateway, so the
 * handler sizes it (413), not the firewall. Sized for 1,000 people: 1,000 experts with three-part
 * Cyrillic names are about 230 KB as CSV and 430 KB pasted in the console (which percent-encodes
 * every Cyrillic letter to 6 bytes); 1,000 officials with long Cyrillic job titles about 310 KB as
 * CSV (the console takes some 650 of them). Far below Lambda's 6 MB synchronous payload and API
 * Gateway's 10 MB; larger files go through `npm run directory:import`.
 */
export const DIRECTORY_IMPORT_MAX_BYTES = MAX_BODY_BYTES;
export const DIRECTORY_IMPORT_MAX_LABEL = MAX_BODY_LABEL;

/** `application/json`, or a `+json` type of it. */
export const isJsonContentType = (contentType: string | undefined) =>
  /^application\/(.+\+)?json\b/i.test(contentType?.trim() ?? '');
