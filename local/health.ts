/**
 * `GET /_local/health`: each dependency the product needs, checked on every
 * call. 200 `{"status": "ok", "checks": {...}}` when all answer; 503
 * `{"status": "degraded", ...}` naming the ones that do not (DynamoDB Local
 * killed, the engine shut down, the outbox or the link keys unreadable).
 */
import { access, constants } from 'node:fs/promises';
import { dirname } from 'node:path';
import { readJsonFile } from './json-file.ts';

export type HealthCheck = () => Promise<void>;

export interface CheckResult {
  status: 'ok' | 'down';
  error?: string;
  ms: number;
}

export interface HealthReport {
  status: 'ok' | 'degraded';
  checks: Record<string, CheckResult>;
}

const CHECK_TIMEOUT_MS = 2_000;

async function run(check: HealthCheck, timeoutMs: number): Promise<CheckResult> {
  const started = Date.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      check(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
    return { status: 'ok', ms: Date.now() - started };
  } catch (error) {
    const { name, message } = error as Error;
    return { status: 'down', error: `${name}: ${message}`.slice(0, 300), ms: Date.now() - started };
  } finally {
    clearTimeout(timer);
  }
}

export async function checkHealth(
  checks: Readonly<Record<string, HealthCheck>>,
  timeoutMs = CHECK_TIMEOUT_MS,
): Promise<HealthReport> {
  const results = await Promise.all(
    Object.entries(checks).map(async ([name, check]) => [name, await run(check, timeoutMs)] as const),
  );
  return {
    status: results.every(([, result]) => result.status === 'ok') ? 'ok' : 'degraded',
    checks: Object.fromEntries(results),
  };
}

/** The runtime's own dependencies as health checks. */
export function runtimeHealthChecks(deps: {
  /** DescribeTable of the product's table on DynamoDB Local. */
  describeTable(): Promise<unknown>;
  /** Any read of the engine's executions. */
  listExecutions(): Promise<unknown>;
  outboxFile: string;
  linkKeyFile: string;
}): Record<string, HealthCheck> {
  return {
    dynamodb: async () => {
      await deps.describeTable();
    },
    engine: async () => {
      await deps.listExecutions();
    },
    outbox: () =>
      access(deps.outboxFile, constants.R_OK | constants.W_OK).catch((error: NodeJS.ErrnoException) =>
        // No message sent yet: the folder it will be written to must be writable.
        error.code === 'ENOENT' ? access(dirname(deps.outboxFile), constants.W_OK) : Promise.reject(error),
      ),
    secrets: async () => {
      const keys = await readJsonFile<{ currentKeyId?: string; keys?: object } | null>(
        deps.linkKeyFile,
        null,
      );
      if (!keys?.currentKeyId || !keys.keys)
        throw new Error(`${deps.linkKeyFile} holds no link-signing keys`);
    },
  };
}
