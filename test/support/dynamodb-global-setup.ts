/**
 * Global setup of the workflow suite: one in-memory DynamoDB Local per lane
 * (test/support/lanes.ts) for the whole run, reached by product code through
 * the standard SDK variables. Tests get their lane's endpoint with
 * `suiteDynamoDbEndpoint()`; test/support/dynamodb-lane.ts points the SDK
 * variable of each worker at it.
 */
import type { TestProject } from 'vitest/node';
import { ensureDynamoDbLocal, ensureJava, startDynamoDbLocal } from '#local/dynamodb-local';
import { lanes } from '#test/support/lanes';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  await ensureJava();
  await ensureDynamoDbLocal();
  const started = await Promise.allSettled(
    Array.from({ length: lanes }, () => startDynamoDbLocal({ port: 0 })),
  );
  const databases = started.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  const failed = started.find((result) => result.status === 'rejected');
  if (failed) {
    await Promise.all(databases.map((database) => database.stop()));
    throw failed.reason;
  }
  // Set in this process; vitest's workers inherit the environment of the
  // process that starts them, after global setup has run.
  // (Each workflow worker points it at its own lane: test/support/dynamodb-lane.ts.)
  process.env.AWS_ENDPOINT_URL_DYNAMODB = databases[0]?.endpoint;
  process.env.AWS_REGION = 'local';
  process.env.AWS_ACCESS_KEY_ID = 'local';
  process.env.AWS_SECRET_ACCESS_KEY = 'local';
  project.provide(
    'dynamodbEndpoints',
    databases.map((database) => database.endpoint),
  );
  return async () => {
    await Promise.all(databases.map((database) => database.stop()));
  };
}
