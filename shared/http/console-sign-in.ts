import { HttpError, NotFoundError } from '#shared/errors';
import type { ApiEvent, ApiResult } from '#shared/http/api';
import { rawBody, requestHeader } from '#shared/http/api';
import {
  type BrowserSignIn,
  basePathOf,
  hostedUiRedirect,
  isSecure,
  newFormId,
  pageWithCookies,
  redirectTo,
  SIGN_IN_SECONDS,
  safeNext,
  sessionCookie,
  sessionCookieName,
} from '#shared/http/browser-session';
import { OPERATOR_SESSION_COOKIE, type OperatorGate, type OperatorSession } from '#shared/http/operator';
import type { Bilingual } from '#shared/labels';
import { csrfCookieName, csrfSetCookie, parseCookies } from '#shared/links/csrf';
import { seal, unseal } from '#shared/links/sealed';
import { sameText } from '#shared/links/signature';
import { localOperatorSignInPage, signedOutPage } from '#shared/pages/admin/sign-in-page';
import {
  finishOperatorSignIn,
  localOperatorSignIn,
  type SignedInOperator,
} from '#shared/use-cases/operator-sign-in';
import type { SignInTransaction } from '#shared/use-cases/portal-sign-in';

/**
 * Signing operators in to the console, as the portal signs applicants in
 * (shared/http/portal.ts): in AWS the user pool's hosted UI (authorization
 * code + PKCE, the console's own app client; only a member of the
 * `operators` group gets a session), locally a form taking any operator id.
 * The session is a sealed cookie (no server state) that the operator gate
 * (shared/http/operator.ts) reads on every `/admin` route; it lasts as long
 * as the ID token (1 hour), or 12 hours locally.
 *
 * - `GET /admin/sign-in?next=`: to the hosted UI (AWS) or the local form.
 * - `POST /admin/sign-in`: the local form (its CSRF token a double-submit cookie).
 * - `GET /admin/callback`: the hosted UI's way back (AWS).
 * - `POST /admin/sign-out`: ends the session (and offers the hosted UI's sign-out).
 */

export type ConsoleSignIn = BrowserSignIn;

export interface ConsoleSignInDeps {
  gate: OperatorGate;
  signIn: ConsoleSignIn;
}

const LOCAL_SESSION_SECONDS = 12 * 3600;
const SIGN_IN_COOKIE = 'operator-sign-in';
/** The console's paths as its handlers write them; underBasePath puts the public base path before them. */
const CONSOLE = '/admin';

export function consoleSignInRoutes(deps: () => ConsoleSignInDeps) {
  return async (event: ApiEvent): Promise<ApiResult> => {
    const { gate, signIn } = deps();
    const secure = isSecure(gate.publicBaseUrl);
    const origin = new URL(gate.publicBaseUrl).origin;
    const callbackUri = `${origin}${basePathOf(gate.publicBaseUrl)}${CONSOLE}/callback`;
    const now = gate.now();
    const cookies = parseCookies(requestHeader(event, 'cookie'));

    const signedIn = async (who: SignedInOperator, next: string | undefined, extra: string[] = []) => {
      const session = seal<OperatorSession>(
        await gate.keys.load(),
        'operator-session',
        { sid: newFormId(), operatorId: who.operatorId },
        who.expiresAt,
      );
      const maxAge = (who.expiresAt.getTime() - now.getTime()) / 1000;
      return redirectTo(safeNext(next, CONSOLE), [
        sessionCookie(OPERATOR_SESSION_COOKIE, session, maxAge, secure),
        ...extra,
      ]);
    };

    switch (`${event.httpMethod} ${event.resource}`) {
      case 'GET /admin/sign-in': {
        const next = event.queryStringParameters?.next;
        if (signIn.kind === 'cognito') {
          return hostedUiRedirect(
            await gate.keys.load(),
            { purpose: 'operator-sign-in', cookieName: SIGN_IN_COOKIE, secure, now },
            { provider: signIn.provider, redirectUri: callbackUri, next },
          );
        }
        const nonce = newFormId();
        return pageWithCookies(
          200,
          localOperatorSignInPage({ action: `${CONSOLE}/sign-in`, csrfToken: nonce, next }),
          [csrfSetCookie(SIGN_IN_COOKIE, nonce, { secure, maxAgeSeconds: SIGN_IN_SECONDS })],
        );
      }
      case 'POST /admin/sign-in': {
        if (signIn.kind !== 'local') throw new NotFoundError('operators sign in on the sign-in page');
        const fields = new URLSearchParams(rawBody(event));
        const given = fields.get('csrfToken') ?? '';
        const expected = cookies.get(csrfCookieName(SIGN_IN_COOKIE, secure)) ?? '';
        const next = fields.get('next') ?? undefined;
        const operator = fields.get('operator') ?? '';
        /** The form again, with its one problem (the operator id field) and the token it is to carry. */
        const refused = (statusCode: number, csrfToken: string, message: Bilingual, cookies: string[] = []) =>
          pageWithCookies(
            statusCode,
            localOperatorSignInPage({ action: `${CONSOLE}/sign-in`, csrfToken, next, operator }, [
              { field: 'operator', message },
            ]),
            cookies,
          );
        if (!expected || !given || !sameText(expected, given)) {
          // An expired or foreign form: a fresh one, with its own token, says so.
          const nonce = newFormId();
          return refused(
            403,
            nonce,
            { ru: 'Форма устарела: отправьте её ещё раз.', en: 'The form has expired: send it again.' },
            [csrfSetCookie(SIGN_IN_COOKIE, nonce, { secure, maxAgeSeconds: SIGN_IN_SECONDS })],
          );
        }
        try {
          return await signedIn(
            localOperatorSignIn(operator, { now, sessionSeconds: LOCAL_SESSION_SECONDS }),
            next,
          );
        } catch (error) {
          if (!(error instanceof HttpError) || error.statusCode !== 400) throw error;
          return refused(400, expected, {
            ru: 'Идентификатор оператора: латинские буквы, цифры и . _ @ + -, не больше 64.',
            en: 'Operator id: letters, digits and . _ @ + -, at most 64.',
          });
        }
      }
      case 'GET /admin/callback': {
        if (signIn.kind !== 'cognito') throw new NotFoundError('no sign-in callback on the local runtime');
        const query = event.queryStringParameters ?? {};
        const transaction = unseal<SignInTransaction>(
          await gate.keys.load(),
          'operator-sign-in',
          cookies.get(sessionCookieName(SIGN_IN_COOKIE, secure)),
          now,
        );
        const who = await finishOperatorSignIn(
          { code: query.code, state: query.state, error: query.error },
          transaction,
          { provider: signIn.provider, redirectUri: callbackUri },
        );
        return signedIn(who, transaction?.next, [sessionCookie(SIGN_IN_COOKIE, '', 0, secure)]);
      }
      case 'POST /admin/sign-out': {
        const again =
          signIn.kind === 'cognito'
            ? {
                href: signIn.logoutUrl(`${origin}${basePathOf(gate.publicBaseUrl)}${CONSOLE}/sign-in`),
                cognito: true,
              }
            : { href: `${CONSOLE}/sign-in`, cognito: false };
        return pageWithCookies(200, signedOutPage(again), [
          sessionCookie(OPERATOR_SESSION_COOKIE, '', 0, secure),
        ]);
      }
      default:
        throw new NotFoundError(`no console sign-in route ${event.httpMethod} ${event.resource}`);
    }
  };
}
