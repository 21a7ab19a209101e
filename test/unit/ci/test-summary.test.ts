import { describe, expect, it } from 'vitest';
import { summarize } from '../../../scripts/test-summary.mjs';

/**
 * The reports below have the shape vitest 4 writes (`--reporter=json`), trimmed to the fields the
 * summary reads; each case was produced by a real run (a file that throws on import, a beforeAll
 * that throws, an afterAll that throws, a global setup that throws, a clean run).
 */
const file = (name: string, status: 'passed' | 'failed', tests: string[], message = '') => ({
  name: `${process.cwd()}/${name}`,
  status,
  message,
  assertionResults: tests.map((test) => ({ status: test, title: 't', failureMessages: [] })),
});

const report = (files: ReturnType<typeof file>[], success: boolean) => {
  const tests = files.flatMap((entry) => entry.assertionResults);
  const count = (status: string) => tests.filter((test) => test.status === status).length;
  return {
    numTotalTests: tests.length,
    numPassedTests: count('passed'),
    numFailedTests: count('failed'),
    numPendingTests: count('skipped'),
    numTodoTests: count('todo'),
    success,
    testResults: files,
  };
};

describe('the closing line of .ci/run', () => {
  it('counts passed and skipped tests of a clean run', () => {
    const clean = report([file('test/unit/a.test.ts', 'passed', ['passed', 'passed', 'skipped'])], true);

    expect(summarize(clean, 0)).toBe('2 passed, 0 failed, 1 skipped');
  });

  it('counts failed tests', () => {
    const run = report([file('test/unit/a.test.ts', 'failed', ['passed', 'failed'])], false);

    expect(summarize(run, 1)).toBe('1 passed, 1 failed');
  });

  it('counts a test file that failed to load as failed, not as skipped', () => {
    const run = report(
      [
        file('test/unit/a.test.ts', 'passed', ['passed']),
        file('test/e2e/broken.test.ts', 'failed', [], 'Cannot find module'),
      ],
      false,
    );

    expect(summarize(run, 1)).toBe(
      '1 passed, 1 failed (1 test file(s) failed to load or in a hook: test/e2e/broken.test.ts)',
    );
  });

  it('counts a failed beforeAll as a failure and its skipped tests as not run', () => {
    const run = report(
      [
        file('test/unit/a.test.ts', 'passed', ['passed', 'skipped']),
        file('test/infra/app.test.ts', 'failed', ['skipped', 'skipped', 'skipped']),
      ],
      false,
    );

    expect(summarize(run, 1)).toBe(
      '1 passed, 1 failed, 1 skipped (1 test file(s) failed to load or in a hook: test/infra/app.test.ts; 3 of their tests not run)',
    );
  });

  it('counts a failed afterAll, whose tests passed, as a failure', () => {
    const run = report([file('test/e2e/a.test.ts', 'failed', ['passed'], 'after broke')], false);

    expect(summarize(run, 1)).toMatch(/^1 passed, 1 failed \(1 test file/);
  });

  it('counts a failed global setup (a report with no tests, unsuccessful) as a failure', () => {
    expect(summarize(report([], false), 1)).toBe(
      '0 passed, 1 failed (the run failed outside the test files: a global setup or teardown, or an unhandled error)',
    );
  });

  it('never prints 0 failed for a non-zero exit status', () => {
    const clean = report([file('test/unit/a.test.ts', 'passed', ['passed'])], true);

    expect(summarize(clean, 2)).toBe('1 passed, 1 failed (the test command exited with status 2)');
    expect(summarize(undefined, 1, 'no test report at test-results/vitest.json')).toBe(
      '0 passed, 1 failed (no test report at test-results/vitest.json; exit status 1)',
    );
  });
});
