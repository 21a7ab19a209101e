/**
 * Where the local Step Functions host keeps its execution records. The
 * file-backed store lets `npm start` survive a restart: executions recorded
 * RUNNING are found again and resumed (see LocalStepFunctions.resumeInterrupted).
 * Task tokens are never stored: like a lost run, they die with the process.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

export interface StoredExecution {
  executionArn: string;
  stateMachineArn: string;
  name: string;
  /** The input StartExecution received (a JSON document). */
  input: string;
  status: ExecutionStatus;
  /** ISO 8601. */
  startDate: string;
  stopDate?: string;
  output?: string;
  error?: string;
  cause?: string;
  /** Each time the local runtime re-ran this execution after a restart: when, and with which input. */
  resumes?: Array<{ date: string; input: string }>;
}

export interface ExecutionStore {
  get(executionArn: string): Promise<StoredExecution | undefined>;
  put(execution: StoredExecution): Promise<void>;
  list(): Promise<StoredExecution[]>;
}

/** Records live as long as the process (tests, throwaway runs). */
export class InMemoryExecutionStore implements ExecutionStore {
  readonly #records = new Map<string, StoredExecution>();

  async get(executionArn: string): Promise<StoredExecution | undefined> {
    const record = this.#records.get(executionArn);
    return record && structuredClone(record);
  }

  async put(execution: StoredExecution): Promise<void> {
    this.#records.set(execution.executionArn, structuredClone(execution));
  }

  async list(): Promise<StoredExecution[]> {
    return [...this.#records.values()].map((record) => structuredClone(record));
  }
}

interface StoreFile {
  version: 1;
  executions: StoredExecution[];
}

/**
 * Records in one JSON file, rewritten whole on every change: write a temporary
 * file then rename it over the old one, so a crash mid-write leaves the
 * previous version intact rather than a truncated file.
 */
export class FileExecutionStore implements ExecutionStore {
  readonly #path: string;
  #records: Map<string, StoredExecution> | undefined;
  #loading: Promise<Map<string, StoredExecution>> | undefined;
  // Writes go one after the other so an older snapshot never lands last.
  #writes: Promise<void> = Promise.resolve();

  constructor(path: string) {
    this.#path = path;
  }

  async #load(): Promise<Map<string, StoredExecution>> {
    if (this.#records) return this.#records;
    this.#loading ??= (async () => {
      let executions: StoredExecution[] = [];
      try {
        const parsed = JSON.parse(await readFile(this.#path, 'utf8')) as StoreFile;
        executions = parsed.executions ?? [];
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
      this.#records = new Map(executions.map((record) => [record.executionArn, record]));
      return this.#records;
    })();
    return this.#loading;
  }

  async get(executionArn: string): Promise<StoredExecution | undefined> {
    const record = (await this.#load()).get(executionArn);
    return record && structuredClone(record);
  }

  async list(): Promise<StoredExecution[]> {
    return [...(await this.#load()).values()].map((record) => structuredClone(record));
  }

  async put(execution: StoredExecution): Promise<void> {
    const records = await this.#load();
    records.set(execution.executionArn, structuredClone(execution));
    const snapshot: StoreFile = { version: 1, executions: [...records.values()] };
    const write = this.#writes.then(async () => {
      await mkdir(dirname(this.#path), { recursive: true });
      const temporary = `${this.#path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
      await writeFile(temporary, `${JSON.stringify(snapshot, null, 2)}\n`);
      await rename(temporary, this.#path);
    });
    // A failed write must not block the next ones; the caller still sees its own failure.
    this.#writes = write.catch(() => {});
    await write;
  }
}
