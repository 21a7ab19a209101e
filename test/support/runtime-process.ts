import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findFreePort } from '#local/dynamodb-local';
import { waits } from '#test/support/timeouts';

/**
 * `npm start` as a separate process, the way a person runs it: the e2e
 * suites talk to it over HTTP only. Its output is kept for failure messages.
 */
export interface RuntimeProcess {
  url: string;
  port: number;
  dataDir: string;
  output(): string;
  /** Like Ctrl-C: SIGINT, then wait for the process to exit. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

const REPO_ROOT = new URL('../../', import.meta.url).pathname;

export async function startRuntimeProcess(
  options: { dataDir?: string; port?: number; env?: Record<string, string> } = {},
): Promise<RuntimeProcess> {
  const port = options.port ?? (await findFreePort());
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'runtime-')));
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'local/main.ts'], {
    cwd: REPO_ROOT,
    env: { ...process.env, PORT: String(port), LOCAL_DATA_DIR: dataDir, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + waits.runtimeStart;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the runtime exited (${child.exitCode}):\n${output}`);
    try {
      const response = await fetch(`${url}/_local/health`, {
        signal: AbortSignal.timeout(waits.healthProbe),
      });
      if (response.status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      // SIGTERM lets the runtime stop DynamoDB Local; a SIGKILL would leave the Java process behind.
      child.kill('SIGTERM');
      throw new Error(`the runtime was not healthy within ${waits.runtimeStart / 1000} s:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }

  return {
    url,
    port,
    dataDir,
    output: () => output,
    async stop(signal = 'SIGINT') {
      if (child.exitCode === null) child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), waits.runtimeStop);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}

/** Starts the runtime where it is expected to refuse to start; resolves with its exit code and output. */
export async function runtimeExitOf(options: {
  port: number;
  dataDir?: string;
}): Promise<{ code: number | null; output: string }> {
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'runtime-')));
  const child = spawn(process.execPath, ['--import', 'tsx', 'local/main.ts'], {
    cwd: REPO_ROOT,
    env: { ...process.env, PORT: String(options.port), LOCAL_DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const timer = setTimeout(() => child.kill('SIGTERM'), waits.runtimeRefusal);
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  clearTimeout(timer);
  return { code, output };
}
