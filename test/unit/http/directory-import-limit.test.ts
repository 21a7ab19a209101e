import type { Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { handler } from '#functions/admin-directories/handler';
import type { ApiEvent } from '#shared/http/api';
import { DIRECTORY_IMPORT_MAX_BYTES } from '#shared/http/request-limits';

/**
 * A directory import larger than its limit is refused by the handler itself (the firewall cannot
 * size it: a real directory is beyond the 64 KB it inspects), before anything is read or written.
 */

const importEvent = (bytes: number): ApiEvent =>
  ({
    resource: '/admin/api/experts/import',
    path: '/admin/api/experts/import',
    httpMethod: 'POST',
    headers: { 'content-type': 'text/csv; charset=utf-8' },
    queryStringParameters: null,
    pathParameters: null,
    requestContext: { authorizer: { claims: { 'cognito:username': 'anna', 'cognito:groups': 'operators' } } },
    body: `expertId,name\n${'x'.repeat(bytes - 14)}`,
    isBase64Encoded: false,
  }) as unknown as ApiEvent;

// The operator gate's settings as the local runtime gives them (the claims above are the local edge's).
const ENVIRONMENT = {
  PUBLIC_BASE_URL: 'http://127.0.0.1:3000',
  LINK_KEYS_SECRET_ID: 'unused',
  OPERATOR_SIGN_IN: 'local',
};
beforeAll(() => {
  for (const [name, value] of Object.entries(ENVIRONMENT)) vi.stubEnv(name, value);
});
afterAll(() => {
  vi.unstubAllEnvs();
});

describe('the directory import limit', () => {
  it('answers a CSV over it 413 with the spec error body, in both languages', async () => {
    const reply = await handler(importEvent(DIRECTORY_IMPORT_MAX_BYTES + 1), {} as Context);
    expect(reply.statusCode).toBe(413);
    const body = JSON.parse(reply.body);
    expect(body).toEqual({
      error: { code: 'PAYLOAD_TOO_LARGE', message: expect.any(String), details: [] },
    });
    expect(body.error.message).toMatch(/^Тело запроса слишком большое \/ the body is larger than \d+ bytes$/);
    expect(body.error.message).toContain(String(DIRECTORY_IMPORT_MAX_BYTES));
  });
});
