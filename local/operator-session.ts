import type { IncomingMessage, ServerResponse } from 'node:http';
import { OPERATOR_ID } from '#local/auth';
import { html } from '#shared/html';
import { parseCookies } from '#shared/links/csrf';
import { bi, PAGE_HEADERS, pageDocument } from '#shared/pages/layout';

/**
 * The local runtime's operator sign-in for a browser, standing in for the
 * Cognito hosted UI: `GET /admin/login` shows a form, `POST /admin/login`
 * (any operator id, as `POST /_local/login {"operator"}`) sets the operator
 * token as an HttpOnly, SameSite=Strict cookie and sends the browser to
 * `/admin`; `POST /admin/logout` clears it. The local edge reads the cookie
 * as the operator's bearer token on the `/admin` routes (local/api-gateway.ts).
 */

export const OPERATOR_SESSION_COOKIE = 'operator_session';
const SESSION_SECONDS = 12 * 3600;

/** The session cookie as the Authorization header the edge checks. */
export function sessionAuthorization(cookieHeader: string | undefined): string | undefined {
  const token = parseCookies(cookieHeader).get(OPERATOR_SESSION_COOKIE);
  return token ? `Bearer ${token}` : undefined;
}

const both = (ru: string, en: string) => ({ ru, en });

function loginPage(error?: string): string {
  return pageDocument(
    both('Вход оператора', 'Operator sign-in'),
    html`${error ? html`<div class="errors" role="alert"><p>${bi(both('Ошибка: ', 'Error: '))}<a href="#operator">${error}</a></p></div>` : ''}
<p class="hint">${bi(both('Локальный запуск: войти может любой идентификатор оператора. В AWS вход проходит через Cognito (группа operators).', 'Local runtime: any operator id signs in. In AWS operators sign in with Cognito (the operators group).'))}</p>
<form method="post" action="/admin/login">
<label for="operator">${bi(both('Идентификатор оператора', 'Operator id'))}</label>
<input id="operator" name="operator" type="text" autocomplete="username" required maxlength="64" pattern="[A-Za-z0-9._@+\\-]{1,64}">
<button type="submit">${bi(both('Войти', 'Sign in'))}</button>
</form>`,
  );
}

function redirect(res: ServerResponse, location: string, cookie: string): void {
  res.writeHead(303, { location, 'set-cookie': cookie, 'cache-control': 'no-store' });
  res.end();
}

/** Serves /admin/login and /admin/logout; false for any other request. */
export function operatorSessionRoutes(issueOperator: (operatorId: string) => string) {
  return (req: IncomingMessage, res: ServerResponse, body: string): boolean => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/admin/login' && req.method === 'GET') {
      res.writeHead(200, { ...PAGE_HEADERS });
      res.end(loginPage());
      return true;
    }
    if (path === '/admin/login' && req.method === 'POST') {
      const operator = new URLSearchParams(body).get('operator')?.trim() ?? '';
      if (!OPERATOR_ID.test(operator)) {
        res.writeHead(400, { ...PAGE_HEADERS });
        res.end(
          loginPage(
            'Латинские буквы, цифры и . _ @ + -, не больше 64 / letters, digits and . _ @ + -, at most 64',
          ),
        );
        return true;
      }
      redirect(
        res,
        '/admin',
        `${OPERATOR_SESSION_COOKIE}=${issueOperator(operator)}; Path=/; Max-Age=${SESSION_SECONDS}; HttpOnly; SameSite=Strict`,
      );
      return true;
    }
    if (path === '/admin/logout' && req.method === 'POST') {
      redirect(
        res,
        '/admin/login',
        `${OPERATOR_SESSION_COOKIE}=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict`,
      );
      return true;
    }
    return false;
  };
}
