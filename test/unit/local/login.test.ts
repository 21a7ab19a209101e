import { describe, expect, it } from 'vitest';
import { localLogin, localTokens } from '#local/auth';

describe('local sign-in', () => {
  const tokens = localTokens();
  const registry = new Map([
    ['7707083893', { status: 'ACTIVE' }],
    ['7736050003', { status: 'SUSPENDED' }],
  ]);
  const login = (body: unknown, contentType = 'application/json') =>
    localLogin(typeof body === 'string' ? body : JSON.stringify(body), contentType, {
      getOrganization: async (inn) => registry.get(inn) ?? null,
      issue: tokens.issue,
    });

  it('gives an active participant a token the authorizer accepts', async () => {
    const reply = await login({ inn: '7707083893' });
    expect(reply.status).toBe(200);
    const { token } = reply.body as { token: string };
    expect(tokens.authorize(`Bearer ${token}`)).toEqual({ inn: '7707083893' });
  });

  it('refuses a suspended organization with a 403 saying why', async () => {
    const reply = await login({ inn: '7736050003' });
    expect(reply).toEqual({
      status: 403,
      body: {
        error: {
          code: 'ORGANIZATION_SUSPENDED',
          message: expect.stringContaining('SUSPENDED'),
          details: [{ path: 'inn', message: 'the organization is SUSPENDED' }],
        },
      },
    });
  });

  it('refuses an INN not in the registry with a 401, and a body without one with a 400', async () => {
    expect((await login({ inn: '0000000000' })).status).toBe(401);
    expect((await login('not json')).status).toBe(400);
    expect((await login('null')).status).toBe(400);
    expect((await login({ inn: 7707083893 })).status).toBe(400);
  });

  it('refuses a body that is not JSON with a 415', async () => {
    const reply = await login('inn=7707083893', 'application/x-www-form-urlencoded');
    expect(reply).toMatchObject({ status: 415, body: { error: { code: 'UNSUPPORTED_MEDIA_TYPE' } } });
  });
});
