/**
 * Global setup of the end-to-end suite: one local runtime process (`npm
 * start`'s entry) with shortened deadlines; tests reach it over HTTP with
 * `inject('runtimeUrl')`.
 */
import type { TestProject } from 'vitest/node';
import { ensureDynamoDbLocal, ensureJava } from '#local/dynamodb-local';
import { startRuntimeProcess } from '#test/support/runtime-process';
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
  const runtime = await startRuntimeProcess({ env: E2E_DEADLINES });
  project.provide('runtimeUrl', runtime.url);
  project.provide('invitationTtlSeconds', Number(E2E_DEADLINES.INVITATION_TTL_SECONDS));
  // Where its generated AWS credentials are (its AWS endpoints accept only signed requests).
  project.provide('runtimeDataDir', runtime.dataDir);
  return async () => {
    await runtime.stop();
  };
}
