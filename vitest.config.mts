import { existsSync } from 'node:fs';
import { defineConfig } from 'vitest/config';
import './scripts/node-line.mjs';
import { suiteTimeouts, TIME_SCALE_ENV, timeScale } from './test/support/timeouts.ts';

// The browser tests need Debian's Chromium (installed by `npm run setup`); without it they are
// left out of the run, and the run says so, rather than reported as skipped.
const hasChromium = existsSync('/usr/bin/chromium');
if (!hasChromium)
  console.warn(
    '[vitest] /usr/bin/chromium not found: browser tests not included (npm run setup installs it)',
  );

// One factor for every wait of the run (test/support/timeouts.ts), pinned here so that the workers,
// the global setups and the processes they start all use it.
// (vitest loads this file once per project: the line is printed once, when the factor is computed.)
if (process.env[TIME_SCALE_ENV] === undefined)
  console.info(`[vitest] waits scaled ${timeScale}x (load per core; set ${TIME_SCALE_ENV} to choose)`);
process.env[TIME_SCALE_ENV] = String(timeScale);

// Four suites, runnable alone (`npm run test:<name>`) or together (`npm test`).
// Workflow and e2e suites share one DynamoDB Local started by the global setup.
export default defineConfig({
  test: {
    // The JSON report feeds the plain "N passed, N failed" line CI reads (scripts/test-summary.mjs).
    reporters: ['default', 'json'],
    outputFile: { json: 'test-results/vitest.json' },
    teardownTimeout: suiteTimeouts.teardownTimeout,
    expect: { poll: { timeout: suiteTimeouts.expectPoll } },
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['test/unit/**/*.test.ts'], ...suiteTimeouts.unit },
      },
      {
        extends: true,
        test: { name: 'infra', include: ['test/infra/**/*.test.ts'], ...suiteTimeouts.infra },
      },
      {
        extends: true,
        test: {
          name: 'workflows',
          include: ['test/workflows/**/*.test.ts'],
          globalSetup: ['test/support/dynamodb-global-setup.ts'],
          // One runtime at a time against the shared DynamoDB Local.
          fileParallelism: false,
          ...suiteTimeouts.workflows,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          exclude: hasChromium ? [] : ['test/e2e/**/*.browser.test.ts'],
          globalSetup: ['test/support/e2e-global-setup.ts'],
          fileParallelism: false,
          ...suiteTimeouts.e2e,
        },
      },
    ],
  },
});
