import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { findFreePort } from '#local/dynamodb-local';
import { type LocalRuntime, type LocalRuntimeOptions, startLocalRuntime } from '#local/runtime';
import { gsi2 } from '#shared/adapters/dynamodb';
import { type ApiClient, apiClient } from '#test/support/api-client';
import { suiteDynamoDbEndpoint } from '#test/support/lanes';

/** When this file's tests began (modules are loaded per test file): what is older is another file's. */
const FILE_STARTED = new Date().toISOString();

/**
 * The workflow files of a lane share one DynamoDB Local (test/support/lanes.ts), so the product
 * table holds what the lane's earlier files left: open applications whose executions ran in a
 * runtime that is gone. A runtime's start-up reconciler would resume them here, and their steps
 * would take this file's injected faults and fill its outbox. Before this file's runtime starts,
 * they leave the open-applications index and their links the reminders' (GSI2 only: the items
 * stay), so nothing here runs for them; what this file wrote itself is kept.
 */
async function detachEarlierFiles(endpoint: string): Promise<void> {
  const client = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint,
      region: 'local',
      credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
    }),
  );
  const { TableNames = [] } = await client.send(new ListTablesCommand({}));
  for (const TableName of TableNames) {
    const keysIn = async (partition: string, before?: string) => {
      const items: Array<Record<string, string>> = [];
      let ExclusiveStartKey: Record<string, unknown> | undefined;
      do {
        const page = await client
          .send(
            new QueryCommand({
              TableName,
              IndexName: gsi2.indexName,
              KeyConditionExpression: before ? 'GSI2PK = :pk AND GSI2SK < :before' : 'GSI2PK = :pk',
              ExpressionAttributeValues: { ':pk': partition, ...(before ? { ':before': before } : {}) },
              ExclusiveStartKey,
            }),
          )
          .catch((error: Error) => {
            if (error.name === 'ValidationException') return { Items: [], LastEvaluatedKey: undefined };
            throw error;
          });
        items.push(...((page.Items ?? []) as Array<Record<string, string>>));
        ExclusiveStartKey = page.LastEvaluatedKey;
      } while (ExclusiveStartKey);
      return items;
    };
    const detach = (key: Record<string, string>) =>
      client.send(
        new UpdateCommand({
          TableName,
          Key: { PK: key.PK, SK: key.SK },
          UpdateExpression: 'REMOVE GSI2PK, GSI2SK',
        }),
      );
    const earlier = await keysIn(gsi2.open, FILE_STARTED);
    const earlierIds = new Set(earlier.map((key) => String(key.PK).replace(/^APP#/, '')));
    for (const key of earlier) await detach(key);
    for (const key of await keysIn(gsi2.reminders)) {
      const link = await client.send(new GetCommand({ TableName, Key: { PK: key.PK, SK: key.SK } }));
      if (earlierIds.has(String(link.Item?.applicationId))) await detach(key);
    }
  }
}

/**
 * The whole local runtime in this test process, on the suite's DynamoDB
 * Local, a free port and a fresh data folder: what the workflow tests drive
 * through HTTP and inspect through its engine.
 */
export async function startTestRuntime(
  name: string,
  options: Omit<LocalRuntimeOptions, 'port' | 'dataDir' | 'dynamodbEndpoint'> = {},
): Promise<{ runtime: LocalRuntime; api: ApiClient }> {
  await detachEarlierFiles(suiteDynamoDbEndpoint());
  const runtime = await startLocalRuntime({
    port: await findFreePort(),
    dataDir: await mkdtemp(join(tmpdir(), `workflow-${name}-`)),
    dynamodbEndpoint: suiteDynamoDbEndpoint(),
    ...options,
  });
  return { runtime, api: apiClient(runtime.url) };
}
