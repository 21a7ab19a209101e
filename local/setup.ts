import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { ensureDynamoDbLocal, ensureJava } from '#local/dynamodb-local';

/**
 * The last step of `npm run setup` (scripts/setup.sh, after Node.js 24 and
 * `npm ci`): everything the local runtime and the test suites need beyond
 * npm packages. Java (for DynamoDB Local), Chromium (browser tests)
 * and the AWS CLI (the test that talks to the local Step Functions endpoint)
 * come from the system's packages: installed with apt-get when running as
 * root on Debian/Ubuntu, otherwise the exact command is printed. DynamoDB
 * Local itself comes from the npm registry.
 */
interface SystemPackage {
  binary: string;
  debianPackage: string;
  neededFor: string;
}

const SYSTEM_PACKAGES: SystemPackage[] = [
  { binary: '/usr/bin/chromium', debianPackage: 'chromium', neededFor: 'the browser tests' },
  {
    binary: '/usr/bin/aws',
    debianPackage: 'awscli',
    neededFor: 'the AWS CLI test against the local endpoint',
  },
];

function ensureSystemPackages(packages: SystemPackage[]): void {
  const missing = packages.filter((pkg) => !existsSync(pkg.binary));
  for (const pkg of packages.filter((candidate) => !missing.includes(candidate))) {
    console.log(`[setup] ${pkg.debianPackage}: ${pkg.binary}`);
  }
  if (missing.length === 0) return;
  const names = missing.map((pkg) => pkg.debianPackage);
  const isRoot = process.getuid?.() === 0;
  const hasApt = spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;
  if (isRoot && hasApt) {
    console.log(`[setup] installing ${names.join(', ')} with apt-get`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    spawnSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...names], {
      stdio: 'inherit',
      env,
    });
  }
  for (const pkg of missing.filter((candidate) => !existsSync(candidate.binary))) {
    console.log(
      `[setup] ${pkg.binary} not found: ${pkg.neededFor} need it.\n` +
        `        Install it with: sudo apt-get install -y ${pkg.debianPackage}`,
    );
  }
}

await ensureJava();
const emulator = await ensureDynamoDbLocal();
console.log(`[setup] DynamoDB Local: ${emulator}`);
ensureSystemPackages(SYSTEM_PACKAGES);
console.log('[setup] done');
