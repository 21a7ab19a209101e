import { describe, expect, it } from 'vitest';
import { localLogin, localTokens } from '#local/auth';

describe('local operator sign-in', () => {
  const tokens = localTokens();
  const login = (body: unknown) =>
    localLogin(JSON.stringify(body), 'application/json', {
      getOrganization: async () => null,
      issue: tokens.issue,
      issueOperator: tokens.issueOperator,
    });

  it('gives any operator id a token that the authorizer reads as an operator, not an organization', async () => {
    const reply = await login({ operator: 'anna.petrova' });
    expect(reply.status).toBe(200);
    const { token } = reply.body as { token: string };
    expect(tokens.authorize(`Bearer ${token}`)).toEqual({ operator: 'anna.petrova' });
  });

  it('refuses an operator id that is not a user name, and a body with both an INN and an operator', async () => {
    expect((await login({ operator: '' })).status).toBe(400);
    expect((await login({ operator: 'a b' })).status).toBe(400);
    expect((await login({ operator: 42 })).status).toBe(400);
    expect((await login({ operator: 'x'.repeat(65) })).status).toBe(400);
    // Not an operator sign-in: an INN sign-in, refused as an unknown organization.
    expect((await login({ inn: '7707083893', operator: 'anna' })).status).toBe(401);
  });

  it('accepts a token only with the signature of its key', async () => {
    const other = localTokens();
    expect(tokens.authorize(`Bearer ${other.issueOperator('anna')}`)).toBeNull();
    expect(tokens.authorize(other.issueOperator('anna'))).toBeNull();
  });
});
