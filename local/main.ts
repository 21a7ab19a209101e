import { resolve } from 'node:path';
import { startLocalRuntime } from '#local/runtime';
import { parseReminderOffsets } from '#shared/domain/reminders';

/**
 * `npm start`: the whole product on this machine, no AWS account needed.
 * Environment: PORT (3000), HOST (127.0.0.1: the address to listen on; DynamoDB
 * Local stays on loopback), LOCAL_DATA_DIR (.local/data), and the shortened
 * deadlines CONSENT_TIMEOUT_SECONDS, REVIEW_TIMEOUT_SECONDS, SIGNOFF_TIMEOUT_SECONDS,
 * ESCALATION_TIMEOUT_SECONDS, AMENDMENT_TIMEOUT_SECONDS, LINK_TTL_SECONDS, INVITATION_TTL_SECONDS, the reminders
 * REMINDER_BEFORE_SECONDS (e.g. `30,10`), and LOCAL_SCHEDULE_SECONDS (how often they are sent: 5).
 */
const seconds = (name: string): number | undefined => {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) {
    console.error(`${name} must be a positive whole number of seconds, got "${raw}"`);
    process.exit(2);
  }
  return value;
};

/** REMINDER_BEFORE_SECONDS, checked before anything starts. */
const reminderOffsets = (): string | undefined => {
  const raw = process.env.REMINDER_BEFORE_SECONDS;
  if (raw === undefined) return undefined;
  try {
    parseReminderOffsets(raw);
  } catch (error) {
    console.error((error as Error).message);
    process.exit(2);
  }
  return raw;
};

const port = Number(process.env.PORT ?? 3000);
const started = Date.now();
const log = (line: string) => console.log(`[local] ${line}`);

try {
  const runtime = await startLocalRuntime({
    port,
    host: process.env.HOST || undefined,
    dataDir: resolve(process.env.LOCAL_DATA_DIR ?? new URL('../.local/data', import.meta.url).pathname),
    consentTimeoutSeconds: seconds('CONSENT_TIMEOUT_SECONDS'),
    reviewTimeoutSeconds: seconds('REVIEW_TIMEOUT_SECONDS'),
    signoffTimeoutSeconds: seconds('SIGNOFF_TIMEOUT_SECONDS'),
    escalationTimeoutSeconds: seconds('ESCALATION_TIMEOUT_SECONDS'),
    amendmentTimeoutSeconds: seconds('AMENDMENT_TIMEOUT_SECONDS'),
    linkTtlSeconds: seconds('LINK_TTL_SECONDS'),
    reminderBeforeSeconds: reminderOffsets(),
    scheduleIntervalSeconds: seconds('LOCAL_SCHEDULE_SECONDS'),
    invitationTtlSeconds: seconds('INVITATION_TTL_SECONDS'),
    log,
  });
  log(`ready in ${((Date.now() - started) / 1000).toFixed(1)} s at ${runtime.url}`);
  log(
    `outbox: ${runtime.url}/_local/outbox · operator console: ${runtime.url}/admin/sign-in · health: ${runtime.url}/_local/health · Ctrl-C to stop`,
  );
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: stopping (waiting applications resume on the next start)`);
    runtime.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
} catch (error) {
  console.error(`[local] could not start: ${(error as Error).message}`);
  process.exit(1);
}
