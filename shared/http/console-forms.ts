import { type ApiEvent, type ApiResult, rawBody } from '#shared/http/api';
import { type ConsoleDeps, consoleCookie, consoleForm, htmlPage } from '#shared/http/console';

/**
 * The directory pages' forms, on the console's CSRF scheme (shared/http/console.ts:
 * a double-submit token keyed by the operator, derived from the link-signing keys).
 * Their forms send repeated fields (an expert's sectors, one per ticked box), so
 * the fields come back whole, as URLSearchParams, once the token is checked.
 */

type CsrfDeps = Pick<ConsoleDeps, 'signer' | 'cookies'>;

/** A console page with its CSRF cookie: `render` gets the token its forms carry. */
export async function formPage(
  operatorId: string,
  statusCode: number,
  render: (csrfToken: string) => string,
  deps: CsrfDeps,
): Promise<ApiResult> {
  const cookie = await consoleCookie(operatorId, deps);
  return htmlPage(statusCode, render(cookie.token), { 'set-cookie': cookie.setCookie });
}

/** The fields of a console form post, its CSRF token checked first (403 without a valid one). */
export async function formFields(
  event: ApiEvent,
  operatorId: string,
  deps: CsrfDeps,
): Promise<URLSearchParams> {
  await consoleForm(event, operatorId, deps);
  const fields = new URLSearchParams(rawBody(event));
  fields.delete('csrfToken');
  return fields;
}

/** After a form did what it asked: back to a page (`303`, so a reload does not post again). */
export function seeOther(location: string): ApiResult {
  return { statusCode: 303, headers: { location, 'cache-control': 'no-store' }, body: '' };
}
