import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findFreePort } from '#local/dynamodb-local';
import { type LocalRuntime, type LocalRuntimeOptions, startLocalRuntime } from '#local/runtime';
import { type ApiClient, apiClient } from '#test/support/api-client';
import { suiteDynamoDbEndpoint } from '#test/support/lanes';

/**
 * The whole local runtime in this test process, on the suite's DynamoDB
 * Local, a free port and a fresh data folder: what the workflow tests drive
 * through HTTP and inspect through its engine.
 */
export async function startTestRuntime(
  name: string,
  options: Omit<LocalRuntimeOptions, 'port' | 'dataDir' | 'dynamodbEndpoint'> = {},
): Promise<{ runtime: LocalRuntime; api: ApiClient }> {
  const runtime = await startLocalRuntime({
    port: await findFreePort(),
    dataDir: await mkdtemp(join(tmpdir(), `workflow-${name}-`)),
    dynamodbEndpoint: suiteDynamoDbEndpoint(),
    ...options,
  });
  return { runtime, api: apiClient(runtime.url) };
}
