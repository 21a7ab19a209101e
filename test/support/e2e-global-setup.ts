/**
 * Global setup of the end-to-end suite: one local runtime process (`npm
 * start`'s entry) per lane (test/support/lanes.ts), with shortened deadlines;
 * tests reach their lane's over HTTP with `suiteRuntimeUrl()`.
 */
import type { TestProject } from 'vitest/node';
import { ensureDynamoDbLocal, ensureJava } from '#local/dynamodb-local';
import { lanes } from '#test/support/lanes';
import { type RuntimeProcess, startRuntimeProcess } from '#test/support/runtime-process';
import { deadlineSeconds } from '#test/support/timeouts';

// Short enough for a test to see a deadline pass, long enough for the tests that answer before it
// (20 s at the least time scale: test/support/timeouts.ts).
const E2E_DEADLINES = {
  REVIEW_TIMEOUT_SECONDS: String(deadlineSeconds(10)),
  SIGNOFF_TIMEOUT_SECONDS: String(deadlineSeconds(10)),
  ESCALATION_TIMEOUT_SECONDS: String(deadlineSeconds(10)),
  LINK_TTL_SECONDS: '600',
  // Long enough to answer an invitation at once, short enough for a test to see one expire.
  INVITATION_TTL_SECONDS: String(deadlineSeconds(6)),
};

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  await ensureJava();
  await ensureDynamoDbLocal();
  // The lanes' runtimes start together (each loads the sample data into its own DynamoDB Local).
  const started = await Promise.allSettled(
    Array.from({ length: lanes }, () => startRuntimeProcess({ env: E2E_DEADLINES })),
  );
  const runtimes: RuntimeProcess[] = started.flatMap((result) =>
    result.status === 'fulfilled' ? [result.value] : [],
  );
  const failed = started.find((result) => result.status === 'rejected');
  if (failed) {
    await Promise.all(runtimes.map((runtime) => runtime.stop()));
    throw failed.reason;
  }
  // Their URLs and data folders (where each one's generated AWS credentials are: its AWS
  // endpoints accept only signed requests).
  project.provide(
    'runtimes',
    runtimes.map((runtime) => ({ url: runtime.url, dataDir: runtime.dataDir })),
  );
  project.provide('invitationTtlSeconds', Number(E2E_DEADLINES.INVITATION_TTL_SECONDS));
  return async () => {
    await Promise.all(runtimes.map((runtime) => runtime.stop()));
  };
}
