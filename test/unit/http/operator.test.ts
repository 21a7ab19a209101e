import { describe, expect, it } from 'vitest';
import { ForbiddenError } from '#shared/errors';
import type { ApiEvent } from '#shared/http/api';
import { operatorHandler, signedInOperator } from '#shared/http/operator';

const eventWith = (claims: Record<string, unknown> | null, path = '/admin/api/applications'): ApiEvent =>
  ({
    resource: path,
    path,
    httpMethod: 'GET',
    headers: { accept: 'application/json' },
    requestContext: { authorizer: claims ? { claims } : null },
  }) as unknown as ApiEvent;

describe('the operator gate', () => {
  it('takes the operators group in the forms API Gateway passes it', () => {
    for (const groups of ['operators', 'auditors,operators', '[auditors operators]', ['operators']]) {
      expect(signedInOperator(eventWith({ 'cognito:username': 'anna', 'cognito:groups': groups }))).toBe(
        'anna',
      );
    }
  });

  it('refuses the public, applicants, other groups, and an applicant someone put in the group', () => {
    const refused = [
      null,
      {},
      { 'custom:inn': '7707083893' },
      { 'cognito:username': 'anna', 'cognito:groups': 'auditors' },
      { 'cognito:username': 'anna', 'cognito:groups': 'operators-old' },
      { 'cognito:username': 'anna', 'cognito:groups': 'operators', 'custom:inn': '7707083893' },
      { 'cognito:groups': 'operators' },
    ];
    for (const claims of refused) {
      expect(() => signedInOperator(eventWith(claims)), JSON.stringify(claims)).toThrow(ForbiddenError);
    }
  });

  it('answers 403 before the handler runs: JSON on the API, a page in a browser', async () => {
    let ran = false;
    const handler = operatorHandler(async () => {
      ran = true;
      return { statusCode: 200, body: '' };
    });
    const api = await handler(eventWith({ 'custom:inn': '7707083893' }), {} as never);
    expect(api.statusCode).toBe(403);
    expect(JSON.parse(api.body)).toMatchObject({ error: { code: 'FORBIDDEN' } });
    const page = await handler(
      { ...eventWith(null, '/admin'), headers: { accept: 'text/html' } } as ApiEvent,
      {} as never,
    );
    expect(page.statusCode).toBe(403);
    expect(page.headers?.['content-type']).toMatch(/text\/html/);
    expect(ran).toBe(false);
  });

  it('hands the handler the operator id', async () => {
    const handler = operatorHandler(async (_event, operatorId) => ({ statusCode: 200, body: operatorId }));
    const reply = await handler(
      eventWith({ 'cognito:username': 'anna', 'cognito:groups': 'operators' }),
      {} as never,
    );
    expect(reply).toMatchObject({ statusCode: 200, body: 'anna' });
  });
});
