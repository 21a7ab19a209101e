import { existsSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

// The browser tests need Debian's Chromium (installed by `npm run setup`); without it they are
// left out of the run, and the run says so, rather than reported as skipped.
const hasChromium = existsSync('/usr/bin/chromium');
if (!hasChromium)
  console.warn(
    '[vitest] /usr/bin/chromium not found: browser tests not included (npm run setup installs it)',
  );

// The AWS SDK warns once per process that its 2027 releases need Node.js 22. The lock file pins
// today's, and the warning would repeat in the global setup, every worker and spawned runtime.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

// Four suites, runnable alone (`npm run test:<name>`) or together (`npm test`).
// Workflow and e2e suites share one DynamoDB Local started by the global setup.
export default defineConfig({
  test: {
    // The JSON report feeds the plain "N passed, N failed" line CI reads (scripts/test-summary.mjs).
    reporters: ['default', 'json'],
    outputFile: { json: 'test-results/vitest.json' },
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'] } },
      {
        extends: true,
        // Each file synthesizes the app once in beforeAll (cdk-nag, validation): slow on a busy machine.
        test: {
          name: 'infra',
          include: ['test/infra/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'workflows',
          include: ['test/workflows/**/*.test.ts'],
          globalSetup: ['test/support/dynamodb-global-setup.ts'],
          // One runtime at a time against the shared DynamoDB Local.
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          exclude: hasChromium ? [] : ['test/e2e/**/*.browser.test.ts'],
          globalSetup: ['test/support/e2e-global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
