/**
 * The local Step Functions stand-in, run on the tiny stack's synthesized state
 * machine with fake functions: request/response and callback tasks, Retry,
 * Catch, timeouts, Map, idempotent starts, stops, restarts; the AWS SDK and
 * CLI against the wire protocol; and DynamoDB Local from the global setup.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  DynamoDBClient,
  ListTablesCommand,
} from '@aws-sdk/client-dynamodb';
import {
  DescribeExecutionCommand,
  DescribeStateMachineCommand,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  SendTaskFailureCommand,
  SendTaskSuccessCommand,
  SFNClient,
  StartExecutionCommand,
  StopExecutionCommand,
} from '@aws-sdk/client-sfn';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { type AslDefinition, extractStateMachines, lambdaFunctionKeys } from '#local/asl';
import type { CfnTemplate } from '#local/cfn';
import { createTablesFromTemplate } from '#local/dynamodb-local';
import { createSfnProtocolServer } from '#local/sfn-endpoint';
import {
  type ExecutionStore,
  FileExecutionStore,
  LocalStepFunctions,
  type LocalStepFunctionsOptions,
} from '#local/state-machine-host';
import { suiteDynamoDbEndpoint } from '#test/support/lanes';
import { deadlineSeconds, scaled, waits } from '#test/support/timeouts';
import {
  DECISION_TIMEOUT_SECONDS,
  TINY_TABLE_NAME,
  tinyWorkflowTemplate,
} from '../support/tiny-workflow-stack.ts';

const STATE_MACHINE_ARN = 'arn:aws:states:local:000000000000:stateMachine:TinyWorkflow';

class TransientError extends Error {
  override name = 'TransientError';
}
class PermanentError extends Error {
  override name = 'PermanentError';
}

type Payload = Record<string, unknown>;
type FakeFunction = (payload: Payload) => Promise<unknown>;

let template: CfnTemplate;
let definition: AslDefinition;
let functionKeys: Map<string, string>;

// Everything any host logged, and every token any fake function received:
// the last test checks that no token ever reached a log line.
const allLogLines: string[] = [];
const allTokens: string[] = [];
const cleanups: Array<() => Promise<void>> = [];

beforeAll(() => {
  template = tinyWorkflowTemplate();
  const [machine] = extractStateMachines(template);
  if (!machine) throw new Error('the tiny stack has no state machine');
  definition = machine.definition;
  functionKeys = lambdaFunctionKeys(template);
}, scaled(30_000));

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/**
 * A host whose `worker` answers with `worker(payload)` (default: echo) and
 * whose `notify` records the callback payload (and its token) and returns.
 */
function startHost(
  fakes: { worker?: FakeFunction; notify?: FakeFunction } = {},
  options: Partial<LocalStepFunctionsOptions> = {},
) {
  const calls: Array<{ key: string; payload: Payload; at: number }> = [];
  const callbacks: Payload[] = [];
  const host = new LocalStepFunctions({
    stateMachineArn: STATE_MACHINE_ARN,
    definition,
    functionKeys,
    invoke: async (key, payload) => {
      const p = payload as Payload;
      calls.push({ key, payload: p, at: Date.now() });
      if (key === 'notify') {
        callbacks.push(p);
        allTokens.push(String(p.token));
        return fakes.notify ? fakes.notify(p) : { delivered: true };
      }
      if (key === 'worker') return fakes.worker ? fakes.worker(p) : { echoed: p.action };
      throw new Error(`unexpected function ${key}`);
    },
    log: (line) => allLogLines.push(line),
    ...options,
  });
  cleanups.push(() => host.shutdown());
  /** Resolves with the callback payloads once `count` callback tasks have started. */
  const callbacksReceived = async (count: number) => {
    await vi.waitFor(() => expect(callbacks.length).toBeGreaterThanOrEqual(count), {
      timeout: scaled(5_000),
      interval: 10,
    });
    return callbacks.slice(0, count);
  };
  return { host, calls, callbacks, callbacksReceived };
}

async function sfnClientFor(host: LocalStepFunctions): Promise<SFNClient> {
  const server = await createSfnProtocolServer(host, 0);
  const client = new SFNClient({
    endpoint: server.endpoint,
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
  cleanups.push(async () => {
    client.destroy();
    await server.close();
  });
  return client;
}

/** The error a promise rejects with (attached at once, so no rejection goes unhandled meanwhile). */
const errorOf = (promise: Promise<unknown>): Promise<unknown> =>
  promise.then(
    () => new Error('expected a rejection'),
    (error: unknown) => error,
  );

const outputOf = (record: { output?: string }) => JSON.parse(record.output ?? 'null') as Payload;

describe('LocalStepFunctions running the synthesized state machine', () => {
  it('runs request/response, callback and lambda:invoke tasks, driven through the AWS SDK', async () => {
    // Arrange
    const { host, calls, callbacksReceived } = startHost({
      worker: async (p) => (p.action === 'prepare' ? { prepared: p.applicationId } : { summarized: true }),
    });
    const sfn = await sfnClientFor(host);

    // Act
    const started = await sfn.send(
      new StartExecutionCommand({
        stateMachineArn: STATE_MACHINE_ARN,
        name: 'sdk-happy-path',
        input: JSON.stringify({ applicationId: 'A-1' }),
      }),
    );
    const [callback] = await callbacksReceived(1);
    const running = await sfn.send(new DescribeExecutionCommand({ executionArn: started.executionArn }));
    await sfn.send(
      new SendTaskSuccessCommand({
        taskToken: String(callback?.token),
        output: JSON.stringify({ approved: true }),
      }),
    );
    const finished = await host.waitForExecution(String(started.executionArn), waits.execution);
    const described = await sfn.send(new DescribeExecutionCommand({ executionArn: started.executionArn }));

    // Assert
    expect(started.executionArn).toBe(
      'arn:aws:states:local:000000000000:execution:TinyWorkflow:sdk-happy-path',
    );
    expect(started.startDate).toBeInstanceOf(Date);
    expect(running.status).toBe('RUNNING');
    expect(finished.status).toBe('SUCCEEDED');
    expect(described.status).toBe('SUCCEEDED');
    expect(described.stopDate).toBeInstanceOf(Date);
    expect(described.input).toBe(JSON.stringify({ applicationId: 'A-1' }));
    // Request/response: the effective input (after Parameters) in, the return value out.
    expect(calls[0]).toMatchObject({ key: 'worker', payload: { action: 'prepare', applicationId: 'A-1' } });
    // Callback: Payload with a fresh token, resumed by SendTaskSuccess.
    expect(callback).toMatchObject({ applicationId: 'A-1', stage: 'decision' });
    expect(String(callback?.token)).toMatch(/^[A-Za-z0-9_-]{64}$/);
    // lambda:invoke: the Payload parameter in, AWS's response envelope out (read by ResultSelector).
    expect(calls[2]).toMatchObject({ key: 'worker', payload: { action: 'summarize' } });
    expect(JSON.parse(String(described.output))).toEqual({
      applicationId: 'A-1',
      prepared: { prepared: 'A-1' },
      decision: { approved: true },
      summary: { summary: { summarized: true }, status: 200 },
    });
  });

  it('answers TaskTimedOut when a completed task is sent again, and TaskDoesNotExist for a token never issued', async () => {
    // Arrange
    const { host, callbacksReceived } = startHost();
    const sfn = await sfnClientFor(host);
    const { executionArn } = await host.startExecution({ input: '{"applicationId":"A-2"}' });
    const [callback] = await callbacksReceived(1);
    const token = String(callback?.token);
    await host.sendTaskSuccess({ taskToken: token, output: '{}' });
    await host.waitForExecution(executionArn, waits.execution);

    // Act
    const again = await errorOf(sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: '{}' })));
    const unknown = await errorOf(
      sfn.send(new SendTaskSuccessCommand({ taskToken: 'A'.repeat(64), output: '{}' })),
    );

    // Assert
    expect(again).toMatchObject({ name: 'TaskTimedOut', $metadata: { httpStatusCode: 400 } });
    expect(unknown).toMatchObject({ name: 'TaskDoesNotExist' });
    await expect(host.sendTaskHeartbeat({ taskToken: 'B'.repeat(64) })).rejects.toMatchObject({
      name: 'TaskDoesNotExist',
    });
    await expect(host.sendTaskSuccess({ taskToken: 'x'.repeat(2000), output: '{}' })).rejects.toMatchObject({
      name: 'InvalidToken',
    });
  });

  it('rejects output that is not JSON with InvalidOutput and keeps the task waiting', async () => {
    const { host, callbacksReceived } = startHost();
    const { executionArn } = await host.startExecution({ input: '{"applicationId":"A-3"}' });
    const [callback] = await callbacksReceived(1);
    const token = String(callback?.token);

    await expect(host.sendTaskSuccess({ taskToken: token, output: 'not json' })).rejects.toMatchObject({
      name: 'InvalidOutput',
    });
    await host.sendTaskSuccess({ taskToken: token, output: '"late but fine"' });

    expect(outputOf(await host.waitForExecution(executionArn, waits.execution)).decision).toBe(
      'late but fine',
    );
  });

  it('lets a Catch see the error and cause of SendTaskFailure', async () => {
    // Arrange
    const { host, callbacksReceived } = startHost();
    const sfn = await sfnClientFor(host);
    const { executionArn } = await host.startExecution({ input: '{"applicationId":"A-4"}' });
    const [callback] = await callbacksReceived(1);

    // Act
    await sfn.send(
      new SendTaskFailureCommand({
        taskToken: String(callback?.token),
        error: 'Rejected',
        cause: 'not eligible',
      }),
    );
    const record = await host.waitForExecution(executionArn, waits.execution);

    // Assert
    expect(record.status).toBe('SUCCEEDED');
    expect(outputOf(record)).toMatchObject({ rejection: { Error: 'Rejected', Cause: 'not eligible' } });
    expect(outputOf(record)).not.toHaveProperty('decision');
  });

  it('times a callback task out after TimeoutSeconds (States.Timeout) and then answers TaskTimedOut', async () => {
    // Arrange: the summarize step after the timeout waits until the test lets it
    // go, so the late answer arrives while the execution is still running.
    let release: () => void = () => {};
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    const { host, calls, callbacksReceived } = startHost({
      worker: async (p) => (p.action === 'summarize' ? released.then(() => ({})) : {}),
    });
    const sfn = await sfnClientFor(host);
    const { executionArn, startDate } = await host.startExecution({ input: '{"applicationId":"A-5"}' });
    const [callback] = await callbacksReceived(1);

    // Act: nobody answers in time
    await vi.waitFor(() => expect(calls.some((c) => c.payload.action === 'summarize')).toBe(true), {
      timeout: scaled(10_000),
      interval: 20,
    });
    const elapsed = Date.now() - startDate.getTime();
    const statusWhenLate = (await host.describeExecution({ executionArn })).status;
    const late = await errorOf(
      sfn.send(new SendTaskSuccessCommand({ taskToken: String(callback?.token), output: '{}' })),
    );
    release();
    const record = await host.waitForExecution(executionArn, waits.execution);
    const history = await sfn.send(new GetExecutionHistoryCommand({ executionArn }));

    // Assert
    expect(elapsed).toBeGreaterThanOrEqual(DECISION_TIMEOUT_SECONDS * 1000 - 50);
    expect(statusWhenLate).toBe('RUNNING');
    expect(late).toMatchObject({ name: 'TaskTimedOut' });
    expect(record.status).toBe('SUCCEEDED');
    expect(outputOf(record).decision).toBe('timeout');
    const timedOut = history.events?.find((event) => event.type === 'TaskTimedOut');
    expect(timedOut?.taskTimedOutEventDetails?.error).toBe('States.Timeout');
    expect(history.events?.map((event) => event.type)).toEqual(
      expect.arrayContaining([
        'ExecutionStarted',
        'TaskStateEntered',
        'PassStateEntered',
        'ExecutionSucceeded',
      ]),
    );
  });

  it('retries a transient error with BackoffRate, then succeeds', async () => {
    // Arrange: fails twice (MaxAttempts 2, IntervalSeconds 1, BackoffRate 2), then works
    let attempts = 0;
    const { host, calls } = startHost({
      worker: async (p) => {
        if (p.action !== 'prepare') return {};
        attempts += 1;
        if (attempts <= 2) throw new TransientError('registry busy');
        return { attempts };
      },
      notify: async (p) => {
        queueMicrotask(() => void host.sendTaskSuccess({ taskToken: String(p.token), output: '"ok"' }));
        return {};
      },
    });

    // Act
    const { executionArn } = await host.startExecution({ input: '{"applicationId":"A-6"}' });
    const record = await host.waitForExecution(executionArn, scaled(15_000));

    // Assert
    expect(record.status).toBe('SUCCEEDED');
    expect(outputOf(record).prepared).toEqual({ attempts: 3 });
    const times = calls.filter((c) => c.key === 'worker' && c.payload.action === 'prepare').map((c) => c.at);
    expect(times).toHaveLength(3);
    const [first = 0, second = 0, third = 0] = times;
    expect(second - first).toBeGreaterThanOrEqual(950); // 1 s
    expect(third - second).toBeGreaterThanOrEqual(1950); // 1 s × 2
  });

  it('stops retrying after MaxAttempts and lets the Catch route to a Fail state with Error and Cause', async () => {
    // Arrange
    const { host, calls } = startHost(
      {
        worker: async () => {
          throw new TransientError('registry down');
        },
      },
      { overrides: { retryIntervalOverrides: { Prepare: 0 } } },
    );

    // Act
    const { executionArn } = await host.startExecution({ input: '{"applicationId":"A-7"}' });
    const record = await host.waitForExecution(executionArn, waits.execution);

    // Assert
    expect(calls).toHaveLength(3);
    expect(record.status).toBe('FAILED');
    expect(record.error).toBe('TransientError');
    expect(JSON.parse(String(record.cause))).toEqual({
      errorType: 'TransientError',
      errorMessage: 'registry down',
    });
  });

  it('does not retry an error the Retry does not list', async () => {
    const { host, calls } = startHost({
      worker: async () => {
        throw new PermanentError('not in the registry');
      },
    });

    const { executionArn } = await host.startExecution({ input: '{"applicationId":"A-8"}' });
    const record = await host.waitForExecution(executionArn, waits.execution);

    expect(calls).toHaveLength(1);
    expect(record).toMatchObject({ status: 'FAILED', error: 'PermanentError' });
  });

  it('treats StartExecution with an existing name like AWS', async () => {
    // Arrange
    const { host, callbacksReceived } = startHost();
    const input = '{"applicationId":"A-9"}';
    const first = await host.startExecution({ name: 'application-A-9', input });

    // Act / Assert: same name and input while RUNNING → the same execution
    const again = await host.startExecution({ name: 'application-A-9', input });
    expect(again).toEqual(first);
    await expect(
      host.startExecution({ name: 'application-A-9', input: '{"applicationId":"other"}' }),
    ).rejects.toMatchObject({
      name: 'ExecutionAlreadyExists',
    });
    const [callback] = await callbacksReceived(1);
    await host.sendTaskSuccess({ taskToken: String(callback?.token), output: '{}' });
    await host.waitForExecution(first.executionArn, waits.execution);
    // Closed: even the same input is refused.
    await expect(host.startExecution({ name: 'application-A-9', input })).rejects.toMatchObject({
      name: 'ExecutionAlreadyExists',
    });
    await expect(host.startExecution({ name: 'has space', input })).rejects.toMatchObject({
      name: 'InvalidName',
    });
    await expect(host.startExecution({ input: '{not json' })).rejects.toMatchObject({
      name: 'InvalidExecutionInput',
    });
    expect((await host.startExecution({ input })).executionArn).toMatch(
      /:execution:TinyWorkflow:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
    );
  });

  it('stops an execution: ABORTED with error and cause, its token retired, nothing else runs', async () => {
    // Arrange
    const { host, calls, callbacksReceived } = startHost();
    const sfn = await sfnClientFor(host);
    const { executionArn } = await host.startExecution({
      name: 'to-stop',
      input: '{"applicationId":"A-10"}',
    });
    const [callback] = await callbacksReceived(1);

    // Act
    const stopped = await sfn.send(
      new StopExecutionCommand({ executionArn, error: 'Withdrawn', cause: 'by applicant' }),
    );
    const described = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    const late = await errorOf(host.sendTaskSuccess({ taskToken: String(callback?.token), output: '{}' }));
    await new Promise((resolve) => setTimeout(resolve, 100));

    // Assert
    expect(stopped.stopDate).toBeInstanceOf(Date);
    expect(described).toMatchObject({ status: 'ABORTED', error: 'Withdrawn', cause: 'by applicant' });
    expect(late).toMatchObject({ name: 'TaskTimedOut' });
    expect(calls.map((c) => c.key)).toEqual(['worker', 'notify']);
    const listed = await sfn.send(
      new ListExecutionsCommand({ stateMachineArn: STATE_MACHINE_ARN, statusFilter: 'ABORTED' }),
    );
    expect(listed.executions?.map((e) => e.name)).toEqual(['to-stop']);
    await expect(
      sfn.send(new DescribeExecutionCommand({ executionArn: `${executionArn}-nope` })),
    ).rejects.toMatchObject({
      name: 'ExecutionDoesNotExist',
    });
  });

  it('gives each of 3 parallel Map iterations its own token and collects results in item order', async () => {
    // Arrange
    const { host, callbacksReceived } = startHost();
    const { executionArn } = await host.startExecution({
      input: JSON.stringify({ applicationId: 'A-11', mode: 'review', reviewers: ['r1', 'r2', 'r3'] }),
    });

    // Act: all three wait at once; answer in reverse order
    const callbacks = await callbacksReceived(3);
    for (const callback of [...callbacks].reverse()) {
      await host.sendTaskSuccess({
        taskToken: String(callback.token),
        output: JSON.stringify({
          reviewer: callback.reviewer,
          score: Number(String(callback.reviewer).slice(1)),
        }),
      });
    }
    const record = await host.waitForExecution(executionArn, waits.execution);

    // Assert
    expect(new Set(callbacks.map((c) => c.token)).size).toBe(3);
    expect(callbacks.map((c) => c.reviewer).sort()).toEqual(['r1', 'r2', 'r3']);
    expect(callbacks.every((c) => c.applicationId === 'A-11' && c.stage === 'review')).toBe(true);
    expect(record.status).toBe('SUCCEEDED');
    expect(outputOf(record).reviews).toEqual([
      { reviewer: 'r1', score: 1 },
      { reviewer: 'r2', score: 2 },
      { reviewer: 'r3', score: 3 },
    ]);
  });

  it('resumes executions a restart interrupted, from a file store, with the input the runtime chooses', async () => {
    // Arrange: a first process with two executions waiting on callbacks
    const dir = await mkdtemp(join(tmpdir(), 'sfn-store-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const storePath = join(dir, 'executions.json');
    const first = startHost({}, { store: new FileExecutionStore(storePath) });
    const resumable = await first.host.startExecution({
      name: 'resumable',
      input: '{"applicationId":"A-12"}',
    });
    const dropped = await first.host.startExecution({ name: 'dropped', input: '{"applicationId":"A-13"}' });
    const oldCallbacks = await first.callbacksReceived(2);

    // Act: the process goes away, a new one starts on the same file
    await first.host.shutdown();
    const store: ExecutionStore = new FileExecutionStore(storePath);
    const second = startHost({}, { store });
    const before = await second.host.describeExecution({ executionArn: resumable.executionArn });
    const resumed = await second.host.resumeInterrupted(async (execution) =>
      execution.name === 'resumable' ? { applicationId: 'A-12', resumedAt: 'decision' } : null,
    );
    const [newCallback] = await second.callbacksReceived(1);
    await second.host.sendTaskSuccess({
      taskToken: String(newCallback?.token),
      output: '{"approved":false}',
    });
    const record = await second.host.waitForExecution(resumable.executionArn, waits.execution);
    const droppedRecord = await second.host.describeExecution({ executionArn: dropped.executionArn });

    // Assert
    expect(before.status).toBe('RUNNING');
    expect(resumed).toBe(1);
    expect(newCallback).toMatchObject({ applicationId: 'A-12', stage: 'decision' });
    expect(record.status).toBe('SUCCEEDED');
    expect(outputOf(record)).toMatchObject({ resumedAt: 'decision', decision: { approved: false } });
    expect(record.input).toBe('{"applicationId":"A-12"}');
    expect(record.resumes).toHaveLength(1);
    expect(droppedRecord.status).toBe('ABORTED');
    // Old tokens died with the old process; none was ever written to disk.
    await expect(
      second.host.sendTaskSuccess({ taskToken: String(oldCallbacks[0]?.token), output: '{}' }),
    ).rejects.toMatchObject({ name: 'TaskDoesNotExist' });
    await expect(
      first.host.sendTaskSuccess({ taskToken: String(oldCallbacks[0]?.token), output: '{}' }),
    ).rejects.toMatchObject({ name: 'TaskTimedOut' });
    const onDisk = await readFile(storePath, 'utf8');
    for (const callback of [...oldCallbacks, newCallback])
      expect(onDisk).not.toContain(String(callback?.token));
  });

  it('enforces HeartbeatSeconds, which the engine ignores, and matches it with States.Timeout', async () => {
    // Arrange: a hand-written definition (the tiny stack has no heartbeat)
    const fnArn = [...functionKeys.entries()].find(
      ([arn, key]) => key === 'notify' && arn.startsWith('arn:'),
    )?.[0];
    const heartbeatDefinition: AslDefinition = {
      StartAt: 'Wait',
      States: {
        Wait: {
          Type: 'Task',
          Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
          Parameters: { FunctionName: fnArn, Payload: { 'token.$': '$$.Task.Token', 'beat.$': '$.beat' } },
          // The beats come every 400 ms: a busy machine must not stretch them past the limit.
          HeartbeatSeconds: deadlineSeconds(1),
          TimeoutSeconds: 20,
          Catch: [{ ErrorEquals: ['States.Timeout'], ResultPath: '$.error', Next: 'Done' }],
          End: true,
        },
        Done: { Type: 'Pass', End: true },
      },
    };
    const { host, callbacks, callbacksReceived } = startHost({}, { definition: heartbeatDefinition });

    // Act: one execution beats every 400 ms for 1.6 s then succeeds; the other never beats
    const beating = await host.startExecution({ input: '{"beat":true}' });
    const silent = await host.startExecution({ input: '{"beat":false}' });
    await callbacksReceived(2);
    const beatingToken = String(callbacks.find((c) => c.beat === true)?.token);
    for (let i = 0; i < 4; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 400));
      await host.sendTaskHeartbeat({ taskToken: beatingToken });
    }
    await host.sendTaskSuccess({ taskToken: beatingToken, output: '"alive"' });

    // Assert
    expect(await host.waitForExecution(beating.executionArn, waits.execution)).toMatchObject({
      status: 'SUCCEEDED',
      output: '"alive"',
    });
    const silentRecord = await host.waitForExecution(silent.executionArn, waits.execution);
    expect(outputOf(silentRecord).error).toMatchObject({ Error: 'States.HeartbeatTimeout' });
  });

  it('refuses a definition with a Task resource it cannot run', () => {
    const withSdkTask: AslDefinition = {
      StartAt: 'Put',
      States: { Put: { Type: 'Task', Resource: 'arn:aws:states:::dynamodb:putItem', End: true } },
    };
    expect(() => startHost({}, { definition: withSdkTask })).toThrow(/dynamodb:putItem/);
  });

  it('answers the AWS CLI', async (context) => {
    // Debian's awscli; skipped where it is not installed.
    const aws = ['/usr/bin/aws', '/usr/local/bin/aws', join(process.env.HOME ?? '', '.pyenv/shims/aws')].find(
      existsSync,
    );
    if (!aws) context.skip();
    const { host } = startHost({
      worker: async () => {
        throw new PermanentError('stop early');
      },
    });
    const server = await createSfnProtocolServer(host, 0);
    cleanups.push(() => server.close());
    const { executionArn } = await host.startExecution({ name: 'cli', input: '{"applicationId":"A-14"}' });
    await host.waitForExecution(executionArn, waits.execution);

    const { stdout } = await promisify(execFile)(
      String(aws),
      [
        'stepfunctions',
        'describe-execution',
        '--endpoint-url',
        server.endpoint,
        '--execution-arn',
        executionArn,
      ],
      {
        env: {
          ...process.env,
          AWS_ACCESS_KEY_ID: 'local',
          AWS_SECRET_ACCESS_KEY: 'local',
          AWS_DEFAULT_REGION: 'local',
          AWS_REGION: 'local',
        },
      },
    );

    expect(JSON.parse(stdout)).toMatchObject({ executionArn, status: 'FAILED', error: 'PermanentError' });
  });

  it('describes the state machine through the SDK', async () => {
    const { host } = startHost();
    const sfn = await sfnClientFor(host);

    const described = await sfn.send(new DescribeStateMachineCommand({ stateMachineArn: STATE_MACHINE_ARN }));

    expect(described).toMatchObject({ name: 'TinyWorkflow', status: 'ACTIVE', type: 'STANDARD' });
    expect(JSON.parse(String(described.definition)).StartAt).toBe('Prepare');
  });

  it('never wrote a task token to the log', () => {
    expect(allTokens.length).toBeGreaterThan(10);
    expect(allLogLines.length).toBeGreaterThan(50);
    const leaks = allLogLines.filter((line) => allTokens.some((token) => line.includes(token)));
    expect(leaks).toEqual([]);
  });
});

describe('DynamoDB Local from the global setup', () => {
  let client: DynamoDBClient;
  afterAll(() => client?.destroy());

  it('answers on the endpoint in AWS_ENDPOINT_URL_DYNAMODB', async () => {
    expect(process.env.AWS_ENDPOINT_URL_DYNAMODB).toBe(suiteDynamoDbEndpoint());
    // No endpoint or credentials here: the SDK takes them from the environment, as product code does.
    client = new DynamoDBClient({});
    await expect(client.send(new ListTablesCommand({}))).resolves.toHaveProperty('TableNames');
  });

  it('creates the tiny stack tables with their GSI and TTL, once', async () => {
    // Arrange
    client ??= new DynamoDBClient({});

    // Act
    const tables = await createTablesFromTemplate(template, client);
    const again = await createTablesFromTemplate(template, client);
    const { Table } = await client.send(new DescribeTableCommand({ TableName: TINY_TABLE_NAME }));
    const ttl = await client.send(new DescribeTimeToLiveCommand({ TableName: TINY_TABLE_NAME }));

    // Assert
    const sessionsId = Object.keys(tables).find((id) => id.startsWith('Sessions')) ?? '';
    expect(Object.values(tables).sort()).toEqual([sessionsId, TINY_TABLE_NAME].sort());
    expect(again).toEqual(tables);
    expect(Table?.KeySchema).toEqual([
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ]);
    expect(Table?.BillingModeSummary?.BillingMode).toBe('PAY_PER_REQUEST');
    expect(Table?.GlobalSecondaryIndexes?.map((index) => index.IndexName)).toEqual(['byStatus']);
    expect(Table?.GlobalSecondaryIndexes?.[0]?.KeySchema?.[0]).toEqual({
      AttributeName: 'status',
      KeyType: 'HASH',
    });
    expect(ttl.TimeToLiveDescription).toMatchObject({
      TimeToLiveStatus: 'ENABLED',
      AttributeName: 'expiresAt',
    });
  });
});
