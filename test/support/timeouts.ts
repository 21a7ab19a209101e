/**
 * Every wait of the test suites, in one place: vitest's test, hook and teardown timeouts, the local
 * runtime's start and stop, and the polls of the tests. Each is what an idle 2-core machine needs with
 * a usual margin, multiplied by one factor for the machine the run is on (`timeScale`):
 *
 * - `TEST_TIME_SCALE` (a positive number) when set: `TEST_TIME_SCALE=4 npm test`;
 * - otherwise the one-minute load average per core when the run starts, and at least 2: a machine
 *   busy with other work (the load average lags a load that has just begun) gets twice the idle
 *   figures, a more loaded one more, up to 10.
 *
 * vitest.config.mts pins the factor in `TEST_TIME_SCALE` for the whole run, so its workers, global
 * setups and the processes they start all use the one it computed. Waits only end a test that hangs:
 * one that passes takes no longer. A product deadline a test must beat (a review deadline the test
 * answers before) scales the same way (`deadlineSeconds`): a test that waits for it to pass waits
 * longer on a busy machine.
 */
import { availableParallelism, loadavg } from 'node:os';

export const TIME_SCALE_ENV = 'TEST_TIME_SCALE';
const MIN_SCALE = 2;
const MAX_SCALE = 10;

/** The factor for a run: `TEST_TIME_SCALE` when set, else the load per core, clamped to [2, 10]. */
export function timeScaleFor(env: Record<string, string | undefined>, load: number, cores: number): number {
  const set = env[TIME_SCALE_ENV];
  if (set !== undefined && set !== '') {
    const value = Number(set);
    if (!Number.isFinite(value) || value <= 0)
      throw new Error(`${TIME_SCALE_ENV} must be a positive number, not "${set}"`);
    return value;
  }
  return Math.round(Math.min(MAX_SCALE, Math.max(MIN_SCALE, load / Math.max(1, cores))) * 100) / 100;
}

export const timeScale = timeScaleFor(process.env, loadavg()[0] ?? 0, availableParallelism());

/** An idle machine's wait in milliseconds, for this machine. */
export const scaled = (idleMs: number): number => Math.round(idleMs * timeScale);

/** A deadline in whole seconds (a step's TimeoutSeconds) for a test that must act before it passes. */
export const deadlineSeconds = (idleSeconds: number): number => Math.ceil(idleSeconds * timeScale);

/** vitest's timeouts per project (test and hook), and for the global setups' teardown. */
export const suiteTimeouts = {
  unit: { testTimeout: scaled(5_000), hookTimeout: scaled(10_000) },
  infra: { testTimeout: scaled(60_000), hookTimeout: scaled(60_000) },
  workflows: { testTimeout: scaled(30_000), hookTimeout: scaled(60_000) },
  e2e: { testTimeout: scaled(60_000), hookTimeout: scaled(90_000) },
  teardownTimeout: scaled(30_000),
  /** `expect.poll` without a timeout of its own (vitest's default is 1 s, whatever the machine). */
  expectPoll: scaled(2_000),
};

/** The waits of the support code. */
export const waits = {
  /** `npm start` until `GET /_local/health` answers 200 (a first start synthesizes and loads the sample). */
  runtimeStart: scaled(90_000),
  /** One health probe. */
  healthProbe: scaled(2_000),
  /** A stopped runtime until it has exited (it stops DynamoDB Local first); then it is killed. */
  runtimeStop: scaled(15_000),
  /** A runtime expected to refuse to start, until it has exited. */
  runtimeRefusal: scaled(30_000),
  /** An application's status or its emailed links, polled. */
  poll: scaled(30_000),
  /** A workflow execution until it has ended. */
  execution: scaled(30_000),
};
