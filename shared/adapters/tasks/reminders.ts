import { QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import {
  type DocumentClient,
  gsi2,
  isConditionFailure,
  keys,
  rethrowTransient,
} from '#shared/adapters/dynamodb';
import { type CursorShape, decodeCursor, encodeCursor } from '#shared/adapters/paging';
import { getLink } from '#shared/adapters/tasks/task-table';
import type { DueReminder, Reminders } from '#shared/use-cases/ports';

/**
 * A link with reminders to send sits in the sparse, keys-only GSI2 partition
 * `REMINDER`, sorted by its next due time; taking a reminder moves it to the
 * next one, or out of the index when none is left. No item of its own: the
 * link is written anyway. Keys only, so the link's other updates (used,
 * superseded) write nothing to the index; the sweep reads the due links
 * themselves, consistently.
 */

const sortKey = (dueAt: string, linkId: string) => `${dueAt}#${linkId}`;

/** Where a sweep's read of due reminders stopped: a link's key in the `REMINDER` partition. */
const DUE_CURSOR: CursorShape = {
  attributes: ['PK', 'SK', 'GSI2PK', 'GSI2SK'],
  equals: { GSI2PK: gsi2.reminders, SK: 'META' },
  prefixes: { PK: 'LINK#' },
};

/** The attributes that put a new link's first reminder in the index. */
export function reminderAttributes(linkId: string, remindAt: readonly string[] | undefined) {
  const [first] = remindAt ?? [];
  if (!first) return {};
  return { remindAt: [...(remindAt ?? [])], GSI2PK: gsi2.reminders, GSI2SK: sortKey(first, linkId) };
}

export function dynamoReminders(client: DocumentClient, tableName: string): Reminders {
  const update = async (input: Omit<ConstructorParameters<typeof UpdateCommand>[0], 'TableName'>) => {
    try {
      await client.send(new UpdateCommand({ TableName: tableName, ...input }));
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      return rethrowTransient(error);
    }
  };
  const remaining = (reminder: DueReminder) =>
    (reminder.link.remindAt ?? []).filter((at) => at > reminder.dueAt);

  return {
    async due(now, page) {
      const result = await client
        .send(
          new QueryCommand({
            TableName: tableName,
            IndexName: gsi2.indexName,
            KeyConditionExpression: 'GSI2PK = :reminders AND GSI2SK <= :now',
            ExpressionAttributeValues: { ':reminders': gsi2.reminders, ':now': `${now}#\uffff` },
            Limit: page.limit,
            ExclusiveStartKey: decodeCursor(page.cursor, DUE_CURSOR),
          }),
        )
        .catch(rethrowTransient);
      const due = await Promise.all(
        (result.Items ?? []).map(async (item) => {
          const link = await getLink({ client, tableName }, String(item.PK).replace(/^LINK#/, ''));
          return link ? { link, dueAt: String(item.GSI2SK).split('#')[0] as string } : null;
        }),
      );
      return {
        items: due.filter((reminder): reminder is DueReminder => reminder !== null),
        next: encodeCursor(result.LastEvaluatedKey),
      };
    },

    take(reminder, now) {
      const [next, ...later] = remaining(reminder).filter((at) => at > now);
      const { linkId } = reminder.link;
      return update({
        Key: keys.link(linkId),
        ...(next
          ? {
              UpdateExpression: 'SET remindAt = :rest, GSI2SK = :next',
              ExpressionAttributeValues: {
                ':rest': [next, ...later],
                ':next': sortKey(next, linkId),
                ':expected': sortKey(reminder.dueAt, linkId),
              },
            }
          : {
              UpdateExpression: 'REMOVE remindAt, GSI2PK, GSI2SK',
              ExpressionAttributeValues: { ':expected': sortKey(reminder.dueAt, linkId) },
            }),
        ConditionExpression: 'GSI2SK = :expected',
      });
    },

    async putBack(reminder) {
      const { linkId } = reminder.link;
      await update({
        Key: keys.link(linkId),
        UpdateExpression: 'SET remindAt = :all, GSI2PK = :reminders, GSI2SK = :due',
        ConditionExpression: 'attribute_exists(PK)',
        ExpressionAttributeValues: {
          ':all': [reminder.dueAt, ...remaining(reminder)],
          ':reminders': gsi2.reminders,
          ':due': sortKey(reminder.dueAt, linkId),
        },
      });
    },

    async drop(linkId) {
      await update({
        Key: keys.link(linkId),
        UpdateExpression: 'REMOVE remindAt, GSI2PK, GSI2SK',
        ConditionExpression: 'attribute_exists(PK)',
      });
    },
  };
}
