import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { ensureDynamoDbLocal, ensureJava } from '#local/dynamodb-local';

/**
 * `npm run setup`: everything the local runtime and the test suites need
 * beyond npm packages. Java (for DynamoDB Local) and Chromium (for the
 * browser tests) come from the system's packages: installed with apt-get
 * when running as root on Debian/Ubuntu, otherwise the exact command is
 * printed. DynamoDB Local itself comes from the npm registry.
 */
const CHROMIUM = '/usr/bin/chromium';

function ensureChromium(): void {
  if (existsSync(CHROMIUM)) {
    console.log(`[setup] chromium: ${CHROMIUM}`);
    return;
  }
  const isRoot = process.getuid?.() === 0;
  const hasApt = spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;
  if (isRoot && hasApt) {
    console.log('[setup] installing chromium with apt-get (browser tests)');
    const update = spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
    const install = spawnSync('apt-get', ['install', '-y', '-qq', 'chromium'], {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
    if (update.status === 0 && install.status === 0 && existsSync(CHROMIUM)) return;
  }
  console.log(
    `[setup] chromium not found at ${CHROMIUM}: the browser tests will be skipped with a notice.\n` +
      '        Install it with: sudo apt-get install -y chromium',
  );
}

await ensureJava();
const emulator = await ensureDynamoDbLocal();
console.log(`[setup] DynamoDB Local: ${emulator}`);
ensureChromium();
console.log('[setup] done');
