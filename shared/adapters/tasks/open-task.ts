import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { cancellationReasons, keys, rethrowTransient } from '#shared/adapters/dynamodb';
import { reminderAttributes } from '#shared/adapters/tasks/reminders';
import {
  getItem,
  getLink,
  swapPendingToken,
  type TaskTable,
  taskKey,
  taskView,
} from '#shared/adapters/tasks/task-table';
import type { LinkRecord, Opened, OpenTaskInput, TaskRef } from '#shared/domain/tasks';

/** Kept after expiry so a late click still learns the link was used (409) rather than unknown. */
export const LINK_RETENTION_SECONDS = 30 * 24 * 3600;

async function existingTask<T extends { linkId: string }>(
  table: TaskTable,
  ref: TaskRef,
): Promise<{ task: T; link: LinkRecord }> {
  const item = await getItem(table, taskKey(ref));
  const task = item ? taskView<T>(item) : null;
  const link = task ? await getLink(table, task.linkId) : null;
  if (!task || !link) throw new Error(`task ${taskKey(ref).SK} of ${ref.applicationId} is incomplete`);
  return { task, link };
}

/**
 * Creates the task and its link, or, if the task exists (a retried or
 * re-entered request step), swaps in the new token while it is pending.
 */
export async function openTask<T extends { linkId: string; status: string }>(
  table: TaskTable,
  ref: TaskRef,
  task: T,
  link: LinkRecord,
  input: OpenTaskInput,
): Promise<Opened<T>> {
  const { client, tableName } = table;
  const ttl = Math.floor(input.expiresAt.getTime() / 1000) + LINK_RETENTION_SECONDS;
  try {
    await client.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: tableName,
              Item: { ...taskKey(ref), ...task, taskToken: input.taskToken },
              ConditionExpression: 'attribute_not_exists(PK)',
            },
          },
          {
            Put: {
              TableName: tableName,
              Item: {
                ...keys.link(link.linkId),
                ...link,
                ...reminderAttributes(link.linkId, input.remindAt),
                ttl,
              },
              ConditionExpression: 'attribute_not_exists(PK)',
            },
          },
        ],
      }),
    );
    const remindAt = input.remindAt?.length ? { remindAt: [...input.remindAt] } : {};
    return { task, link: { ...link, ...remindAt }, created: true };
  } catch (error) {
    if (cancellationReasons(error)[0] !== 'ConditionalCheckFailed') return rethrowTransient(error);
  }
  // Already answered: the caller completes the new token with the stored answer.
  await swapPendingToken(table, ref, input.taskToken);
  return { ...(await existingTask<T>(table, ref)), created: false };
}
