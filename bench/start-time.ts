import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findFreePort } from '#local/dynamodb-local';

/**
 * `npx tsx bench/start-time.ts [runs]`: how long `npm start` takes until
 * `GET /_local/health` answers 200, as a person would time it:
 * - cold: new data folder and no synth cache (a fresh clone),
 * - first: new data folder, synth cache kept (a new LOCAL_DATA_DIR),
 * - warm: the data folder and the cache of the previous start kept.
 * Each start is stopped with SIGINT before the next.
 */
const REPO_ROOT = new URL('../', import.meta.url).pathname;
const SYNTH_CACHE = join(REPO_ROOT, '.local', 'cache', 'synth');

export async function timeStart(dataDir: string): Promise<number> {
  const port = await findFreePort();
  const begin = performance.now();
  const child = spawn('npm', ['start', '--silent'], {
    cwd: REPO_ROOT,
    env: { ...process.env, PORT: String(port), LOCAL_DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`npm start exited:\n${output}`);
      const status = await fetch(`http://127.0.0.1:${port}/_local/health`).then(
        (response) => response.status,
        () => 0,
      );
      if (status === 200) return (performance.now() - begin) / 1000;
      if (performance.now() - begin > 180_000) throw new Error(`not ready within 180 s:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  } finally {
    // npm and the runtime form one process group: Ctrl-C reaches both.
    if (child.pid && child.exitCode === null) process.kill(-child.pid, 'SIGINT');
    await exited;
  }
}

async function main() {
  const runs = Number(process.argv[2] ?? 1);
  const rows: Array<{ kind: string; seconds: number }> = [];
  for (let run = 0; run < runs; run++) {
    const dataDir = await mkdtemp(join(tmpdir(), 'start-time-'));
    try {
      await rm(SYNTH_CACHE, { recursive: true, force: true });
      rows.push({ kind: 'cold (no data, no synth cache)', seconds: await timeStart(dataDir) });
      rows.push({ kind: 'warm (data and cache kept)', seconds: await timeStart(dataDir) });
      const second = await mkdtemp(join(tmpdir(), 'start-time-'));
      rows.push({ kind: 'first (new data folder, cache kept)', seconds: await timeStart(second) });
      await rm(second, { recursive: true, force: true });
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  }
  for (const row of rows) console.log(`${row.kind}: ${row.seconds.toFixed(1)} s`);
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
