import { createHash, type KeyObject } from 'node:crypto';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { beforeEach, describe, expect, it } from 'vitest';
import { cognitoSignIn } from '#shared/adapters/cognito-sign-in';
import type { Organization } from '#shared/domain/registry';
import { ForbiddenError, UnauthorizedError } from '#shared/errors';
import { type PortalDeps, portalRoutes } from '#shared/http/portal';
import { unseal } from '#shared/links/sealed';
import { codeChallengeOf } from '#shared/use-cases/portal-sign-in';
import { clockAt, keyRing } from '#test/support/in-memory-stores';
import {
  cachedVerifier,
  foreignKey,
  signIdToken,
  TEST_DOMAIN,
  TEST_ISSUER,
  TEST_USER_POOL_ID,
} from '#test/support/user-pool';

/**
 * The portal's sign-in with the user pool's hosted UI: the authorize
 * redirect carries an S256 challenge and a state; the callback checks the
 * state against the browser's sealed cookie, exchanges the code with the
 * verifier at the token endpoint (mocked here), verifies the ID token with
 * aws-jwt-verify (signature against the pool's key, issuer, audience,
 * token use, expiry) and sets a secure session cookie.
 */

const USER_POOL_ID = TEST_USER_POOL_ID;
const CLIENT_ID = 'portalclient123';
const DOMAIN = TEST_DOMAIN;
const BASE_URL = 'https://clusters.example.city';
const ACTIVE = '7707083893';
const SUSPENDED = '7736050003';

const idToken = (claims: Record<string, unknown>, key?: KeyObject) =>
  signIdToken(CLIENT_ID, { 'custom:inn': ACTIVE, ...claims }, key);

const organization = (inn: string, status: Organization['status']): Organization => ({
  inn,
  ogrn: '1027700132195',
  name: `Org ${inn}`,
  sectors: ['it'],
  status,
  email: `${inn}@example.org`,
});

let tokenRequests: URLSearchParams[];
let tokenReply: { status: number; body: unknown };

function deps(): PortalDeps {
  const verifier = cachedVerifier(CLIENT_ID);
  const provider = cognitoSignIn(
    { domainUrl: DOMAIN, clientId: CLIENT_ID, userPoolId: USER_POOL_ID },
    {
      verifier,
      fetch: async (url, init) => {
        expect(String(url)).toBe(`${DOMAIN}/oauth2/token`);
        tokenRequests.push(new URLSearchParams(String(init?.body)));
        return new Response(JSON.stringify(tokenReply.body), { status: tokenReply.status });
      },
    },
  );
  const registry = {
    getOrganization: async (inn: string) =>
      inn === ACTIVE
        ? organization(inn, 'ACTIVE')
        : inn === SUSPENDED
          ? organization(inn, 'SUSPENDED')
          : null,
    listActiveClusters: async () => ({ items: [], next: null }),
  };
  return {
    keys: { load: async () => keyRing('k1', { k1: 'a-portal-test-key-long-enough-for-hmac' }) },
    clock: clockAt(new Date().toISOString()),
    signIn: { kind: 'cognito', provider, logoutUrl: (uri: string) => `${DOMAIN}/logout?logout_uri=${uri}` },
    config: { publicBaseUrl: BASE_URL, invitationTtlSeconds: 60 },
    registry,
    applications: { listByApplicant: async () => ({ items: [], next: null }), getMany: async () => [] },
  } as unknown as PortalDeps;
}

const event = (
  method: string,
  resource: string,
  options: { query?: Record<string, string>; cookie?: string } = {},
): APIGatewayProxyEvent =>
  ({
    httpMethod: method,
    resource,
    path: resource,
    headers: options.cookie ? { Cookie: options.cookie } : {},
    queryStringParameters: options.query ?? null,
    pathParameters: null,
    body: null,
    isBase64Encoded: false,
    requestContext: {},
  }) as unknown as APIGatewayProxyEvent;

const setCookies = (result: APIGatewayProxyResult) =>
  (result.multiValueHeaders?.['set-cookie'] ?? []).map(String);
const cookiePair = (header: string) => header.split(';')[0] ?? '';

/** Starts a sign-in: the authorize URL's query and the browser's cookie. */
async function start(routes: ReturnType<typeof portalRoutes>) {
  const redirect = await routes(
    event('GET', '/portal/sign-in', { query: { next: '/portal/applications/new-join' } }),
  );
  const authorize = new URL(String(redirect.headers?.location));
  const [transactionCookie = ''] = setCookies(redirect);
  return { redirect, authorize, transactionCookie };
}

beforeEach(() => {
  tokenRequests = [];
  tokenReply = { status: 200, body: { id_token: idToken({}), access_token: 'a', token_type: 'Bearer' } };
});

describe('signing in to the portal with the hosted UI', () => {
  it('redirects to the authorize endpoint with a code challenge (S256) and a state, kept in a secure cookie', async () => {
    const { redirect, authorize, transactionCookie } = await start(portalRoutes(deps));
    expect(redirect.statusCode).toBe(302);
    expect(`${authorize.origin}${authorize.pathname}`).toBe(`${DOMAIN}/oauth2/authorize`);
    expect(Object.fromEntries(authorize.searchParams)).toMatchObject({
      response_type: 'code',
      client_id: CLIENT_ID,
      redirect_uri: `${BASE_URL}/portal/callback`,
      scope: 'openid email',
      code_challenge_method: 'S256',
    });
    expect(authorize.searchParams.get('state')).toMatch(/^[\w-]{43}$/);
    expect(authorize.searchParams.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(transactionCookie).toMatch(
      /^__Host-portal-sign-in=[^;]+; Path=\/; Max-Age=600; HttpOnly; SameSite=Lax; Secure$/,
    );
    // The verifier never leaves the sealed cookie: the URL has only its challenge.
    expect(authorize.href).not.toContain(cookiePair(transactionCookie).split('=')[1]?.split('.')[1] ?? '-');
  });

  it('exchanges the code with the verifier, verifies the ID token and sets the session cookie', async () => {
    const routes = portalRoutes(deps);
    const { authorize, transactionCookie } = await start(routes);
    const callback = await routes(
      event('GET', '/portal/callback', {
        query: { code: 'the-code', state: authorize.searchParams.get('state') ?? '' },
        cookie: cookiePair(transactionCookie),
      }),
    );
    expect(callback.statusCode).toBe(303);
    expect(callback.headers?.location).toBe('/portal/applications/new-join');
    const [request] = tokenRequests;
    expect(Object.fromEntries(request ?? [])).toMatchObject({
      grant_type: 'authorization_code',
      client_id: CLIENT_ID,
      code: 'the-code',
      redirect_uri: `${BASE_URL}/portal/callback`,
    });
    const verifier = request?.get('code_verifier') ?? '';
    expect(codeChallengeOf(verifier)).toBe(authorize.searchParams.get('code_challenge'));
    expect(createHash('sha256').update(verifier).digest('base64url')).toBe(
      authorize.searchParams.get('code_challenge'),
    );

    const [session = '', cleared = ''] = setCookies(callback);
    expect(session).toMatch(
      /^__Host-portal-session=[^;]+; Path=\/; Max-Age=(359\d|3600); HttpOnly; SameSite=Lax; Secure$/,
    );
    expect(cleared).toMatch(/^__Host-portal-sign-in=; Path=\/; Max-Age=0;/);
    const ring = await deps().keys.load();
    expect(unseal(ring, 'portal-session', cookiePair(session).split('=')[1], new Date())).toMatchObject({
      inn: ACTIVE,
      name: `Org ${ACTIVE}`,
    });

    // The session opens the portal.
    const home = await routes(event('GET', '/portal', { cookie: cookiePair(session) }));
    expect(home.statusCode).toBe(200);
    expect(home.body).toContain(`Org ${ACTIVE}`);
  });

  it('never exchanges a code whose state is not this browser’s', async () => {
    const routes = portalRoutes(deps);
    const { transactionCookie } = await start(routes);
    await expect(
      routes(
        event('GET', '/portal/callback', {
          query: { code: 'c', state: 'forged' },
          cookie: cookiePair(transactionCookie),
        }),
      ),
    ).rejects.toBeInstanceOf(ForbiddenError);
    const { authorize } = await start(routes);
    await expect(
      routes(
        event('GET', '/portal/callback', {
          query: { code: 'c', state: authorize.searchParams.get('state') ?? '' },
        }),
      ),
    ).rejects.toBeInstanceOf(ForbiddenError);
    expect(tokenRequests).toHaveLength(0);
  });

  it.each([
    [
      'the token endpoint refuses the code',
      () => (tokenReply = { status: 400, body: { error: 'invalid_grant' } }),
    ],
    [
      'the token is for another client',
      () => (tokenReply.body = { id_token: idToken({ aud: 'another-client' }) }),
    ],
    [
      'the token is an access token',
      () => (tokenReply.body = { id_token: idToken({ token_use: 'access' }) }),
    ],
    [
      'the token has expired',
      () => (tokenReply.body = { id_token: idToken({ exp: Math.floor(Date.now() / 1000) - 10 }) }),
    ],
    [
      'the token comes from another pool',
      () => (tokenReply.body = { id_token: idToken({ iss: `${TEST_ISSUER}x` }) }),
    ],
    [
      'the token is signed by another key',
      () =>
        (tokenReply.body = {
          id_token: idToken({}, foreignKey()),
        }),
    ],
  ])('refuses the sign-in when %s', async (_case, arrange) => {
    arrange();
    const routes = portalRoutes(deps);
    const { authorize, transactionCookie } = await start(routes);
    const callback = routes(
      event('GET', '/portal/callback', {
        query: { code: 'c', state: authorize.searchParams.get('state') ?? '' },
        cookie: cookiePair(transactionCookie),
      }),
    );
    await expect(callback).rejects.toBeInstanceOf(UnauthorizedError);
  });

  it('signs in only an active participant of the registry', async () => {
    tokenReply.body = { id_token: idToken({ 'custom:inn': SUSPENDED }) };
    const routes = portalRoutes(deps);
    const { authorize, transactionCookie } = await start(routes);
    await expect(
      routes(
        event('GET', '/portal/callback', {
          query: { code: 'c', state: authorize.searchParams.get('state') ?? '' },
          cookie: cookiePair(transactionCookie),
        }),
      ),
    ).rejects.toBeInstanceOf(ForbiddenError);
  });

  it('sends pages without a session to the sign-in, and refuses a tampered session', async () => {
    const routes = portalRoutes(deps);
    const anonymous = await routes(event('GET', '/portal'));
    expect(anonymous.statusCode).toBe(303);
    expect(anonymous.headers?.location).toBe('/portal/sign-in?next=%2Fportal');
    const forged = await routes(
      event('GET', '/portal', {
        cookie: `__Host-portal-session=k1.${Buffer.from('{"inn":"7707083893","exp":9999999999}').toString('base64url')}.${'A'.repeat(43)}`,
      }),
    );
    expect(forged.statusCode).toBe(303);
  });
});
