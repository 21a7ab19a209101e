/**
 * Runs the synthesized state machine in aws-local-stepfunctions and adds what
 * the engine leaves to its caller, so the product sees Step Functions as on
 * AWS: execution records and names, task tokens, callback tasks
 * (`.waitForTaskToken`) resumed by SendTaskSuccess/Failure, Lambda tasks
 * dispatched to the product's handlers, and AWS's error codes.
 *
 * The engine calls a local handler per Task state with the state's effective
 * input (after InputPath and Parameters, so `$$.Task.Token` is already
 * resolved) and uses what it returns as the result (before ResultSelector,
 * ResultPath, OutputPath). A rejection's `name` is the error Retry and Catch
 * match, its `message` the Cause.
 */
import './polyfills.ts';
import { randomBytes, randomUUID } from 'node:crypto';
import {
  ExecutionAbortedError,
  ExecutionError,
  ExecutionTimeoutError,
  type RunOptions,
  StateMachine,
} from 'aws-local-stepfunctions';
import { type AslDefinition, type AslState, forEachState, unsupportedLocally } from './asl.ts';
import { LOCAL_ACCOUNT, LOCAL_PARTITION, LOCAL_REGION } from './cfn.ts';
import { type ExecutionStore, InMemoryExecutionStore, type StoredExecution } from './execution-store.ts';
import {
  haltError,
  LAMBDA_ARN,
  LAMBDA_INVOKE,
  LAMBDA_INVOKE_CALLBACK,
  lambdaFunctionError,
  prepareForEngine,
  taskSeconds,
  toJson,
} from './state-machine/engine.ts';
import { type HistoryEvent, toHistoryEvent } from './state-machine/execution-history.ts';
import { redactTokens } from './state-machine/log-redaction.ts';
import {
  assertExecutionArn,
  assertExecutionName,
  type DescribeExecutionOutputLike,
  describeOutput,
  type ExecutionListItemLike,
  listPage,
  parseExecutionInput,
  parseTaskOutput,
  SfnError,
  type StateMachineDescription,
} from './state-machine/sfn-api.ts';
import { type ActiveRun, type PendingTask, TaskTokens, tokensIn } from './state-machine/task-tokens.ts';

// The parts live in local/state-machine/: the API's shapes and checks (sfn-api.ts), where the engine
// differs from AWS (engine.ts), the callback-task token registry (task-tokens.ts), history
// translation (history.ts) and log redaction (log-redaction.ts). This file runs executions.
export {
  type ExecutionStatus,
  type ExecutionStore,
  FileExecutionStore,
  InMemoryExecutionStore,
  type StoredExecution,
} from './execution-store.ts';
export type { HistoryEvent } from './state-machine/execution-history.ts';
export {
  type DescribeExecutionOutputLike,
  type ExecutionListItemLike,
  SfnError,
  type StateMachineDescription,
} from './state-machine/sfn-api.ts';

/** Runs the product's handler registered under `functionKey` (the `app:function` tag) with `payload`. */
export type TaskInvoker = (functionKey: string, payload: unknown) => Promise<unknown>;

/** Handles a Task `Resource` the host does not emulate itself (for example an SDK integration). */
export type ResourceHandler = (
  input: unknown,
  task: { stateName: string; executionArn: string },
) => Promise<unknown>;

type RunOverrides = NonNullable<RunOptions['overrides']>;

export interface LocalStepFunctionsOptions {
  /** e.g. arn:aws:states:local:000000000000:stateMachine:ApplicationWorkflow */
  stateMachineArn: string;
  definition: AslDefinition;
  /** From lambdaFunctionKeys(): placeholder function ARN or name → function key. */
  functionKeys: Map<string, string>;
  invoke: TaskInvoker;
  /** Default: in memory. Use FileExecutionStore to survive restarts. */
  store?: ExecutionStore;
  /** One line per execution event worth seeing. Never receives a task token. */
  log?: (line: string) => void;
  /** Extra Task resources by `Resource` ARN; Lambda resources are built in. */
  resourceHandlers?: Record<string, ResourceHandler>;
  /** Passed to the engine: shorten Wait states and Retry intervals (milliseconds, by state name). */
  overrides?: Pick<RunOverrides, 'waitTimeOverrides' | 'retryIntervalOverrides'>;
  /** Reported by DescribeStateMachine. */
  roleArn?: string;
}

export class LocalStepFunctions {
  readonly stateMachineArn: string;
  readonly stateMachineName: string;
  readonly definition: AslDefinition;
  readonly #engine: StateMachine;
  readonly #options: LocalStepFunctionsOptions;
  readonly #store: ExecutionStore;
  readonly #log: (line: string) => void;
  readonly #createdAt = new Date();
  readonly #taskStates = new Map<string, AslState>();

  readonly #runs = new Map<string, ActiveRun>();
  readonly #tokens = new TaskTokens();
  readonly #histories = new Map<string, HistoryEvent[]>();
  readonly #statusListeners = new Set<() => void>();
  #lock: Promise<unknown> = Promise.resolve();
  #shutDown = false;
  #statusVersion = 0;

  constructor(options: LocalStepFunctionsOptions) {
    this.#options = options;
    this.stateMachineArn = options.stateMachineArn;
    this.stateMachineName = options.stateMachineArn.split(':').at(-1) ?? 'StateMachine';
    this.definition = options.definition;
    this.#store = options.store ?? new InMemoryExecutionStore();
    this.#log = options.log ?? (() => {});

    const unsupported = unsupportedLocally(options.definition);
    if (unsupported.length > 0) {
      throw new Error(`The local engine would silently ignore: ${unsupported.join('; ')}`);
    }
    const unknownResources: string[] = [];
    forEachState(options.definition, (name, state) => {
      if (state.Type !== 'Task') return;
      this.#taskStates.set(name, state);
      const resource = String(state.Resource);
      const known =
        LAMBDA_ARN.test(resource) ||
        LAMBDA_INVOKE.test(resource) ||
        LAMBDA_INVOKE_CALLBACK.test(resource) ||
        resource in (options.resourceHandlers ?? {});
      if (!known) unknownResources.push(`${name} (${resource})`);
    });
    if (unknownResources.length > 0) {
      throw new Error(
        `No local handler for Task resources: ${unknownResources.join(', ')}. Pass them in resourceHandlers.`,
      );
    }
    this.#engine = new StateMachine(prepareForEngine(options.definition));
  }

  // --- Step Functions API -------------------------------------------------

  async startExecution(req: {
    name?: string;
    input?: string;
    stateMachineArn?: string;
  }): Promise<{ executionArn: string; startDate: Date }> {
    this.#assertOpen();
    if (req.stateMachineArn !== undefined && req.stateMachineArn !== this.stateMachineArn) {
      throw new SfnError(
        'StateMachineDoesNotExist',
        `State Machine Does Not Exist: '${req.stateMachineArn}'`,
      );
    }
    const name = req.name ?? randomUUID();
    assertExecutionName(name);
    const input = req.input ?? '{}';
    const parsedInput = parseExecutionInput(input);
    const executionArn = this.executionArn(name);
    return this.#serially(async () => {
      const existing = await this.#store.get(executionArn);
      if (existing) {
        // StartExecution is idempotent for a running execution with the same name and input.
        if (existing.status === 'RUNNING' && existing.input === input) {
          return { executionArn, startDate: new Date(existing.startDate) };
        }
        throw new SfnError('ExecutionAlreadyExists', `Execution Already Exists: '${executionArn}'`);
      }
      const record: StoredExecution = {
        executionArn,
        stateMachineArn: this.stateMachineArn,
        name,
        input,
        status: 'RUNNING',
        startDate: new Date().toISOString(),
      };
      await this.#store.put(record);
      this.#launch(record, parsedInput);
      return { executionArn, startDate: new Date(record.startDate) };
    });
  }

  async describeExecution(req: { executionArn: string }): Promise<DescribeExecutionOutputLike> {
    return describeOutput(await this.#record(req.executionArn));
  }

  async stopExecution(req: {
    executionArn: string;
    error?: string;
    cause?: string;
  }): Promise<{ stopDate: Date }> {
    return this.#serially(async () => {
      const record = await this.#record(req.executionArn);
      if (record.status !== 'RUNNING') return { stopDate: new Date(record.stopDate ?? Date.now()) };
      const stopped: StoredExecution = {
        ...record,
        status: 'ABORTED',
        stopDate: new Date().toISOString(),
        ...(req.error !== undefined ? { error: req.error } : {}),
        ...(req.cause !== undefined ? { cause: req.cause } : {}),
      };
      await this.#store.put(stopped);
      const run = this.#runs.get(record.executionArn);
      if (run) this.#halt(run, 'The execution was stopped');
      this.#logLine(`${record.name} aborted by StopExecution`);
      this.#notify();
      return { stopDate: new Date(stopped.stopDate ?? Date.now()) };
    });
  }

  async sendTaskSuccess(req: { taskToken: string; output: string }): Promise<void> {
    const task = this.#tokens.find(req.taskToken);
    const output = parseTaskOutput(req.output);
    this.#tokens.close(task);
    this.#logLine(`${this.#nameOf(task.run)} ${task.stateName}: SendTaskSuccess`);
    task.resolve(output);
  }

  async sendTaskFailure(req: { taskToken: string; error?: string; cause?: string }): Promise<void> {
    const task = this.#tokens.find(req.taskToken);
    this.#tokens.close(task);
    const error = new Error(req.cause ?? '');
    error.name = req.error ?? '';
    this.#logLine(`${this.#nameOf(task.run)} ${task.stateName}: SendTaskFailure ${req.error ?? ''}`);
    task.reject(error);
  }

  async sendTaskHeartbeat(req: { taskToken: string }): Promise<void> {
    const task = this.#tokens.find(req.taskToken);
    if (task.heartbeatMs !== undefined) this.#tokens.armHeartbeat(task);
  }

  async getExecutionHistory(req: {
    executionArn: string;
    reverseOrder?: boolean;
  }): Promise<{ events: HistoryEvent[] }> {
    const record = await this.#record(req.executionArn);
    // History lives in memory: after a restart only the events of the resumed run are known.
    const events = (this.#histories.get(record.executionArn) ?? []).map((event) => ({ ...event }));
    return { events: req.reverseOrder ? events.reverse() : events };
  }

  async listExecutions(
    req: { statusFilter?: string; maxResults?: number; nextToken?: string } = {},
  ): Promise<{ executions: ExecutionListItemLike[]; nextToken?: string }> {
    return listPage(await this.#store.list(), this.stateMachineArn, req);
  }

  describeStateMachine(): StateMachineDescription {
    return {
      stateMachineArn: this.stateMachineArn,
      name: this.stateMachineName,
      definition: JSON.stringify(this.definition),
      roleArn:
        this.#options.roleArn ??
        `arn:${LOCAL_PARTITION}:iam::${LOCAL_ACCOUNT}:role/${this.stateMachineName}Role`,
      type: 'STANDARD',
      status: 'ACTIVE',
      creationDate: this.#createdAt,
    };
  }

  executionArn(name: string): string {
    return `${this.stateMachineArn.replace(':stateMachine:', ':execution:')}:${name}`;
  }

  // --- Local runtime lifecycle --------------------------------------------

  /**
   * After a restart: executions recorded RUNNING whose run was lost (no run in
   * this process) are re-run under the same ARN with the input `nextInput`
   * returns (for example `{ applicationId, stage }`, so the workflow picks up
   * where the records say it was). `null` marks the execution ABORTED.
   * @returns how many executions were re-run.
   */
  async resumeInterrupted(
    nextInput: (execution: StoredExecution) => Promise<unknown | null>,
  ): Promise<number> {
    this.#assertOpen();
    const lost = (await this.#store.list()).filter(
      (record) =>
        record.stateMachineArn === this.stateMachineArn &&
        record.status === 'RUNNING' &&
        !this.#runs.has(record.executionArn),
    );
    let resumed = 0;
    for (const record of lost) {
      let input: unknown;
      let failure: string | undefined;
      try {
        input = await nextInput(structuredClone(record));
      } catch (error) {
        failure = `Could not work out how to resume it: ${(error as Error).message}`;
      }
      await this.#serially(async () => {
        const current = await this.#store.get(record.executionArn);
        if (current?.status !== 'RUNNING' || this.#runs.has(record.executionArn)) return;
        if (input === null || input === undefined || failure) {
          await this.#store.put({
            ...current,
            status: 'ABORTED',
            stopDate: new Date().toISOString(),
            error: 'Local.RuntimeRestarted',
            cause:
              failure ?? 'The local runtime restarted while this execution was running; it was not resumed.',
          });
          this.#logLine(`${current.name} not resumed after restart: aborted`);
          this.#notify();
          return;
        }
        const json = JSON.stringify(toJson(input));
        const updated: StoredExecution = {
          ...current,
          resumes: [...(current.resumes ?? []), { date: new Date().toISOString(), input: json }],
        };
        await this.#store.put(updated);
        this.#logLine(`${current.name} resumed after restart`);
        this.#launch(updated, JSON.parse(json));
        resumed += 1;
      });
    }
    return resumed;
  }

  /** Resolves with the record once the execution is no longer RUNNING (tests and demos). */
  async waitForExecution(executionArn: string, timeoutMs = 30_000): Promise<StoredExecution> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const seen = this.#statusVersion;
      const record = await this.#record(executionArn);
      if (record.status !== 'RUNNING') return record;
      // A status changed while we were reading: read again rather than wait for the next change.
      if (seen !== this.#statusVersion) continue;
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw new Error(`Execution ${executionArn} still RUNNING after ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          this.#statusListeners.delete(done);
          resolve();
        };
        const timer = setTimeout(done, remaining);
        this.#statusListeners.add(done);
      });
    }
  }

  /**
   * Stops every run WITHOUT recording an outcome: the store still says
   * RUNNING, so the next process finds them with resumeInterrupted. Pending
   * task tokens die here, as they would with the process.
   */
  async shutdown(): Promise<void> {
    this.#shutDown = true;
    const runs = [...this.#runs.values()];
    for (const run of runs) this.#halt(run, 'The local runtime shut down');
    await Promise.all(runs.map((run) => run.finished));
    await this.#serially(async () => {});
  }

  // --- Runs ---------------------------------------------------------------

  #launch(record: StoredExecution, input: unknown): void {
    const run: ActiveRun = {
      executionArn: record.executionArn,
      issued: new Set(),
      tasks: new Set(),
      stopped: false,
      abort: () => {},
      finished: Promise.resolve(),
    };
    this.#runs.set(record.executionArn, run);
    const issueToken = () => {
      const token = randomBytes(48).toString('base64url');
      run.issued.add(token);
      return token;
    };
    const context = {
      Execution: {
        Id: record.executionArn,
        Name: record.name,
        RoleArn: this.describeStateMachine().roleArn,
        StartTime: record.startDate,
      },
      StateMachine: { Id: this.stateMachineArn, Name: this.stateMachineName },
      // The engine keeps this object by reference, so every evaluation of
      // `$$.Task.Token` (each task, Map iteration and retry) gets a fresh token.
      Task: {
        get Token() {
          return issueToken();
        },
      },
    };
    const handlers: Record<string, (input: unknown) => Promise<unknown>> = {};
    for (const [stateName, state] of this.#taskStates) {
      handlers[stateName] = (taskInput) => this.#runTask(run, stateName, state, taskInput);
    }
    const execution = this.#engine.run(toJson(input) as never, {
      overrides: {
        ...this.#options.overrides,
        taskResourceLocalHandlers: handlers as NonNullable<RunOverrides['taskResourceLocalHandlers']>,
      },
      context,
    });
    run.abort = execution.abort;
    this.#histories.set(record.executionArn, this.#histories.get(record.executionArn) ?? []);
    void this.#recordEvents(run, record.name, execution.eventLogs);
    run.finished = execution.result.then(
      (output) => this.#finish(run, { status: 'SUCCEEDED', output: JSON.stringify(output ?? null) }),
      (error: unknown) => {
        if (error instanceof ExecutionTimeoutError) {
          return this.#finish(run, {
            status: 'TIMED_OUT',
            error: 'States.Timeout',
            cause: 'Execution timed out',
          });
        }
        if (error instanceof ExecutionAbortedError) return this.#finish(run, undefined);
        const failure = error instanceof ExecutionError && error.cause instanceof Error ? error.cause : error;
        const name = failure instanceof Error ? failure.name : 'Error';
        const message = failure instanceof Error ? failure.message : String(failure);
        return this.#finish(run, { status: 'FAILED', error: name, cause: message });
      },
    );
    this.#logLine(`${record.name} started`);
  }

  async #finish(run: ActiveRun, outcome: Partial<StoredExecution> | undefined): Promise<void> {
    this.#endTasks(run, 'The execution ended');
    this.#runs.delete(run.executionArn);
    if (run.stopped || !outcome) return;
    await this.#serially(async () => {
      const record = await this.#store.get(run.executionArn);
      if (record?.status !== 'RUNNING') return;
      await this.#store.put({ ...record, ...outcome, stopDate: new Date().toISOString() });
      const detail = outcome.error ? ` (${outcome.error})` : '';
      this.#logLine(`${record.name} ${String(outcome.status).toLowerCase()}${detail}`);
    });
    this.#notify();
  }

  /** Abort the engine run and release its waiting tasks, recording nothing. */
  #halt(run: ActiveRun, why: string): void {
    run.stopped = true;
    run.abort();
    this.#endTasks(run, why);
  }

  #endTasks(run: ActiveRun, why: string): void {
    for (const task of [...run.tasks]) {
      this.#tokens.close(task);
      // Settle the engine's await so it unwinds; the halt flags keep Retry and Catch out of it.
      task.reject(haltError(why));
    }
    run.issued.clear();
  }

  async #recordEvents(run: ActiveRun, executionName: string, events: AsyncIterable<unknown>): Promise<void> {
    const history = this.#histories.get(run.executionArn) ?? [];
    for await (const event of events) {
      const entry = toHistoryEvent(event, history.length + 1);
      history.push(entry);
      if (entry.type.endsWith('StateEntered')) {
        this.#logLine(
          `${executionName} -> ${entry.stateName}${entry.index !== undefined ? `[${entry.index}]` : ''}`,
        );
      } else if (entry.type === 'StateRetried' || entry.type === 'StateCaught') {
        this.#logLine(
          `${executionName} ${entry.stateName}: ${entry.type === 'StateRetried' ? 'retry' : 'caught'}`,
        );
      } else if (entry.type === 'TaskFailed' || entry.type === 'TaskTimedOut') {
        this.#logLine(`${executionName} ${entry.stateName}: ${entry.error}`);
      }
    }
  }

  // --- Tasks --------------------------------------------------------------

  async #runTask(run: ActiveRun, stateName: string, state: AslState, input: unknown): Promise<unknown> {
    // After StopExecution the engine may still retry a state: never call a function for it.
    if (run.stopped) throw haltError('The execution was stopped');
    const resource = String(state.Resource);
    const custom = this.#options.resourceHandlers?.[resource];
    if (custom) return toJson(await custom(input, { stateName, executionArn: run.executionArn }));

    if (LAMBDA_INVOKE_CALLBACK.test(resource)) return this.#runCallbackTask(run, stateName, state, input);

    if (LAMBDA_INVOKE.test(resource)) {
      const params = (input ?? {}) as { FunctionName?: string; Payload?: unknown; InvocationType?: string };
      const key = this.#functionKey(String(params.FunctionName));
      if (params.InvocationType === 'Event') {
        // Asynchronous invocation: Lambda accepts it and the state moves on.
        void this.#options.invoke(key, params.Payload ?? {}).catch(() => {});
        return { Payload: '', StatusCode: 202 };
      }
      const result = await this.#invoke(key, params.Payload ?? {});
      return { Payload: result, StatusCode: 200, ExecutedVersion: '$LATEST' };
    }

    // Resource is the function ARN itself: the payload is the effective input, the result is the return value.
    return this.#invoke(this.#functionKey(resource), input);
  }

  async #invoke(functionKey: string, payload: unknown): Promise<unknown> {
    try {
      return toJson(await this.#options.invoke(functionKey, payload));
    } catch (error) {
      throw lambdaFunctionError(error);
    }
  }

  #functionKey(reference: string): string {
    const keys = this.#options.functionKeys;
    const name = LAMBDA_ARN.exec(reference)?.[1];
    const unqualified = name
      ? reference.slice(0, reference.indexOf(`:function:${name}`) + 10 + name.length)
      : '';
    const key = keys.get(reference) ?? keys.get(unqualified) ?? (name ? keys.get(name) : undefined);
    if (key === undefined) {
      throw Object.assign(new Error(`Function not found: ${reference}`), {
        name: 'Lambda.ResourceNotFoundException',
      });
    }
    return key;
  }

  #runCallbackTask(run: ActiveRun, stateName: string, state: AslState, input: unknown): Promise<unknown> {
    const params = (input ?? {}) as { FunctionName?: string; Payload?: unknown };
    // Which tokens are this task's: the ones the getter issued for this run
    // that appear in the payload. The engine resolves Parameters and calls the
    // handler in one synchronous step, so no other task can interleave.
    const tokens = tokensIn(params.Payload, run.issued);
    if (tokens.length === 0) {
      throw haltError(`${stateName}: a .waitForTaskToken task must pass $$.Task.Token in its Payload`);
    }
    for (const token of tokens) run.issued.delete(token);
    const functionKey = this.#functionKey(String(params.FunctionName));

    let resolve!: (value: unknown) => void;
    let reject!: (error: Error) => void;
    const promise = new Promise<unknown>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    const task: PendingTask = { tokens, stateName, run, resolve, reject };
    this.#tokens.open(task, {
      timeout: taskSeconds(state, 'Timeout', input),
      heartbeat: taskSeconds(state, 'Heartbeat', input),
    });

    this.#options.invoke(functionKey, params.Payload ?? {}).then(
      () => {},
      (error: unknown) => {
        // The function failed before anyone sent the token back: the task fails with its error.
        if (!this.#tokens.isWaiting(task)) return;
        this.#tokens.close(task);
        task.reject(lambdaFunctionError(error));
      },
    );
    return promise;
  }

  // --- Helpers ------------------------------------------------------------

  async #record(executionArn: string): Promise<StoredExecution> {
    assertExecutionArn(executionArn);
    const record = await this.#store.get(executionArn);
    if (!record) throw new SfnError('ExecutionDoesNotExist', `Execution Does Not Exist: '${executionArn}'`);
    return record;
  }

  #nameOf(run: ActiveRun): string {
    return run.executionArn.split(':').at(-1) ?? run.executionArn;
  }

  #logLine(line: string): void {
    const safe = redactTokens(line, (token) => this.#tokens.knows(token) || this.#isIssued(token));
    this.#log(`[sfn] ${this.stateMachineName} ${safe}`);
  }

  #isIssued(token: string): boolean {
    for (const run of this.#runs.values()) if (run.issued.has(token)) return true;
    return false;
  }

  #notify(): void {
    this.#statusVersion += 1;
    for (const listener of [...this.#statusListeners]) listener();
  }

  #assertOpen(): void {
    if (this.#shutDown) throw new Error('This LocalStepFunctions host has been shut down');
  }

  // Store read-modify-write steps run one at a time, so two calls cannot both
  // see "no such execution" or overwrite each other's outcome.
  #serially<T>(step: () => Promise<T>): Promise<T> {
    const next = this.#lock.then(step, step);
    this.#lock = next.catch(() => {});
    return next;
  }
}

export const LOCAL_STATE_MACHINE_ARN_PREFIX = `arn:${LOCAL_PARTITION}:states:${LOCAL_REGION}:${LOCAL_ACCOUNT}:stateMachine:`;
