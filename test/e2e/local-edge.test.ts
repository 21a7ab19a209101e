import { stat } from 'node:fs/promises';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { connect } from 'node:net';
import { join } from 'node:path';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { ListStateMachinesCommand, SFNClient } from '@aws-sdk/client-sfn';
import { SignatureV4 } from '@smithy/signature-v4';
import { describe, expect, it } from 'vitest';
import { Sha256 } from '#local/aws-auth';
import { sample } from '#test/support/api-client';
import { suiteClient } from '#test/support/e2e';
import { suiteRuntime, suiteRuntimeUrl } from '#test/support/lanes';
import { suiteAwsCredentials } from '#test/support/local-aws';

/**
 * The local runtime's edge, over HTTP: no client mistake gets a 5xx (bad
 * percent-encoding, wrong method, oversized body or headers, bad HTTP), its
 * AWS endpoints take only requests signed with the generated credentials,
 * health names each dependency, the data folder is private, and a suspended
 * organization cannot sign in.
 */
const base = new URL(suiteRuntimeUrl());
const client = suiteClient();

interface RawReply {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A request exactly as written (fetch would normalize the path). */
function raw(method: string, path: string, headers: Record<string, string> = {}, body?: string) {
  return new Promise<RawReply>((resolve, reject) => {
    const req = httpRequest({ host: base.hostname, port: base.port, method, path, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        text += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const jsonError = (reply: RawReply) => {
  expect(reply.headers['content-type']).toMatch(/^application\/json/);
  return (JSON.parse(reply.body) as { error: { code: string; message: string; details: unknown[] } }).error;
};

describe('malformed percent-encoding in a path', () => {
  it.each(['/clusters/%E0%A4%A', '/clusters/%', '/clusters/%C0%AF', '/organizations/%ZZ'])(
    '%s is a 400 with the JSON error body',
    async (path) => {
      const reply = await raw('GET', path);
      expect(reply.status).toBe(400);
      expect(jsonError(reply)).toMatchObject({ code: 'BAD_REQUEST', details: [{ path: 'path' }] });
    },
  );

  it('is a 400 before sign-in is checked on applicant routes', async () => {
    const reply = await raw('GET', '/applications/%E0%A4%A');
    expect(reply.status).toBe(400);
    expect(jsonError(reply).code).toBe('BAD_REQUEST');
  });

  it.each(['/reviews/%', '/signoff/%C0%AF'])('%s is a 400 page on the page routes', async (path) => {
    const reply = await raw('GET', path);
    expect(reply.status).toBe(400);
    expect(reply.headers['content-type']).toMatch(/^text\/html/);
    expect(reply.body).toContain('BAD_REQUEST');
  });
});

describe('a known path with a method it does not serve', () => {
  it('is a 405 naming the allowed methods', async () => {
    const reply = await raw('DELETE', '/clusters');
    expect(reply.status).toBe(405);
    expect(reply.headers.allow).toBe('GET');
    expect(jsonError(reply).code).toBe('METHOD_NOT_ALLOWED');
  });

  it('lists every method of a page route', async () => {
    const reply = await raw('PUT', '/reviews/some-review', { accept: 'application/json' });
    expect(reply.status).toBe(405);
    expect(reply.headers.allow).toBe('GET, HEAD, POST');
    expect(jsonError(reply).code).toBe('METHOD_NOT_ALLOWED');
  });
});

describe('an oversized body', () => {
  /**
   * Sends the headers and then 64 KiB pieces of a 32 MiB body until the
   * answer comes; resolves with the answer and how much was sent by then.
   */
  function sendHuge(headers: Record<string, string>) {
    const total = 32 * 1024 * 1024;
    const piece = Buffer.alloc(64 * 1024, 'a');
    return new Promise<RawReply & { sent: number }>((resolve, reject) => {
      let sent = 0;
      let answered = false;
      const req = httpRequest(
        { host: base.hostname, port: base.port, method: 'POST', path: '/applications', headers },
        (res) => {
          answered = true;
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => {
            text += chunk;
          });
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text, sent }),
          );
        },
      );
      // The server closes the connection after refusing: writes after that may fail.
      req.on('error', (error) => (answered ? undefined : reject(error)));
      const pump = () => {
        while (!answered && sent < total) {
          sent += piece.length;
          if (!req.write(piece)) {
            req.once('drain', pump);
            return;
          }
        }
        if (!answered) req.end();
      };
      pump();
    });
  }

  it('with a content-length over the limit is a 413 before the body is sent', async () => {
    const reply = await sendHuge({
      'content-type': 'application/json',
      'content-length': String(32 * 1024 * 1024),
    });
    expect(reply.status).toBe(413);
    expect(jsonError(reply).code).toBe('PAYLOAD_TOO_LARGE');
    expect(reply.headers.connection).toBe('close');
    expect(reply.sent).toBeLessThan(32 * 1024 * 1024);
  });

  it('streamed without a length is a 413 once it passes the limit, not after it is all read', async () => {
    const reply = await sendHuge({ 'content-type': 'application/json', 'transfer-encoding': 'chunked' });
    expect(reply.status).toBe(413);
    expect(jsonError(reply).code).toBe('PAYLOAD_TOO_LARGE');
    expect(reply.sent).toBeLessThan(32 * 1024 * 1024);
  });
});

describe('what the HTTP parser refuses', () => {
  it('headers over the limit are a 431 with the JSON error body', async () => {
    const reply = await raw('GET', '/clusters', { 'x-padding': 'a'.repeat(20_000) });
    expect(reply.status).toBe(431);
    expect(jsonError(reply).code).toBe('HEADERS_TOO_LARGE');
  });

  it('a request that is not HTTP is a 400 with the JSON error body', async () => {
    const text = await new Promise<string>((resolve, reject) => {
      const socket = connect({ host: base.hostname, port: Number(base.port) }, () => {
        socket.write('NOT HTTP AT ALL\r\n\r\n');
      });
      let received = '';
      socket.on('data', (chunk) => {
        received += chunk.toString();
      });
      socket.on('end', () => resolve(received));
      socket.on('error', reject);
    });
    expect(text).toMatch(/^HTTP\/1\.1 400 /);
    expect(JSON.parse(text.slice(text.indexOf('\r\n\r\n') + 4))).toMatchObject({
      error: { code: 'BAD_REQUEST' },
    });
  });
});

describe('the AWS endpoints on the runtime’s port', () => {
  const sfnWith = (credentials: { accessKeyId: string; secretAccessKey: string }) =>
    new SFNClient({ endpoint: base.origin, region: 'local', credentials, maxAttempts: 1 });

  it('serve requests signed with the generated credentials', async () => {
    const credentials = await suiteAwsCredentials();
    const { stateMachines = [] } = await sfnWith(credentials).send(new ListStateMachinesCommand({}));
    expect(stateMachines).toHaveLength(1);
    const secrets = new SecretsManagerClient({ endpoint: base.origin, region: 'local', credentials });
    const secret = await secrets.send(new GetSecretValueCommand({ SecretId: 'local/link-signing-keys' }));
    expect(JSON.parse(secret.SecretString ?? '{}')).toHaveProperty('currentKeyId');
  });

  it('refuse other credentials with AWS’s error codes', async () => {
    const credentials = await suiteAwsCredentials();
    await expect(
      sfnWith({ accessKeyId: 'local', secretAccessKey: 'local' }).send(new ListStateMachinesCommand({})),
    ).rejects.toMatchObject({ name: 'UnrecognizedClientException', $metadata: { httpStatusCode: 400 } });
    await expect(
      sfnWith({ ...credentials, secretAccessKey: 'guessed' }).send(new ListStateMachinesCommand({})),
    ).rejects.toMatchObject({ name: 'InvalidSignatureException', $metadata: { httpStatusCode: 400 } });
    const secrets = new SecretsManagerClient({
      endpoint: base.origin,
      region: 'local',
      credentials: { ...credentials, secretAccessKey: 'guessed' },
      maxAttempts: 1,
    });
    await expect(
      secrets.send(new GetSecretValueCommand({ SecretId: 'local/link-signing-keys' })),
    ).rejects.toMatchObject({ name: 'InvalidSignatureException' });
  });

  it('refuse unsigned requests: Step Functions, Secrets Manager and SES', async () => {
    const stop = await raw(
      'POST',
      '/',
      { 'x-amz-target': 'AWSStepFunctions.StopExecution', 'content-type': 'application/x-amz-json-1.0' },
      '{"executionArn":"arn:aws:states:local:000000000000:execution:x:y"}',
    );
    expect(stop.status).toBe(400);
    expect(JSON.parse(stop.body)).toMatchObject({ __type: 'MissingAuthenticationTokenException' });
    const secret = await raw(
      'POST',
      '/',
      { 'x-amz-target': 'secretsmanager.GetSecretValue', 'content-type': 'application/x-amz-json-1.1' },
      '{"SecretId":"local/link-signing-keys"}',
    );
    expect(secret.status).toBe(400);
    expect(secret.body).not.toContain('currentKeyId');
    const email = await raw(
      'POST',
      '/v2/email/outbound-emails',
      { 'content-type': 'application/json' },
      '{}',
    );
    expect(email.status).toBe(403);
    expect(email.headers['x-amzn-errortype']).toBe('MissingAuthenticationTokenException');
  });

  it('refuse a correctly signed request replayed after 15 minutes', async () => {
    const credentials = await suiteAwsCredentials();
    const signer = new SignatureV4({ credentials, region: 'local', service: 'states', sha256: Sha256 });
    const body = '{}';
    const signed = await signer.sign(
      {
        method: 'POST',
        protocol: 'http:',
        hostname: base.hostname,
        port: Number(base.port),
        path: '/',
        query: {},
        headers: {
          host: base.host,
          'content-type': 'application/x-amz-json-1.0',
          'x-amz-target': 'AWSStepFunctions.ListStateMachines',
        },
        body,
      },
      { signingDate: new Date(Date.now() - 20 * 60 * 1000) },
    );
    const headers = Object.fromEntries(Object.entries(signed.headers).filter(([name]) => name !== 'host'));
    const reply = await raw('POST', '/', headers, body);
    expect(reply.status).toBe(400);
    expect(JSON.parse(reply.body)).toMatchObject({
      __type: 'InvalidSignatureException',
      message: expect.stringContaining('expired'),
    });
  });
});

describe('health', () => {
  it('reports each dependency', async () => {
    const reply = await client.request('GET', '/_local/health');
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({
      status: 'ok',
      checks: {
        dynamodb: { status: 'ok' },
        engine: { status: 'ok' },
        outbox: { status: 'ok' },
        secrets: { status: 'ok' },
      },
    });
  });
});

describe('the data folder', () => {
  it('is private to the user, and so are its keys, credentials and database', async () => {
    const dataDir = suiteRuntime().dataDir;
    const mode = async (path: string) => (await stat(join(dataDir, path))).mode & 0o777;
    expect(await mode('.')).toBe(0o700);
    expect(await mode('dynamodb')).toBe(0o700);
    for (const file of [
      'link-keys.json',
      'sign-in-key.json',
      'aws-credentials',
      'aws-config',
      'dynamodb/shared-local-instance.db',
    ]) {
      expect({ file, mode: (await mode(file)).toString(8) }).toEqual({ file, mode: '600' });
    }
  });
});

describe('local sign-in', () => {
  it('refuses a suspended organization with a 403 saying why', async () => {
    const reply = await client.request('POST', '/_local/login', { body: { inn: sample.suspended().inn } });
    expect(reply.status).toBe(403);
    expect(reply.body).toMatchObject({
      error: { code: 'ORGANIZATION_SUSPENDED', message: expect.stringContaining('SUSPENDED') },
    });
  });
});
