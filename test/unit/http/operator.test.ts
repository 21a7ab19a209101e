import { describe, expect, it } from 'vitest';
import { idTokenVerifier } from '#shared/adapters/cognito-sign-in';
import { ForbiddenError, TransientError } from '#shared/errors';
import type { ApiEvent, ApiResult } from '#shared/http/api';
import {
  OPERATOR_SESSION_COOKIE,
  type OperatorGate,
  operatorHandler,
  signedInOperator,
  underBasePath,
} from '#shared/http/operator';
import { seal } from '#shared/links/sealed';
import { operatorIdFromClaims } from '#shared/use-cases/operator-sign-in';
import { keyRing } from '#test/support/in-memory-stores';
import { cachedVerifier, foreignKey, signIdToken } from '#test/support/user-pool';

/**
 * The operator gate of every `/admin` route, as it runs in AWS (the routes
 * have no gateway authorizer): bearer ID tokens verified by the function
 * with aws-jwt-verify against the pool's key, the console's sealed session
 * cookie, and the claims an edge passes (the local runtime's).
 */

const CONSOLE_CLIENT = 'consoleclient1';
const API_CLIENT = 'apiclient1';
const ring = keyRing('k1', { k1: 'an-operator-test-key-long-enough-for-hmac' });

const gate = (overrides: Partial<OperatorGate> = {}): OperatorGate => ({
  keys: { load: async () => ring },
  verifyIdToken: idTokenVerifier(
    { userPoolId: 'unused', clientIds: [CONSOLE_CLIENT, API_CLIENT] },
    { verifier: cachedVerifier([CONSOLE_CLIENT, API_CLIENT]) },
  ),
  publicBaseUrl: 'https://clusters.example.city',
  now: () => new Date(),
  ...overrides,
});

const eventWith = (
  options: {
    claims?: Record<string, unknown>;
    authorization?: string;
    cookie?: string;
    path?: string;
    accept?: string;
  } = {},
): ApiEvent =>
  ({
    resource: options.path ?? '/admin/api/applications',
    path: options.path ?? '/admin/api/applications',
    httpMethod: 'GET',
    headers: {
      accept: options.accept ?? 'application/json',
      ...(options.authorization ? { Authorization: options.authorization } : {}),
      ...(options.cookie ? { Cookie: options.cookie } : {}),
    },
    requestContext: { authorizer: options.claims ? { claims: options.claims } : null },
  }) as unknown as ApiEvent;

const operatorClaims = { 'cognito:username': 'anna', 'cognito:groups': ['operators'] };
const bearer = (
  claims: Record<string, unknown>,
  clientId = CONSOLE_CLIENT,
  key?: Parameters<typeof signIdToken>[2],
) => `Bearer ${signIdToken(clientId, claims, key)}`;
const sessionCookie = (operatorId: string, expiresAt = new Date(Date.now() + 3600_000)) =>
  `__Host-${OPERATOR_SESSION_COOKIE}=${seal(ring, 'operator-session', { sid: 's1', operatorId }, expiresAt)}`;

describe('who is an operator (the claims)', () => {
  it('takes the operators group in the forms ID tokens and API Gateway give it', () => {
    for (const groups of ['operators', 'auditors,operators', '[auditors operators]', ['operators']]) {
      expect(operatorIdFromClaims({ 'cognito:username': 'anna', 'cognito:groups': groups })).toBe('anna');
    }
  });

  it('refuses the public, applicants, other groups, and an applicant someone put in the group', () => {
    const refused = [
      {},
      { 'custom:inn': '7707083893' },
      { 'cognito:username': 'anna', 'cognito:groups': 'auditors' },
      { 'cognito:username': 'anna', 'cognito:groups': 'operators-old' },
      { 'cognito:username': 'anna', 'cognito:groups': 'operators', 'custom:inn': '7707083893' },
      { 'cognito:groups': 'operators' },
    ];
    for (const claims of refused) {
      expect(() => operatorIdFromClaims(claims), JSON.stringify(claims)).toThrow(ForbiddenError);
    }
  });
});

describe('the operator gate', () => {
  it('lets an operator in by a verified ID token of the console’s or the API’s app client', async () => {
    expect(await signedInOperator(eventWith({ authorization: bearer(operatorClaims) }), gate())).toBe('anna');
    expect(
      await signedInOperator(eventWith({ authorization: bearer(operatorClaims, API_CLIENT) }), gate()),
    ).toBe('anna');
  });

  it('refuses (403) tokens that do not verify or are not an operator’s', async () => {
    const now = Math.floor(Date.now() / 1000);
    const refused = {
      'no bearer scheme': signIdToken(CONSOLE_CLIENT, operatorClaims),
      'not a JWT': 'Bearer not-a-token',
      'another key': bearer(operatorClaims, CONSOLE_CLIENT, foreignKey()),
      'another app client': bearer(operatorClaims, 'someoneelse'),
      expired: bearer({ ...operatorClaims, iat: now - 7200, exp: now - 3600 }),
      'an access token': bearer({ ...operatorClaims, token_use: 'access' }),
      'not in the group': bearer({ 'cognito:username': 'anna', 'cognito:groups': ['auditors'] }),
      'an applicant': bearer({ 'cognito:username': 'org', 'custom:inn': '7707083893' }),
      'an applicant in the group': bearer({ ...operatorClaims, 'custom:inn': '7707083893' }),
    };
    for (const [what, authorization] of Object.entries(refused)) {
      await expect(signedInOperator(eventWith({ authorization }), gate()), what).rejects.toThrow(
        ForbiddenError,
      );
    }
  });

  it('never reads a bearer token it cannot verify (the local runtime, whose edge checks its own)', async () => {
    await expect(
      signedInOperator(
        eventWith({ authorization: bearer(operatorClaims) }),
        gate({ verifyIdToken: undefined }),
      ),
    ).rejects.toThrow(ForbiddenError);
  });

  it('answers a failure to fetch the pool’s keys as its own fault, not as a refusal', async () => {
    const unreachable = idTokenVerifier(
      { userPoolId: 'unused', clientIds: [CONSOLE_CLIENT] },
      {
        verifier: {
          verify: async () => {
            const { FetchError } = await import('aws-jwt-verify/error');
            throw new FetchError('https://cognito-idp/jwks', 'socket hang up');
          },
        },
      },
    );
    await expect(
      signedInOperator(
        eventWith({ authorization: bearer(operatorClaims) }),
        gate({ verifyIdToken: unreachable }),
      ),
    ).rejects.toThrow(TransientError);
  });

  it('lets an operator in by the console’s session cookie, while it lasts and untampered', async () => {
    expect(await signedInOperator(eventWith({ cookie: `a=1; ${sessionCookie('boris')}` }), gate())).toBe(
      'boris',
    );
    const expired = sessionCookie('boris', new Date(Date.now() - 1000));
    await expect(signedInOperator(eventWith({ cookie: expired }), gate())).rejects.toThrow(ForbiddenError);
    const tampered = sessionCookie('boris').replace(/.$/, (last) => (last === 'A' ? 'B' : 'A'));
    await expect(signedInOperator(eventWith({ cookie: tampered }), gate())).rejects.toThrow(ForbiddenError);
    // The portal's session is not the console's, even sealed with the same keys.
    const portal = `__Host-${OPERATOR_SESSION_COOKIE}=${seal(ring, 'portal-session', { sid: 's', operatorId: 'x' }, new Date(Date.now() + 60_000))}`;
    await expect(signedInOperator(eventWith({ cookie: portal }), gate())).rejects.toThrow(ForbiddenError);
    // Over plain HTTP (the local runtime) the cookie has no __Host- prefix.
    const local = gate({ publicBaseUrl: 'http://127.0.0.1:3000' });
    expect(
      await signedInOperator(eventWith({ cookie: sessionCookie('boris').replace('__Host-', '') }), local),
    ).toBe('boris');
  });

  it('takes the claims an edge verified, by the same rule', async () => {
    expect(await signedInOperator(eventWith({ claims: operatorClaims }), gate())).toBe('anna');
    await expect(
      signedInOperator(eventWith({ claims: { 'custom:inn': '7707083893' } }), gate()),
    ).rejects.toThrow(ForbiddenError);
  });

  it('answers 403 before the handler runs: JSON on the API, a page with the way to sign in in a browser', async () => {
    let ran = false;
    const handler = operatorHandler(async () => {
      ran = true;
      return { statusCode: 200, body: '' };
    }, gate);
    const api = await handler(
      eventWith({ authorization: bearer({ 'custom:inn': '7707083893' }) }),
      {} as never,
    );
    expect(api.statusCode).toBe(403);
    expect(JSON.parse(api.body)).toMatchObject({ error: { code: 'FORBIDDEN' } });
    const page = await handler(eventWith({ path: '/admin/applications', accept: 'text/html' }), {} as never);
    expect(page.statusCode).toBe(403);
    expect(page.headers?.['content-type']).toMatch(/text\/html/);
    expect(page.body).toContain('href="/admin/sign-in?next=%2Fadmin%2Fapplications"');
    expect(page.body).toContain('Только для операторов программы');
    expect(page.body).toContain('For programme operators only');
    expect(ran).toBe(false);
  });

  it('hands the handler the operator id', async () => {
    const handler = operatorHandler(
      async (_event, operatorId) => ({ statusCode: 200, body: operatorId }),
      gate,
    );
    const reply = await handler(eventWith({ cookie: sessionCookie('anna') }), {} as never);
    expect(reply).toMatchObject({ statusCode: 200, body: 'anna' });
  });
});

describe('the console under the stage URL', () => {
  const page = (body: string, location?: string): ApiResult => ({
    statusCode: location ? 303 : 200,
    headers: { 'content-type': 'text/html; charset=utf-8', ...(location ? { location } : {}) },
    body,
  });

  it('puts the base path before the console’s own links, forms and redirects, and nothing else', () => {
    const body =
      '<a href="/admin/applications">x</a><form action="/admin/experts"></form><a href="/portal">p</a><a href="/administration">n</a>';
    const rebased = underBasePath(
      page(body, '/admin/applications/app-1?done=cancel'),
      'https://x.example/api',
    );
    expect(rebased.body).toBe(
      '<a href="/api/admin/applications">x</a><form action="/api/admin/experts"></form><a href="/portal">p</a><a href="/administration">n</a>',
    );
    expect(rebased.headers?.location).toBe('/api/admin/applications/app-1?done=cancel');
    // On a custom domain (no base path) the answer is untouched; JSON bodies always are.
    expect(underBasePath(page(body), 'https://clusters.example.city')).toEqual(page(body));
    const json = {
      statusCode: 200,
      headers: { 'content-type': 'application/json' },
      body: '{"href":"/admin"}',
    };
    expect(underBasePath(json, 'https://x.example/api')).toEqual(json);
  });
});
