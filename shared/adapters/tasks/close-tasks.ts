import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { isConditionFailure, keys, queryEveryPage, rethrowTransient } from '#shared/adapters/dynamodb';
import type { TaskTable } from '#shared/adapters/tasks/task-table';
import type { TaskKind } from '#shared/domain/tasks';

/** Sort keys of each kind's task items (the consent stage is one item: its requests need no closing). */
const SORT_KEYS: Record<TaskKind, { prefix: string } | { exact: string }> = {
  review: { prefix: 'REVIEW#' },
  signoff: { exact: 'SIGNOFF' },
  consent: { exact: 'CONSENT' },
  amendment: { prefix: 'AMENDMENT#' },
};

/**
 * Ends the tasks of `kinds` of an application whose workflow no longer waits
 * for them (withdrawn, expired, failed, or the review stage over): each
 * still-pending task becomes CLOSED and loses its task token in one write,
 * and an answered one that kept its token (its workflow was not reachable
 * when it was answered) loses the token. With `keepOpen` (a FAILED
 * application, which a redrive may resume) pending tasks stay PENDING and
 * only lose their tokens, so the request step of the redriven run swaps in a
 * new token and the emailed link works again. Idempotent; returns how many
 * items it changed.
 */
export async function closeTasks(
  table: TaskTable,
  applicationId: string,
  kinds: readonly TaskKind[],
  at: string,
  mode: 'close' | 'keepOpen' = 'close',
): Promise<number> {
  const { client, tableName } = table;
  const pk = keys.application(applicationId).PK;
  const items = (
    await Promise.all(
      kinds.map((kind) => {
        const sortKey = SORT_KEYS[kind];
        return queryEveryPage(client, {
          TableName: tableName,
          KeyConditionExpression:
            'prefix' in sortKey ? 'PK = :pk AND begins_with(SK, :sk)' : 'PK = :pk AND SK = :sk',
          ExpressionAttributeValues: {
            ':pk': pk,
            ':sk': 'prefix' in sortKey ? sortKey.prefix : sortKey.exact,
          },
          ProjectionExpression: 'PK, SK, #status, taskToken',
          ExpressionAttributeNames: { '#status': 'status' },
          ConsistentRead: true,
        });
      }),
    )
  ).flat();

  const update = async (key: Record<string, unknown>, pending: boolean): Promise<boolean> => {
    const command = pending
      ? {
          UpdateExpression: 'SET #status = :closed, closedAt = :at REMOVE taskToken',
          ConditionExpression: '#status = :pending',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':closed': 'CLOSED', ':at': at, ':pending': 'PENDING' },
        }
      : { UpdateExpression: 'REMOVE taskToken', ConditionExpression: 'attribute_exists(PK)' };
    try {
      await client.send(new UpdateCommand({ TableName: tableName, Key: key, ...command }));
      return true;
    } catch (error) {
      if (!isConditionFailure(error)) return rethrowTransient(error);
      // Answered meanwhile: its answer stands, only the token goes.
      return pending ? update(key, false) : false;
    }
  };

  let changed = 0;
  for (const item of items) {
    const key = { PK: item.PK, SK: item.SK };
    if (item.status === 'PENDING' && mode === 'close') changed += (await update(key, true)) ? 1 : 0;
    else if (item.taskToken !== undefined) changed += (await update(key, false)) ? 1 : 0;
  }
  return changed;
}
