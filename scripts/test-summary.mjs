// The plain closing line CI reads, "N passed, N failed[, N skipped]", from vitest's JSON report and
// the exit status of `npm test`: `node scripts/test-summary.mjs test-results/vitest.json <status>`.
// A run that failed never reads "0 failed": besides failed tests it counts each test file that failed
// outside a test (it did not load, or a beforeAll/afterAll hook threw: its tests are "not run", not
// skipped), a run the report marks unsuccessful with nothing else failed (a global setup or teardown,
// an unhandled error), and a non-zero exit status with no report or nothing failed in it (lint, tsc).
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * @param {any} report vitest's JSON report, or undefined when there is none
 * @param {number} exitStatus the exit status of the test command
 * @param {string} [missingReason] why there is no report
 * @returns {string}
 */
export function summarize(report, exitStatus, missingReason = 'no test report') {
  if (!report) return `0 passed, 1 failed (${missingReason}; exit status ${exitStatus})`;
  const files = report.testResults ?? [];
  const failedOutsideTests = files.filter(
    (file) =>
      file.status === 'failed' && !(file.assertionResults ?? []).some((test) => test.status === 'failed'),
  );
  const notRun = failedOutsideTests.flatMap((file) =>
    (file.assertionResults ?? []).filter((test) => test.status !== 'passed'),
  ).length;
  let failed = (report.numFailedTests ?? 0) + failedOutsideTests.length;
  const notes = [];
  if (failedOutsideTests.length > 0) {
    const names = failedOutsideTests.map((file) => relative(process.cwd(), file.name)).join(', ');
    notes.push(
      `${failedOutsideTests.length} test file(s) failed to load or in a hook: ${names}` +
        (notRun > 0 ? `; ${notRun} of their tests not run` : ''),
    );
  }
  if (failed === 0 && report.success === false) {
    failed = 1;
    notes.push('the run failed outside the test files: a global setup or teardown, or an unhandled error');
  }
  if (failed === 0 && exitStatus !== 0) {
    failed = 1;
    notes.push(`the test command exited with status ${exitStatus}`);
  }
  const skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0) - notRun;
  return (
    `${report.numPassedTests ?? 0} passed, ${failed} failed` +
    (skipped > 0 ? `, ${skipped} skipped` : '') +
    (notes.length > 0 ? ` (${notes.join('; ')})` : '')
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const file = process.argv[2] ?? 'test-results/vitest.json';
  const exitStatus = Number(process.argv[3] ?? 0);
  let report;
  let missingReason;
  try {
    report = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    missingReason = `no test report at ${file}: ${error instanceof Error ? error.message : error}`;
  }
  console.log(summarize(report, exitStatus, missingReason));
}
