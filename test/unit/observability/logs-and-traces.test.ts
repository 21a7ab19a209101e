import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as z from 'zod';
import { apiHandler } from '#shared/http/api';
import { logger } from '#shared/logger';
import { stepHandler } from '#shared/steps/step-handler';
import { captureLogLines } from '#test/support/log-capture';

const context = {
  functionName: 'tally-reviews',
  awsRequestId: 'req-1',
  getRemainingTimeInMillis: () => 15_000,
} as unknown as Context;

afterEach(() => {
  vi.unstubAllEnvs();
  vi.resetModules();
});

describe('every log line of a workflow step', () => {
  const step = stepHandler(z.object({ applicationId: z.string() }).or(z.object({})), async () => {
    logger.warn('step at work');
    return { ok: true };
  });

  it('carries the application id of the step', async () => {
    const { lines } = await captureLogLines(logger, () => step({ applicationId: 'app_one' }, context));
    const line = lines.find((entry) => entry.message === 'step at work');
    expect(line).toMatchObject({ applicationId: 'app_one', function_name: 'tally-reviews' });
  });

  it('and only that one: the next invocation starts without the last one’s id', async () => {
    await captureLogLines(logger, () => step({ applicationId: 'app_one' }, context));
    const { lines } = await captureLogLines(logger, () => step({}, context));
    const line = lines.find((entry) => entry.message === 'step at work');
    expect(line).toBeDefined();
    expect(line).not.toHaveProperty('applicationId');
  });
});

describe('every log line of an API request about an application', () => {
  const failing = apiHandler(async () => {
    throw new Error('boom');
  });
  const event = (resource: string, id: string) =>
    ({
      resource,
      pathParameters: { id },
      headers: {},
      body: null,
      isBase64Encoded: false,
      requestContext: {},
    }) as unknown as APIGatewayProxyEvent;

  it('carries the id from the /applications/{id} routes', async () => {
    const { lines } = await captureLogLines(logger, () =>
      failing(event('/applications/{id}/withdraw', 'app_two'), context),
    );
    expect(lines.find((entry) => entry.message === 'unhandled error')).toMatchObject({
      applicationId: 'app_two',
    });
  });

  it('and not a cluster id, which shares the path parameter name', async () => {
    const { lines } = await captureLogLines(logger, () =>
      failing(event('/clusters/{id}', 'cl_one'), context),
    );
    const line = lines.find((entry) => entry.message === 'unhandled error');
    expect(line).toBeDefined();
    expect(line).not.toHaveProperty('applicationId');
  });
});

describe('the logger', () => {
  it('takes its service name from POWERTOOLS_SERVICE_NAME', async () => {
    vi.stubEnv('POWERTOOLS_SERVICE_NAME', 'ClusterMembership-test');
    vi.resetModules();
    const fresh = await import('#shared/logger');
    const { lines } = await captureLogLines(fresh.logger, async () => fresh.logger.warn('named'));
    expect(lines.find((entry) => entry.message === 'named')).toMatchObject({
      service: 'ClusterMembership-test',
    });
  });
});

describe('the AWS SDK clients', () => {
  const instrumented = (client: { middlewareStack: { identify(): string[] } }) =>
    client.middlewareStack.identify().some((entry) => entry.startsWith('XRaySDKInstrumentation'));

  it('are traced with Powertools Tracer in Lambda', async () => {
    vi.stubEnv('AWS_EXECUTION_ENV', 'AWS_Lambda_nodejs24.x');
    vi.resetModules();
    const [{ sfnClient }, { sesClient }, { documentClient }] = await Promise.all([
      import('#shared/adapters/workflow-engine'),
      import('#shared/adapters/mailer'),
      import('#shared/adapters/dynamodb'),
    ]);
    expect(instrumented(sfnClient)).toBe(true);
    expect(instrumented(sesClient)).toBe(true);
    expect(instrumented(documentClient)).toBe(true);
  });

  it('and left alone outside it (locally, in tests), where there is no X-Ray daemon', async () => {
    vi.stubEnv('AWS_EXECUTION_ENV', '');
    vi.resetModules();
    const { sfnClient } = await import('#shared/adapters/workflow-engine');
    expect(instrumented(sfnClient)).toBe(false);
  });
});
