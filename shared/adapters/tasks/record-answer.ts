import { historyEventItem } from '#shared/adapters/application-store';
import { keys, type TransactItem, transactWithRetries } from '#shared/adapters/dynamodb';
import { type TaskTable, taskKey } from '#shared/adapters/tasks/task-table';
import type { HistoryEvent } from '#shared/domain/application';
import type { RecordOutcome, TaskRef } from '#shared/domain/tasks';

/**
 * The answer, all or nothing: the link is marked used, the task takes the
 * answer, the history records who did what, and `applicationItem` checks
 * (or changes) the application. 'refused' when any condition failed.
 */
export async function recordAnswer(
  table: TaskTable,
  ref: TaskRef,
  linkId: string,
  answer: {
    status: 'ANSWERED' | 'RECUSED' | 'DECIDED' | 'RETURNED';
    field: 'answer' | 'recusal' | 'decision' | 'returned';
    value: object;
  },
  event: HistoryEvent,
  applicationItem: TransactItem,
): Promise<RecordOutcome> {
  const { tableName } = table;
  const items: TransactItem[] = [
    {
      Update: {
        TableName: tableName,
        Key: keys.link(linkId),
        UpdateExpression: 'SET usedAt = :at',
        ConditionExpression: 'attribute_exists(PK) AND attribute_not_exists(usedAt)',
        ExpressionAttributeValues: { ':at': event.at },
      },
    },
    {
      Update: {
        TableName: tableName,
        Key: taskKey(ref),
        UpdateExpression: 'SET #status = :done, #answer = :answer',
        ConditionExpression: '#status = :pending AND linkId = :linkId',
        ExpressionAttributeNames: { '#status': 'status', '#answer': answer.field },
        ExpressionAttributeValues: {
          ':done': answer.status,
          ':answer': answer.value,
          ':pending': 'PENDING',
          ':linkId': linkId,
        },
      },
    },
    historyEventItem(tableName, ref.applicationId, event),
    applicationItem,
  ];
  return transactWithRetries(table.client, items);
}

/** A review counts only while the application is IN_REVIEW. */
export function stillInReview(tableName: string, applicationId: string): TransactItem {
  return {
    ConditionCheck: {
      TableName: tableName,
      Key: keys.application(applicationId),
      ConditionExpression: '#status = :inReview',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':inReview': 'IN_REVIEW' },
    },
  };
}

/**
 * Marks the application decided in the same write as the decision. The
 * version bump makes a concurrent withdrawal's version-conditional write
 * fail and re-read, after which it sees `signoffDecidedAt` and refuses:
 * exactly one of the two wins.
 */
export function markDecided(tableName: string, applicationId: string, decidedAt: string): TransactItem {
  return {
    Update: {
      TableName: tableName,
      Key: keys.application(applicationId),
      UpdateExpression: 'SET signoffDecidedAt = :at, updatedAt = :at, version = version + :one',
      ConditionExpression: '#status = :awaiting AND attribute_not_exists(signoffDecidedAt)',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':at': decidedAt, ':one': 1, ':awaiting': 'AWAITING_SIGNOFF' },
    },
  };
}
