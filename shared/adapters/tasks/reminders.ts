import { QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import {
  type DocumentClient,
  gsi1,
  isConditionFailure,
  keys,
  rethrowTransient,
  withoutKeys,
} from '#shared/adapters/dynamodb';
import type { LinkRecord } from '#shared/domain/tasks';
import type { DueReminder, Reminders } from '#shared/use-cases/ports';

/**
 * A link with reminders to send sits in the sparse GSI1 partition `REMINDER`,
 * sorted by its next due time; taking a reminder moves it to the next one,
 * or out of the index when none is left. No item of its own: the link is
 * written anyway, and a link that leaves the index costs nothing to keep.
 */

const sortKey = (dueAt: string, linkId: string) => `${dueAt}#${linkId}`;

/** The attributes that put a new link's first reminder in the index. */
export function reminderAttributes(linkId: string, remindAt: readonly string[] | undefined) {
  const [first] = remindAt ?? [];
  if (!first) return {};
  return { remindAt: [...(remindAt ?? [])], GSI1PK: gsi1.reminders, GSI1SK: sortKey(first, linkId) };
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
    async due(now, limit) {
      const result = await client
        .send(
          new QueryCommand({
            TableName: tableName,
            IndexName: gsi1.indexName,
            KeyConditionExpression: 'GSI1PK = :reminders AND GSI1SK <= :now',
            ExpressionAttributeValues: { ':reminders': gsi1.reminders, ':now': `${now}#\uffff` },
            Limit: limit,
          }),
        )
        .catch(rethrowTransient);
      return (result.Items ?? []).map((item) => {
        const link = withoutKeys<LinkRecord>(item);
        return { link, dueAt: String(item.GSI1SK).split('#')[0] as string };
      });
    },

    take(reminder) {
      const [next, ...later] = remaining(reminder);
      const { linkId } = reminder.link;
      return update({
        Key: keys.link(linkId),
        ...(next
          ? {
              UpdateExpression: 'SET remindAt = :rest, GSI1SK = :next',
              ExpressionAttributeValues: {
                ':rest': [next, ...later],
                ':next': sortKey(next, linkId),
                ':expected': sortKey(reminder.dueAt, linkId),
              },
            }
          : {
              UpdateExpression: 'REMOVE remindAt, GSI1PK, GSI1SK',
              ExpressionAttributeValues: { ':expected': sortKey(reminder.dueAt, linkId) },
            }),
        ConditionExpression: 'GSI1SK = :expected',
      });
    },

    async putBack(reminder) {
      const { linkId } = reminder.link;
      await update({
        Key: keys.link(linkId),
        UpdateExpression: 'SET remindAt = :all, GSI1PK = :reminders, GSI1SK = :due',
        ConditionExpression: 'attribute_exists(PK)',
        ExpressionAttributeValues: {
          ':all': [reminder.dueAt, ...remaining(reminder)],
          ':reminders': gsi1.reminders,
          ':due': sortKey(reminder.dueAt, linkId),
        },
      });
    },

    async drop(linkId) {
      await update({
        Key: keys.link(linkId),
        UpdateExpression: 'REMOVE remindAt, GSI1PK, GSI1SK',
        ConditionExpression: 'attribute_exists(PK)',
      });
    },
  };
}
