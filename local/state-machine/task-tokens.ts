import { MAX_TIMER_SECONDS } from './engine.ts';
import { SfnError } from './sfn-api.ts';

/**
 * The registry of callback tasks waiting for SendTaskSuccess/Failure: which
 * token belongs to which task, the task's timeout and heartbeat timers, and
 * the tokens of tasks that are over (SendTask* on them answers TaskTimedOut,
 * as on AWS).
 */

export interface ActiveRun {
  executionArn: string;
  /** Tokens the context getter handed out that no callback task has claimed yet. */
  issued: Set<string>;
  tasks: Set<PendingTask>;
  /** StopExecution or shutdown happened: the engine's outcome is no longer recorded. */
  stopped: boolean;
  abort: () => void;
  finished: Promise<void>;
}

export interface PendingTask {
  tokens: string[];
  stateName: string;
  run: ActiveRun;
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
  heartbeatMs?: number;
  heartbeatTimer?: NodeJS.Timeout;
  timeoutTimer?: NodeJS.Timeout;
}

const MAX_TOKEN_LENGTH = 1024;

export class TaskTokens {
  readonly #pending = new Map<string, PendingTask>();
  readonly #closed = new Set<string>();

  /**
   * Registers a waiting task under its tokens. The engine enforces
   * TimeoutSeconds (States.Timeout) but does not tell the handler; the timer
   * started here, just before the engine's, retires the token so a late
   * SendTaskSuccess gets TaskTimedOut as on AWS. The engine ignores
   * HeartbeatSeconds; the heartbeat timer enforces it.
   */
  open(task: PendingTask, seconds: { timeout: number; heartbeat: number }): void {
    for (const token of task.tokens) this.#pending.set(token, task);
    task.run.tasks.add(task);
    if (Number.isFinite(seconds.timeout) && seconds.timeout > 0) {
      task.timeoutTimer = setTimeout(
        () => this.close(task),
        Math.min(seconds.timeout, MAX_TIMER_SECONDS) * 1000,
      );
    }
    if (Number.isFinite(seconds.heartbeat) && seconds.heartbeat > 0) {
      task.heartbeatMs = Math.min(seconds.heartbeat, MAX_TIMER_SECONDS) * 1000;
      this.armHeartbeat(task);
    }
  }

  /** The task a SendTask* call names, or AWS's error for a malformed, finished or unknown token. */
  find(token: string): PendingTask {
    if (typeof token !== 'string' || token.length === 0 || token.length > MAX_TOKEN_LENGTH) {
      throw new SfnError('InvalidToken', 'Invalid Token');
    }
    const task = this.#pending.get(token);
    if (task) return task;
    if (this.#closed.has(token)) {
      throw new SfnError('TaskTimedOut', "Task Timed Out: 'Provided task does not exist anymore'");
    }
    throw new SfnError('TaskDoesNotExist', 'Task Does Not Exist');
  }

  /** True while any of the task's tokens can still complete it. */
  isWaiting(task: PendingTask): boolean {
    return task.tokens.some((token) => this.#pending.has(token));
  }

  /** A token this registry knows, waiting or over (for log redaction). */
  knows(token: string): boolean {
    return this.#pending.has(token) || this.#closed.has(token);
  }

  armHeartbeat(task: PendingTask): void {
    clearTimeout(task.heartbeatTimer);
    task.heartbeatTimer = setTimeout(() => {
      this.close(task);
      const error = new Error('Task did not send a heartbeat in time');
      error.name = 'States.HeartbeatTimeout';
      task.reject(error);
    }, task.heartbeatMs);
  }

  close(task: PendingTask): void {
    clearTimeout(task.timeoutTimer);
    clearTimeout(task.heartbeatTimer);
    for (const token of task.tokens) {
      this.#pending.delete(token);
      this.#closed.add(token);
    }
    task.run.tasks.delete(task);
  }
}

/** The tokens among `issued` that appear anywhere in `value` (a callback task's payload). */
export function tokensIn(value: unknown, issued: Set<string>, found: string[] = []): string[] {
  if (typeof value === 'string') {
    if (issued.has(value) && !found.includes(value)) found.push(value);
  } else if (Array.isArray(value)) {
    for (const item of value) tokensIn(item, issued, found);
  } else if (value !== null && typeof value === 'object') {
    for (const item of Object.values(value)) tokensIn(item, issued, found);
  }
  return found;
}
