/**
 * Lanes: how many test files run at once, and what each one's files share.
 *
 * The workflow and end-to-end files mostly wait (on deadlines, polls, the engine), so they run
 * `lanes` at a time. Each lane has its own DynamoDB Local (workflow suite) and its own runtime
 * (end-to-end suite), started by the global setups; a file uses the lane of the worker it runs in
 * (`VITEST_POOL_ID`, unique among the files running at the same moment). Within a lane files run
 * one after the other, as the whole suite used to: no two files ever share a database or a
 * runtime at the same time.
 *
 * `TEST_LANES` (a positive whole number) chooses; the default, 2, suits a 2-core machine.
 * vitest.config.mts pins it for the run, like the time scale.
 */
import { inject } from 'vitest';

export const LANES_ENV = 'TEST_LANES';
const DEFAULT_LANES = 2;

/** The lanes of a run: `TEST_LANES` when set, else 2. */
export function lanesFor(env: Record<string, string | undefined>): number {
  const set = env[LANES_ENV];
  if (set === undefined || set === '') return DEFAULT_LANES;
  const value = Number(set);
  if (!Number.isInteger(value) || value < 1)
    throw new Error(`${LANES_ENV} must be a positive whole number, not "${set}"`);
  return value;
}

export const lanes = lanesFor(process.env);

/** This worker's lane (0-based), from vitest's pool id (1..maxWorkers). */
export function laneIndex(poolId: string | undefined = process.env.VITEST_POOL_ID): number {
  const id = Number(poolId ?? '1');
  return Number.isInteger(id) && id >= 1 ? (id - 1) % lanes : 0;
}

function laneValue<T>(values: readonly T[], name: string): T {
  const value = values[laneIndex() % values.length];
  if (value === undefined) throw new Error(`the global setup provided no ${name}`);
  return value;
}

/** This lane's DynamoDB Local (workflow suite). */
export const suiteDynamoDbEndpoint = (): string => laneValue(inject('dynamodbEndpoints'), 'DynamoDB Local');

/** This lane's runtime (end-to-end suite): its URL and data folder. */
export const suiteRuntime = (): { url: string; dataDir: string } => laneValue(inject('runtimes'), 'runtime');

/** This lane's runtime URL, e.g. http://127.0.0.1:41234 */
export const suiteRuntimeUrl = (): string => suiteRuntime().url;
