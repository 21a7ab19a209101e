import { historyEventItem } from '#shared/adapters/application-store';
import { keys, type TransactItem, transactWithRetries } from '#shared/adapters/dynamodb';
import { LINK_RETENTION_SECONDS } from '#shared/adapters/tasks/open-task';
import { reminderAttributes } from '#shared/adapters/tasks/reminders';
import type { TaskTable } from '#shared/adapters/tasks/task-table';
import type { RecordOutcome } from '#shared/domain/tasks';
import type { SignoffHandover } from '#shared/use-cases/ports';

/**
 * Escalation and delegation in one transaction (see `Tasks.handOverSignoff`).
 * The sign-off item stays the one the workflow's token lives in: a
 * delegation moves the holder and link and keeps the token, so the waiting
 * step goes on waiting with its deadline unchanged; an escalation also
 * brings the escalation step's new token, once (`escalatedAt`). The old link
 * is marked superseded so it answers why it stopped working. A decision
 * racing the handover on the same link conditions on the same link id and
 * pending status: exactly one of the two is written.
 */
export function handOverSignoff(table: TaskTable, input: SignoffHandover): Promise<RecordOutcome> {
  const { tableName } = table;
  const at = input.event.at;
  const escalation = input.escalation;
  const set = [
    'officialId = :to',
    'linkId = :newLink',
    ...(escalation
      ? ['taskToken = :token', 'deadline = :deadline', 'escalatedAt = :at', 'escalatedFrom = :from']
      : ['delegatedAt = :at', 'delegatedFrom = :from', 'delegationComment = :comment']),
  ];
  const values: Record<string, unknown> = {
    ':to': input.toOfficialId,
    ':newLink': input.link.linkId,
    ':oldLink': input.fromLinkId,
    ':from': input.fromOfficialId,
    ':at': at,
    ':pending': 'PENDING',
    ...(escalation
      ? { ':token': escalation.taskToken, ':deadline': escalation.deadline }
      : { ':comment': input.comment ?? '' }),
  };
  const items: TransactItem[] = [
    {
      Update: {
        TableName: tableName,
        Key: keys.signoff(input.applicationId),
        // A new holder gets its own email: the notification claim starts over.
        UpdateExpression: `SET ${set.join(', ')} REMOVE notifiedAt`,
        ConditionExpression: `#status = :pending AND linkId = :oldLink${escalation ? ' AND attribute_not_exists(escalatedAt)' : ''}`,
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: values,
      },
    },
    {
      Update: {
        TableName: tableName,
        Key: keys.link(input.fromLinkId),
        UpdateExpression: 'SET supersededBy = :kind',
        ConditionExpression: 'attribute_exists(PK) AND attribute_not_exists(usedAt)',
        ExpressionAttributeValues: { ':kind': input.kind },
      },
    },
    {
      Put: {
        TableName: tableName,
        Item: {
          ...keys.link(input.link.linkId),
          ...input.link,
          ...reminderAttributes(input.link.linkId, input.link.remindAt),
          ttl: Math.floor(Date.parse(input.link.expiresAt) / 1000) + LINK_RETENTION_SECONDS,
        },
        ConditionExpression: 'attribute_not_exists(PK)',
      },
    },
    historyEventItem(tableName, input.applicationId, input.event),
    {
      ConditionCheck: {
        TableName: tableName,
        Key: keys.application(input.applicationId),
        ConditionExpression: '#status = :awaiting AND attribute_not_exists(signoffDecidedAt)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':awaiting': 'AWAITING_SIGNOFF' },
      },
    },
  ];
  return transactWithRetries(table.client, items);
}
