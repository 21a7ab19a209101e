import { BatchWriteCommand, GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import {
  type DocumentClient,
  gsi1,
  isConditionFailure,
  queryEveryPage,
  rethrowTransient,
  setExpression,
  withoutKeys,
} from '#shared/adapters/dynamodb';
import { decodeCursor, encodeCursor, gsi1PartitionCursor } from '#shared/adapters/paging';
import { forEachLimited } from '#shared/concurrency';
import type { Page, PageRequest } from '#shared/use-cases/ports';

/** The table the registry lives in, and the reads and batch writes every part of the registry uses. */
export interface RegistryTable {
  client: DocumentClient;
  tableName: string;
}

const BATCH_WRITE_LIMIT = 25;
/** Parallel batch requests: enough to hide latency, few enough not to trip throttling. */
const BATCH_PARALLELISM = 4;

export async function inBatches<T>(
  items: readonly T[],
  size: number,
  work: (batch: T[]) => Promise<void>,
): Promise<void> {
  const batches: T[][] = [];
  for (let i = 0; i < items.length; i += size) batches.push(items.slice(i, i + size));
  await forEachLimited(batches, BATCH_PARALLELISM, work);
}

/** Retries unprocessed items of a batch call with exponential backoff, as the SDK docs ask. */
export async function untilProcessed<R>(
  call: (request: R) => Promise<R | undefined>,
  request: R,
): Promise<void> {
  let pending: R | undefined = request;
  for (let attempt = 0; pending; attempt++) {
    if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, Math.min(2000, 50 * 2 ** attempt)));
    if (attempt > 8) throw new Error('DynamoDB kept items unprocessed after 8 retries');
    pending = await call(pending);
  }
}

export async function getItem<T>(table: RegistryTable, key: { PK: string; SK: string }): Promise<T | null> {
  const result = await table.client.send(new GetCommand({ TableName: table.tableName, Key: key }));
  return result.Item ? withoutKeys<T>(result.Item) : null;
}

/** Every item of a GSI1 partition. */
export async function queryAll<T>(table: RegistryTable, partition: string): Promise<T[]> {
  const items = await queryEveryPage(table.client, {
    TableName: table.tableName,
    IndexName: gsi1.indexName,
    KeyConditionExpression: 'GSI1PK = :pk',
    ExpressionAttributeValues: { ':pk': partition },
  });
  return items.map((item) => withoutKeys<T>(item));
}

/** One page of a GSI1 partition. */
export async function queryPage<T>(
  table: RegistryTable,
  partition: string,
  page: PageRequest,
): Promise<Page<T>> {
  const result = await table.client.send(
    new QueryCommand({
      TableName: table.tableName,
      IndexName: gsi1.indexName,
      KeyConditionExpression: 'GSI1PK = :pk',
      ExpressionAttributeValues: { ':pk': partition },
      Limit: page.limit,
      ExclusiveStartKey: decodeCursor(page.cursor, gsi1PartitionCursor(partition)),
    }),
  );
  return {
    items: (result.Items ?? []).map((item) => withoutKeys<T>(item)),
    next: encodeCursor(result.LastEvaluatedKey),
  };
}

export function batchWrite(table: RegistryTable, requests: Array<Record<string, unknown>>): Promise<void> {
  const { client, tableName } = table;
  return inBatches(requests, BATCH_WRITE_LIMIT, (batch) =>
    untilProcessed(async (pending) => {
      const result = await client.send(new BatchWriteCommand({ RequestItems: { [tableName]: pending } }));
      const unprocessed = result.UnprocessedItems?.[tableName];
      return unprocessed && unprocessed.length > 0 ? (unprocessed as typeof pending) : undefined;
    }, batch as never),
  ).catch(rethrowTransient);
}

/** Sets `fields` of an existing entry and returns it as it is now (its keys left out); null if there is none. */
export async function updateExisting<T>(
  table: RegistryTable,
  key: { PK: string; SK: string },
  fields: Record<string, unknown>,
): Promise<T | null> {
  try {
    const result = await table.client.send(
      new UpdateCommand({
        TableName: table.tableName,
        Key: key,
        ...setExpression(fields),
        ConditionExpression: 'attribute_exists(PK)',
        ReturnValues: 'ALL_NEW',
      }),
    );
    return result.Attributes ? withoutKeys<T>(result.Attributes) : null;
  } catch (error) {
    if (isConditionFailure(error)) return null;
    return rethrowTransient(error);
  }
}
