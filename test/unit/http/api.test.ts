import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { ForbiddenError } from '#shared/errors';
import { apiHandler, json, MAX_BODY_BYTES, parseJsonBody, signedInInn } from '#shared/http/api';

const schema = z.strictObject({ name: z.string().max(5), items: z.array(z.number()) });

function event(
  body: string | null,
  headers: Record<string, string> = { 'Content-Type': 'application/json' },
): APIGatewayProxyEvent {
  return { body, headers, isBase64Encoded: false, requestContext: {} } as unknown as APIGatewayProxyEvent;
}

const context = {
  functionName: 'test',
  awsRequestId: '1',
  getRemainingTimeInMillis: () => 1000,
} as unknown as Context;

describe('parseJsonBody', () => {
  it('returns the parsed body', () => {
    expect(parseJsonBody(event('{"name":"ok","items":[1]}'), schema)).toEqual({ name: 'ok', items: [1] });
  });

  it.each([
    ['wrong content type', event('{}', { 'content-type': 'text/plain' }), 415, 'UNSUPPORTED_MEDIA_TYPE'],
    ['malformed JSON', event('{"name":'), 400, 'MALFORMED_JSON'],
    ['oversize body', event(`{"name":"${'x'.repeat(MAX_BODY_BYTES)}"}`), 413, 'PAYLOAD_TOO_LARGE'],
  ])('refuses a %s', async (_, request, status, code) => {
    const handler = apiHandler(async (incoming) => json(200, parseJsonBody(incoming, schema)));
    const response = await handler(request, context);
    expect(response.statusCode).toBe(status);
    expect(JSON.parse(response.body).error.code).toBe(code);
  });

  it('names every path at fault, unknown fields included', async () => {
    const handler = apiHandler(async (incoming) => json(200, parseJsonBody(incoming, schema)));
    const response = await handler(event('{"name":"too long","items":[1,"x"],"extra":true}'), context);
    expect(response.statusCode).toBe(400);
    const paths = JSON.parse(response.body).error.details.map((detail: { path: string }) => detail.path);
    expect(paths).toEqual(expect.arrayContaining(['name', 'items[1]', 'extra']));
  });
});

describe('apiHandler error mapping', () => {
  it('maps typed errors to their status and the spec body', async () => {
    const handler = apiHandler(async () => {
      throw new ForbiddenError('not yours', [{ path: 'applicantInn', message: 'no' }]);
    });
    const response = await handler(event(null, { 'Accept-Language': 'en-GB,en;q=0.9' }), context);
    expect(response.statusCode).toBe(403);
    expect(JSON.parse(response.body)).toEqual({
      error: { code: 'FORBIDDEN', message: 'not yours', details: [{ path: 'applicantInn', message: 'no' }] },
    });
    expect(response.headers?.['content-language']).toBe('en');
  });

  it.each([
    ['ru-RU,ru;q=0.9,en;q=0.8', 'Доступ запрещён', 'ru'],
    ['en;q=0.5, ru;q=0.7', 'Доступ запрещён', 'ru'],
    ['ru;q=0.2, en', 'not yours', 'en'],
    [undefined, 'Доступ запрещён / not yours', 'ru, en'],
    ['de-DE', 'Доступ запрещён / not yours', 'ru, en'],
  ])('words the message for Accept-Language %s, with the same code', async (accept, message, language) => {
    const handler = apiHandler(async () => {
      throw new ForbiddenError('not yours');
    });
    const response = await handler(event(null, accept ? { 'accept-language': accept } : {}), context);
    expect(JSON.parse(response.body).error).toEqual({ code: 'FORBIDDEN', message, details: [] });
    expect(response.headers?.['content-language']).toBe(language);
    expect(response.headers?.vary).toBe('Accept-Language');
  });

  it('answers unknown errors 500 without leaking their message', async () => {
    const handler = apiHandler(async () => {
      throw new Error('ConditionalCheckFailed at arn:aws:dynamodb:secret-table');
    });
    const response = await handler(event(null), context);
    expect(response.statusCode).toBe(500);
    expect(response.body).not.toContain('arn:aws');
  });

  it('requires a signed-in organization', () => {
    expect(() => signedInInn(event(null))).toThrow('sign in');
    const signedIn = {
      ...event(null),
      requestContext: { authorizer: { claims: { 'custom:inn': '7707083893' } } },
    };
    expect(signedInInn(signedIn as unknown as APIGatewayProxyEvent)).toBe('7707083893');
  });
});
