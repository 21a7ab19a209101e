import { existsSync } from 'node:fs';
import { defineConfig } from 'vitest/config';
import './scripts/node-line.mjs';
import { LANES_ENV, lanes } from './test/support/lanes.ts';
import { LongestFirstSequencer } from './test/support/sequencer.ts';
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
// Files run `lanes` at a time, each lane with its own DynamoDB Local and runtime (test/support/lanes.ts).
process.env[LANES_ENV] = String(lanes);

// Four suites, runnable alone (`npm run test:<name>`) or together (`npm test`), their files `lanes`
// at a time in one queue (longest first). The workflow suite's global setup starts a DynamoDB Local
// per lane, the e2e suite's a runtime per lane; a file uses its worker's lane (VITEST_POOL_ID), so
// no two files share either at the same time.
export default defineConfig({
  test: {
    maxWorkers: lanes,
    sequence: { sequencer: LongestFirstSequencer },
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
          setupFiles: ['test/support/dynamodb-lane.ts'],
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
          ...suiteTimeouts.e2e,
        },
      },
    ],
  },
});
