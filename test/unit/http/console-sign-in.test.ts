import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { beforeEach, describe, expect, it } from 'vitest';
import { cognitoSignIn } from '#shared/adapters/cognito-sign-in';
import type { ApiEvent } from '#shared/http/api';
import { type ConsoleSignIn, consoleSignInRoutes } from '#shared/http/console-sign-in';
import { consoleHandler, type OperatorGate, operatorHandler } from '#shared/http/operator';
import { keyRing } from '#test/support/in-memory-stores';
import { cachedVerifier, signIdToken, TEST_DOMAIN, TEST_USER_POOL_ID } from '#test/support/user-pool';

/**
 * Operators signing in to the console in a browser. In AWS: the hosted UI
 * with the console's app client (code + PKCE, as the portal's sign-in is
 * tested in test/unit/portal/sign-in.test.ts), and only a member of the
 * `operators` group gets a session cookie, which the operator gate then
 * takes on every `/admin` route; under the stage URL every path carries the
 * base path. Locally: a form taking an operator id.
 */

const CLIENT_ID = 'consoleclient1';
const ring = keyRing('k1', { k1: 'a-console-test-key-long-enough-for-hmac' });
let tokenReply: { status: number; body: unknown };

const cognito = (): ConsoleSignIn => ({
  kind: 'cognito',
  provider: cognitoSignIn(
    { domainUrl: TEST_DOMAIN, clientId: CLIENT_ID, userPoolId: TEST_USER_POOL_ID },
    {
      verifier: cachedVerifier(CLIENT_ID),
      fetch: async () => new Response(JSON.stringify(tokenReply.body), { status: tokenReply.status }),
    },
  ),
  logoutUrl: (uri) => `${TEST_DOMAIN}/logout?logout_uri=${encodeURIComponent(uri)}`,
});

const gateFor = (publicBaseUrl: string): OperatorGate => ({
  keys: { load: async () => ring },
  verifyIdToken: undefined,
  publicBaseUrl,
  now: () => new Date(),
});

/** The admin-console function's way of serving the sign-in routes and the pages behind the gate. */
function consoleFor(publicBaseUrl: string, signIn: ConsoleSignIn) {
  const gate = () => gateFor(publicBaseUrl);
  const signInRoutes = consoleHandler(
    consoleSignInRoutes(() => ({ gate: gate(), signIn })),
    gate,
  );
  const home = operatorHandler(
    async (_event, operatorId) => ({ statusCode: 200, body: `hello ${operatorId}` }),
    gate,
  );
  return (event: ApiEvent) =>
    event.resource.startsWith('/admin/sign') || event.resource === '/admin/callback'
      ? signInRoutes(event, {} as never)
      : home(event, {} as never);
}

const event = (
  method: string,
  resource: string,
  options: { query?: Record<string, string>; cookie?: string; body?: string } = {},
): ApiEvent =>
  ({
    httpMethod: method,
    resource,
    path: resource,
    headers: {
      accept: 'text/html',
      ...(options.cookie ? { Cookie: options.cookie } : {}),
      ...(options.body !== undefined ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
    },
    queryStringParameters: options.query ?? null,
    pathParameters: null,
    body: options.body ?? null,
    isBase64Encoded: false,
    requestContext: {},
  }) as unknown as APIGatewayProxyEvent;

const setCookies = (result: APIGatewayProxyResult) =>
  [
    ...(result.multiValueHeaders?.['set-cookie'] ?? []),
    ...(result.headers?.['set-cookie'] ? [result.headers['set-cookie']] : []),
  ].map(String);
const cookiePair = (header: string) => header.split(';')[0] ?? '';

/** Through the hosted UI: the authorize redirect, then the callback with a token for `claims`. */
async function signInWithHostedUi(
  serve: ReturnType<typeof consoleFor>,
  claims: Record<string, unknown>,
  next = '/admin/applications',
) {
  const started = await serve(event('GET', '/admin/sign-in', { query: { next } }));
  const authorize = new URL(String(started.headers?.location));
  tokenReply = { status: 200, body: { id_token: signIdToken(CLIENT_ID, claims) } };
  const callback = await serve(
    event('GET', '/admin/callback', {
      query: { code: 'the-code', state: authorize.searchParams.get('state') ?? '' },
      cookie: cookiePair(setCookies(started)[0] ?? ''),
    }),
  );
  return { started, authorize, callback };
}

const operator = { 'cognito:username': 'anna', 'cognito:groups': ['operators'] };

beforeEach(() => {
  tokenReply = { status: 500, body: {} };
});

describe('signing operators in to the console with the hosted UI', () => {
  const serve = consoleFor('https://clusters.example.city', cognito());

  it('sends the browser to the hosted UI with the console’s client and callback, and back to the page asked for', async () => {
    const { started, authorize, callback } = await signInWithHostedUi(serve, operator);
    expect(started.statusCode).toBe(302);
    expect(`${authorize.origin}${authorize.pathname}`).toBe(`${TEST_DOMAIN}/oauth2/authorize`);
    expect(Object.fromEntries(authorize.searchParams)).toMatchObject({
      client_id: CLIENT_ID,
      redirect_uri: 'https://clusters.example.city/admin/callback',
      code_challenge_method: 'S256',
    });
    expect(setCookies(started)[0]).toMatch(
      /^__Host-operator-sign-in=[^;]+; Path=\/; Max-Age=600; HttpOnly; SameSite=Lax; Secure$/,
    );

    expect(callback.statusCode).toBe(303);
    expect(callback.headers?.location).toBe('/admin/applications');
    const [session = '', cleared = ''] = setCookies(callback);
    expect(session).toMatch(
      /^__Host-operator-session=[^;]+; Path=\/; Max-Age=(359\d|3600); HttpOnly; SameSite=Lax; Secure$/,
    );
    expect(cleared).toMatch(/^__Host-operator-sign-in=; Path=\/; Max-Age=0;/);

    const home = await serve(event('GET', '/admin', { cookie: cookiePair(session) }));
    expect(home).toMatchObject({ statusCode: 200, body: 'hello anna' });
  });

  it('gives no session to an account outside the operators group, nor to an applicant in it', async () => {
    for (const claims of [
      { 'cognito:username': 'org', 'custom:inn': '7707083893' },
      { 'cognito:username': 'anna', 'cognito:groups': ['auditors'] },
      { ...operator, 'custom:inn': '7707083893' },
    ]) {
      const { callback } = await signInWithHostedUi(serve, claims);
      expect(callback.statusCode, JSON.stringify(claims)).toBe(403);
      expect(
        setCookies(callback).some((cookie) => cookie.startsWith('__Host-operator-session=')),
        JSON.stringify(claims),
      ).toBe(false);
      expect(callback.body).toContain('For programme operators only');
      // Signing in again starts over from the console, not from the spent callback.
      expect(callback.body).toContain('href="/admin/sign-in?next=%2Fadmin"');
    }
  });

  it('never exchanges a code whose state is not this browser’s, and never leaves the console after signing in', async () => {
    const started = await serve(event('GET', '/admin/sign-in'));
    const refused = await serve(
      event('GET', '/admin/callback', {
        query: { code: 'c', state: 'another-state' },
        cookie: cookiePair(setCookies(started)[0] ?? ''),
      }),
    );
    expect(refused.statusCode).toBe(403);
    for (const next of [
      'https://evil.example/admin',
      '//evil.example/admin',
      '/admin/../portal',
      '/portal',
    ]) {
      const { callback } = await signInWithHostedUi(serve, operator, next);
      expect(callback.headers?.location, next).toBe('/admin');
    }
  });

  it('signs out: the session cookie cleared, and the hosted UI’s sign-out offered', async () => {
    const signedOut = await serve(event('POST', '/admin/sign-out', { body: '' }));
    expect(signedOut.statusCode).toBe(200);
    expect(setCookies(signedOut)[0]).toMatch(/^__Host-operator-session=; Path=\/; Max-Age=0;/);
    expect(signedOut.body).toContain(
      `${TEST_DOMAIN}/logout?logout_uri=${encodeURIComponent('https://clusters.example.city/admin/sign-in')}`,
    );
    // The local form does not exist in AWS.
    expect((await serve(event('POST', '/admin/sign-in', { body: 'operator=anna' }))).statusCode).toBe(404);
  });

  it('works under the stage URL: the callback, the redirects and the page links carry the base path', async () => {
    const staged = consoleFor('https://abc.execute-api.eu-central-1.amazonaws.com/api', cognito());
    const { authorize, callback } = await signInWithHostedUi(staged, operator);
    expect(authorize.searchParams.get('redirect_uri')).toBe(
      'https://abc.execute-api.eu-central-1.amazonaws.com/api/admin/callback',
    );
    expect(callback.headers?.location).toBe('/api/admin/applications');
    const refused = await staged(event('GET', '/admin/applications'));
    expect(refused.statusCode).toBe(403);
    expect(refused.body).toContain('href="/api/admin/sign-in?next=%2Fadmin%2Fapplications"');
  });
});

describe('the local runtime’s console sign-in', () => {
  const serve = consoleFor('http://127.0.0.1:3000', { kind: 'local' });

  async function form() {
    const page = await serve(event('GET', '/admin/sign-in', { query: { next: '/admin/experts' } }));
    const token = /name="csrfToken" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
    return { page, token, cookie: cookiePair(setCookies(page)[0] ?? '') };
  }

  it('signs any operator id in with a form whose CSRF token must match its cookie', async () => {
    const { page, token, cookie } = await form();
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('name="operator"');
    const signedIn = await serve(
      event('POST', '/admin/sign-in', {
        cookie,
        body: `operator=boris&csrfToken=${token}&next=%2Fadmin%2Fexperts`,
      }),
    );
    expect(signedIn.statusCode).toBe(303);
    expect(signedIn.headers?.location).toBe('/admin/experts');
    const [session = ''] = setCookies(signedIn);
    expect(session).toMatch(/^operator-session=[^;]+; Path=\/; Max-Age=43200; HttpOnly; SameSite=Lax$/);
    expect(await serve(event('GET', '/admin', { cookie: cookiePair(session) }))).toMatchObject({
      statusCode: 200,
      body: 'hello boris',
    });

    const forged = await serve(
      event('POST', '/admin/sign-in', { body: `operator=boris&csrfToken=${token}` }),
    );
    expect(forged.statusCode).toBe(403);
    expect(setCookies(forged).some((c) => c.startsWith('operator-session='))).toBe(false);
  });

  it('refuses an id that is not a user name with the error summary, in both languages', async () => {
    const { token, cookie } = await form();
    const refused = await serve(
      event('POST', '/admin/sign-in', { cookie, body: `operator=a%20b&csrfToken=${token}` }),
    );
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toMatch(/<title>Ошибка: /);
    expect(refused.body).toContain('href="#operator"');
    expect(refused.body).toContain('латинские буквы');
    expect(refused.body).toContain('letters, digits');
    expect(refused.body).toContain('aria-invalid="true"');
  });

  it('has no hosted-UI callback', async () => {
    expect(
      (await serve(event('GET', '/admin/callback', { query: { code: 'c', state: 's' } }))).statusCode,
    ).toBe(404);
  });
});
