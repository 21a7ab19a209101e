import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ApplicationClosedError, asStepError, isTransientFailure, TransientError } from '#shared/errors';
import { stepHandler } from '#shared/steps/step-handler';

/** An error shaped as the AWS SDK v3 or Node raise it. */
function failure(name: string, extra: Record<string, unknown> = {}, message = name): Error {
  return Object.assign(new Error(message), { name }, extra);
}

const connectRefused = () =>
  failure(
    'Error',
    { code: 'ECONNREFUSED', errno: -111, syscall: 'connect' },
    'connect ECONNREFUSED 127.0.0.1:8000',
  );

describe('isTransientFailure: outages and throttling of every service a step calls', () => {
  it.each([
    ['DynamoDB Local killed (connect ECONNREFUSED, name Error)', connectRefused()],
    ['a connection reset mid-request', failure('Error', { code: 'ECONNRESET' })],
    ['a connect timeout', failure('Error', { code: 'ETIMEDOUT' })],
    ["the SDK's request timeout", failure('TimeoutError')],
    ['DynamoDB throttling', failure('ProvisionedThroughputExceededException')],
    ['DynamoDB request limit', failure('RequestLimitExceeded')],
    ['Secrets Manager / Step Functions throttling', failure('ThrottlingException')],
    ['SES v2 throttling', failure('TooManyRequestsException')],
    ['SES v1 throttling', failure('Throttling')],
    ['a 503 from any service', failure('ServiceUnavailable', { $metadata: { httpStatusCode: 503 } })],
    ['an unnamed 500', failure('UnknownError', { $metadata: { httpStatusCode: 500 } })],
    ['anything the SDK marks retryable', failure('SomethingNew', { $retryable: { throttling: false } })],
    [
      'a transaction cancelled by throttling',
      failure('TransactionCanceledException', {
        CancellationReasons: [{ Code: 'None' }, { Code: 'ThrottlingError' }],
      }),
    ],
    [
      'a refused dual-stack connect (AggregateError)',
      Object.assign(new AggregateError([connectRefused(), connectRefused()], ''), { code: 'ECONNREFUSED' }),
    ],
    ['a network error wrapped as a cause', new Error('send failed', { cause: connectRefused() })],
  ])('%s is transient', (_label, error) => {
    expect(isTransientFailure(error)).toBe(true);
    const mapped = asStepError(error);
    expect(mapped).toBeInstanceOf(TransientError);
    expect((mapped as Error).name).toBe('TransientError');
    expect((mapped as Error).cause).toBe(error);
  });

  it.each([
    [
      'a condition failure',
      failure('ConditionalCheckFailedException', { $metadata: { httpStatusCode: 400 } }),
    ],
    ['a validation error', failure('ValidationException', { $metadata: { httpStatusCode: 400 } })],
    ['access denied', failure('AccessDeniedException', { $metadata: { httpStatusCode: 403 } })],
    ['a missing table', failure('ResourceNotFoundException')],
    ['a closed application', new ApplicationClosedError('withdrawn')],
    ['a programming error', new TypeError('x is undefined')],
    [
      'a cancelled transaction on a condition',
      failure('TransactionCanceledException', { CancellationReasons: [{ Code: 'ConditionalCheckFailed' }] }),
    ],
    ['not an error at all', 'boom'],
  ])('%s passes unchanged', (_label, error) => {
    expect(isTransientFailure(error)).toBe(false);
    expect(asStepError(error)).toBe(error);
  });

  it('names the original error in the message, without its stack', () => {
    expect((asStepError(connectRefused()) as Error).message).toBe(
      'ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:8000',
    );
    expect((asStepError(failure('ThrottlingException', {}, 'Rate exceeded')) as Error).message).toBe(
      'ThrottlingException: Rate exceeded',
    );
  });
});

describe('stepHandler classifies at the edge', () => {
  const schema = z.object({ applicationId: z.string() });
  const context = { awsRequestId: 'r', functionName: 'f' } as never;

  it('turns a DynamoDB connect ECONNREFUSED into the TransientError the state machine retries', async () => {
    const handler = stepHandler(schema, async () => {
      throw connectRefused();
    });
    await expect(handler({ applicationId: 'app_1' }, context)).rejects.toMatchObject({
      name: 'TransientError',
    });
  });

  it('passes the errors a Catch routes on unchanged, and results through', async () => {
    const closed = stepHandler(schema, async () => {
      throw new ApplicationClosedError('withdrawn');
    });
    await expect(closed({ applicationId: 'app_1' }, context)).rejects.toMatchObject({
      name: 'ApplicationClosed',
    });
    const ok = stepHandler(schema, async (input) => ({ seen: input.applicationId }));
    await expect(ok({ applicationId: 'app_1' }, context)).resolves.toEqual({ seen: 'app_1' });
  });
});
