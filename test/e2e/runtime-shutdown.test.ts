import { spawn } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, describe, expect, it, vi } from 'vitest';
import {
  dynamoDbLocalCommand,
  ensureDynamoDbLocal,
  findFreePort,
  localDynamoDbClient,
  PID_FILE,
} from '#local/dynamodb-local';
import { ensurePrivateDir } from '#local/private-files';
import { scaled } from '#test/support/local-aws';
import { type RuntimeProcess, runtimeExitOf, startRuntimeProcess } from '#test/support/runtime-process';

/**
 * However the runtime stops, no DynamoDB Local outlives it: `kill -9` of the
 * runtime takes the JVM down (its watchdog sees the pipe close), a start
 * clears a JVM a dead runtime left on its data folder and refuses one a live
 * runtime uses, and health answers 503 while DynamoDB Local is down.
 */
const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
const dbPathOf = (dataDir: string) => join(dataDir, 'dynamodb');
const javaPidOf = async (dataDir: string) =>
  (JSON.parse(await readFile(join(dbPathOf(dataDir), PID_FILE), 'utf8')) as { pid: number }).pid;

const started: RuntimeProcess[] = [];
const strays: number[] = [];
afterAll(async () => {
  for (const runtime of started) await runtime.stop('SIGKILL').catch(() => {});
  for (const pid of strays) if (isAlive(pid)) process.kill(pid, 'SIGKILL');
});

/** A DynamoDB Local on the data folder whose owner is gone, as a runtime of an older version left it. */
async function strayDynamoDbLocal(dataDir: string): Promise<number> {
  const dbPath = dbPathOf(dataDir);
  await ensurePrivateDir(dbPath);
  const port = await findFreePort();
  const [command = 'java', ...args] = await dynamoDbLocalCommand(await ensureDynamoDbLocal(), {
    port,
    host: '127.0.0.1',
    dbPath,
  });
  // DynamoDB Local writes a metadata file into its working folder: keep it in the data folder.
  const java = spawn(command, args, { cwd: dataDir, detached: true, stdio: 'ignore' });
  java.unref();
  const pid = java.pid ?? 0;
  strays.push(pid);
  const client = localDynamoDbClient(`http://127.0.0.1:${port}`);
  await vi.waitFor(() => client.send(new ListTablesCommand({})), { timeout: scaled(60_000), interval: 200 });
  client.destroy();
  const gone = spawn('true');
  await new Promise((resolve) => gone.once('exit', resolve));
  await writeFile(join(dbPath, PID_FILE), JSON.stringify({ pid, ownerPid: gone.pid, dbPath }));
  return pid;
}

describe('DynamoDB Local never outlives the runtime', () => {
  it('a start stops the DynamoDB Local a dead runtime left; kill -9 leaves none; a second runtime is refused; health says 503 while it is down', async () => {
    // A data folder a runtime has used (its first start loads the sample data), then a JVM left
    // running on it by a runtime that is gone.
    const dataDir = await mkdtemp(join(tmpdir(), 'runtime-shutdown-'));
    const seeding = await startRuntimeProcess({ dataDir });
    started.push(seeding);
    expect(await seeding.stop()).toBe(0);
    const stray = await strayDynamoDbLocal(dataDir);

    // A start on that folder stops the stray JVM first.
    const first = await startRuntimeProcess({ dataDir });
    started.push(first);
    expect(isAlive(stray)).toBe(false);
    expect(first.output()).toContain(`stopping DynamoDB Local (pid ${stray})`);

    // kill -9 of the runtime: its JVM goes too.
    const java = await javaPidOf(dataDir);
    expect(isAlive(java)).toBe(true);
    await first.stop('SIGKILL');
    await vi.waitFor(() => expect(isAlive(java)).toBe(false), { timeout: scaled(10_000), interval: 100 });

    // The next start on the same folder works (the dead runtime's pid file is cleared).
    const second = await startRuntimeProcess({ dataDir });
    started.push(second);
    const secondJava = await javaPidOf(dataDir);

    // A second runtime on a folder a live runtime uses is refused, and the live one is untouched.
    const refused = await runtimeExitOf({ port: await findFreePort(), dataDir });
    expect(refused.code).not.toBe(0);
    expect(refused.output).toContain('another running local runtime');
    expect(isAlive(secondJava)).toBe(true);

    // DynamoDB Local killed: health names it and answers 503.
    process.kill(secondJava, 'SIGKILL');
    await vi.waitFor(
      async () => {
        const reply = await fetch(`${second.url}/_local/health`);
        expect(reply.status).toBe(503);
        expect(await reply.json()).toMatchObject({
          status: 'degraded',
          checks: { dynamodb: { status: 'down' }, engine: { status: 'ok' } },
        });
      },
      { timeout: scaled(10_000), interval: 200 },
    );
    expect(await second.stop()).toBe(0);
  }, 400_000);
});
