import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import {
  type DocumentClient,
  isConditionFailure,
  keys,
  rethrowTransient,
  withoutKeys,
} from '#shared/adapters/dynamodb';
import type { LinkRecord, TaskRef } from '#shared/domain/tasks';

/** Where the task items and link items are, and how they read back without their keys or token. */
export interface TaskTable {
  client: DocumentClient;
  tableName: string;
}

export function taskKey(ref: TaskRef): { PK: string; SK: string } {
  switch (ref.kind) {
    case 'review':
      return keys.review(ref.applicationId, ref.expertId);
    case 'consent':
      return keys.consentStage(ref.applicationId);
    case 'amendment':
      return keys.amendment(ref.applicationId, ref.round);
    case 'signoff':
      return keys.signoff(ref.applicationId);
  }
}

/** A task item as the rest of the code sees it: never with its token. */
export function taskView<T>(item: Record<string, unknown>): T {
  const { taskToken: _token, ...rest } = withoutKeys<Record<string, unknown>>(item);
  return rest as T;
}

export async function getItem(
  table: TaskTable,
  key: { PK: string; SK: string },
): Promise<Record<string, unknown> | null> {
  const result = await table.client.send(
    new GetCommand({ TableName: table.tableName, Key: key, ConsistentRead: true }),
  );
  return result.Item ?? null;
}

export async function getLink(table: TaskTable, linkId: string): Promise<LinkRecord | null> {
  const item = await getItem(table, keys.link(linkId));
  return item ? withoutKeys<LinkRecord>(item) : null;
}

/**
 * A re-run of a task's step (a redrive, a retried Lambda) brings a new task token: it replaces the
 * stored one while the task is still PENDING. False when it is not (already answered or closed).
 */
export async function swapPendingToken(table: TaskTable, ref: TaskRef, taskToken: string): Promise<boolean> {
  try {
    await table.client.send(
      new UpdateCommand({
        TableName: table.tableName,
        Key: taskKey(ref),
        UpdateExpression: 'SET taskToken = :token',
        ConditionExpression: '#status = :pending',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':token': taskToken, ':pending': 'PENDING' },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    return rethrowTransient(error);
  }
}
