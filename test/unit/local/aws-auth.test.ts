import type { IncomingMessage } from 'node:http';
import { SignatureV4 } from '@smithy/signature-v4';
import { describe, expect, it } from 'vitest';
import { AwsAuthError, awsServiceOf, MAX_CLOCK_SKEW_MS, Sha256, sigV4Verifier } from '#local/aws-auth';

/**
 * The SigV4 check of the local runtime's AWS endpoints: requests signed as the
 * AWS SDK signs them pass; anything else is refused with AWS's error code.
 */
const credentials = { accessKeyId: 'AKIALOCALTEST0000001', secretAccessKey: 'c2VjcmV0LXNlY3JldC1zZWNyZXQ=' };
const NOW = Date.UTC(2026, 11, 1, 12, 0, 0);
const verify = sigV4Verifier(credentials, () => NOW);
const sfn = awsServiceOf({
  headers: { 'x-amz-target': 'AWSStepFunctions.ListStateMachines' },
  url: '/',
} as unknown as IncomingMessage);
if (!sfn) throw new Error('Step Functions requests are AWS requests');

async function signed(
  options: {
    body?: string;
    signWith?: typeof credentials;
    date?: number;
    service?: string;
    extraHeaders?: Record<string, string>;
  } = {},
) {
  const body = options.body ?? '{}';
  const signer = new SignatureV4({
    credentials: options.signWith ?? credentials,
    region: 'local',
    service: options.service ?? 'states',
    sha256: Sha256,
  });
  const request = await signer.sign(
    {
      method: 'POST',
      protocol: 'http:',
      hostname: '127.0.0.1',
      port: 3000,
      path: '/',
      query: {},
      headers: {
        host: '127.0.0.1:3000',
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-target': 'AWSStepFunctions.ListStateMachines',
        ...options.extraHeaders,
      },
      body,
    },
    { signingDate: new Date(options.date ?? NOW) },
  );
  const headers = Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k.toLowerCase(), v]));
  return {
    req: { method: 'POST', url: '/', headers } as unknown as IncomingMessage,
    body: Buffer.from(body),
  };
}

async function codeOf(promise: Promise<void>): Promise<string> {
  try {
    await promise;
    return 'accepted';
  } catch (error) {
    if (error instanceof AwsAuthError) return error.code;
    throw error;
  }
}

describe('SigV4 verification', () => {
  it('accepts a request signed with the credentials', async () => {
    const { req, body } = await signed({ body: '{"maxResults":1}' });
    expect(await codeOf(verify(req, body, sfn))).toBe('accepted');
  });

  it('accepts a date within 15 minutes either way', async () => {
    for (const offset of [-MAX_CLOCK_SKEW_MS + 1000, MAX_CLOCK_SKEW_MS - 1000]) {
      const { req, body } = await signed({ date: NOW + offset });
      expect(await codeOf(verify(req, body, sfn))).toBe('accepted');
    }
  });

  it('refuses an unsigned request', async () => {
    const req = { method: 'POST', url: '/', headers: { host: 'x' } } as unknown as IncomingMessage;
    expect(await codeOf(verify(req, Buffer.from('{}'), sfn))).toBe('MissingAuthenticationTokenException');
  });

  it('refuses an unknown access key id', async () => {
    const { req, body } = await signed({ signWith: { ...credentials, accessKeyId: 'AKIAOTHER00000000000' } });
    expect(await codeOf(verify(req, body, sfn))).toBe('UnrecognizedClientException');
  });

  it('refuses a signature made with another secret', async () => {
    const { req, body } = await signed({ signWith: { ...credentials, secretAccessKey: 'wrong' } });
    expect(await codeOf(verify(req, body, sfn))).toBe('InvalidSignatureException');
  });

  it('refuses a body changed after signing', async () => {
    const { req } = await signed({ body: '{"maxResults":1}' });
    expect(await codeOf(verify(req, Buffer.from('{"maxResults":2}'), sfn))).toBe('InvalidSignatureException');
  });

  it('refuses a signed header changed after signing', async () => {
    const { req, body } = await signed();
    req.headers['x-amz-target'] = 'AWSStepFunctions.StopExecution';
    expect(await codeOf(verify(req, body, sfn))).toBe('InvalidSignatureException');
  });

  it('refuses an x-amz-content-sha256 that is not the body’s', async () => {
    const { req, body } = await signed({ extraHeaders: { 'x-amz-content-sha256': '0'.repeat(64) } });
    expect(await codeOf(verify(req, body, sfn))).toBe('InvalidSignatureException');
  });

  it('refuses a signature older or newer than 15 minutes', async () => {
    for (const offset of [-MAX_CLOCK_SKEW_MS - 60_000, MAX_CLOCK_SKEW_MS + 60_000]) {
      const { req, body } = await signed({ date: NOW + offset });
      expect(await codeOf(verify(req, body, sfn))).toBe('InvalidSignatureException');
    }
  });

  it('refuses a signature scoped to another service', async () => {
    const { req, body } = await signed({ service: 'secretsmanager' });
    expect(await codeOf(verify(req, body, sfn))).toBe('InvalidSignatureException');
  });

  it('refuses a garbled Authorization header', async () => {
    const { req, body } = await signed();
    req.headers.authorization = 'AWS4-HMAC-SHA256 Credential=x';
    expect(await codeOf(verify(req, body, sfn))).toBe('IncompleteSignatureException');
  });

  it('refuses a session token it did not issue', async () => {
    const { req, body } = await signed({ extraHeaders: { 'x-amz-security-token': 'token' } });
    expect(await codeOf(verify(req, body, sfn))).toBe('UnrecognizedClientException');
  });
});

describe('which requests are AWS requests', () => {
  const of = (headers: Record<string, string>, url = '/') =>
    awsServiceOf({ headers, url } as unknown as IncomingMessage)?.signingName ?? null;

  it('recognizes Step Functions, Secrets Manager and SES, and nothing of the product', () => {
    expect(of({ 'x-amz-target': 'AWSStepFunctions.StartExecution' })).toBe('states');
    expect(of({ 'x-amz-target': 'secretsmanager.GetSecretValue' })).toBe('secretsmanager');
    expect(of({}, '/v2/email/outbound-emails')).toBe('ses');
    expect(of({}, '/applications')).toBeNull();
    expect(of({}, '/_local/login')).toBeNull();
  });
});
