import { describe, expect, it } from 'vitest';
import { ROUTES } from '#shared/catalog';
import { sample } from '#test/support/api-client';
import { suiteClient } from '#test/support/e2e';

/**
 * Operator sign-in: every route of the catalog for operators answers 403 to
 * the public and to applicants, and not to an operator (by bearer token, or
 * by the local browser session the sign-in page sets).
 */
const client = suiteClient();
const operatorRoutes = ROUTES.filter((route) => route.auth === 'operator');
/** A path of the route with made-up parameters: the gate answers before anything is looked up. */
const pathOf = (path: string) => path.replace(/\{[^}]+\}/g, 'app-00000000');
const bodyOf = (method: string) => (method === 'POST' ? { body: {} } : {});

describe('the operator console and API', () => {
  it('has routes, and every one of them is for operators only', () => {
    expect(operatorRoutes.length).toBeGreaterThan(0);
    // Every /admin route but signing in and out.
    expect(
      ROUTES.filter((route) => route.path.startsWith('/admin') && route.auth !== 'operator').map(
        (route) => `${route.method} ${route.path}`,
      ),
    ).toEqual(['GET /admin/sign-in', 'POST /admin/sign-in', 'GET /admin/callback', 'POST /admin/sign-out']);
  });

  it('answers 403 to the public and to a signed-in applicant on every operator route', async () => {
    const applicant = await client.login(sample.joinCandidate(0).inn);
    for (const route of operatorRoutes) {
      const path = pathOf(route.path);
      const anonymous = await client.request(route.method, path, bodyOf(route.method));
      expect(anonymous.status, `${route.method} ${route.path} without a token`).toBe(403);
      const asApplicant = await client.request(route.method, path, {
        token: applicant,
        ...bodyOf(route.method),
      });
      expect(asApplicant.status, `${route.method} ${route.path} as an applicant`).toBe(403);
      const forged = await client.request(route.method, path, {
        token: `${applicant}x`,
        ...bodyOf(route.method),
      });
      expect(forged.status, `${route.method} ${route.path} with a forged token`).toBe(403);
    }
  });

  it('lets an operator through on every operator route', async () => {
    const operator = await client.operatorLogin('e2e.operator');
    for (const route of operatorRoutes) {
      const reply = await client.request(route.method, pathOf(route.path), {
        token: operator,
        ...bodyOf(route.method),
      });
      expect([401, 403], `${route.method} ${route.path}: ${reply.status}`).not.toContain(reply.status);
      expect(reply.status, `${route.method} ${route.path}`).toBeLessThan(500);
    }
  });

  it('keeps operator tokens off the applicant routes', async () => {
    const operator = await client.operatorLogin('e2e.operator');
    expect((await client.request('GET', '/applications', { token: operator })).status).toBe(401);
  });

  it('signs a browser in with a form that sets an HttpOnly session cookie, which the console then accepts', async () => {
    const form = await client.request('GET', '/admin/sign-in?next=%2Fadmin%2Fapplications');
    expect(form.status).toBe(200);
    expect(form.body).toContain('name="operator"');
    const csrfToken = /name="csrfToken" value="([^"]+)"/.exec(form.body)?.[1] ?? '';
    const formCookie = (form.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const signIn = await client.request('POST', '/admin/sign-in', {
      rawBody: new URLSearchParams({
        operator: 'browser.operator',
        csrfToken,
        next: '/admin/applications',
      }).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: formCookie },
    });
    expect(signIn.status).toBe(303);
    expect(signIn.headers.get('location')).toBe('/admin/applications');
    const cookie = signIn.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^operator-session=/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    const session = cookie.split(';')[0] ?? '';
    const home = await client.request('GET', '/admin', { headers: { cookie: session, accept: 'text/html' } });
    expect(home.status).toBe(200);
    expect(home.body).toContain('browser.operator');
    const refused = await client.request('GET', '/admin', { headers: { accept: 'text/html' } });
    expect(refused.status).toBe(403);
    expect(refused.headers.get('content-type')).toMatch(/text\/html/);
    expect(refused.body).toContain('href="/admin/sign-in?next=%2Fadmin"');
    // Without the form's cookie the post is refused: no session.
    const forged = await client.request('POST', '/admin/sign-in', {
      rawBody: new URLSearchParams({ operator: 'browser.operator', csrfToken }).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(forged.status).toBe(403);
    expect(forged.headers.get('set-cookie') ?? '').not.toMatch(/operator-session=[^;]/);
    const signedOut = await client.request('POST', '/admin/sign-out', {
      rawBody: '',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: session },
    });
    expect(signedOut.status).toBe(200);
    expect(signedOut.headers.get('set-cookie') ?? '').toMatch(/^operator-session=; Path=\/; Max-Age=0/);
  });
});
