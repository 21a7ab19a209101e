import { BatchGetCommand, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { historyEventItem } from '#shared/adapters/application-store';
import {
  isConditionFailure,
  keys,
  putIfAbsent,
  rethrowTransient,
  transactWithRetries,
  withoutKeys,
} from '#shared/adapters/dynamodb';
import { batchWrite, inBatches, untilProcessed } from '#shared/adapters/registry/table';
import { LINK_RETENTION_SECONDS } from '#shared/adapters/tasks/open-task';
import { reminderAttributes } from '#shared/adapters/tasks/reminders';
import { getItem, type TaskTable, taskView } from '#shared/adapters/tasks/task-table';
import type { ConsentRequest, ConsentStage } from '#shared/domain/tasks';
import type { Tasks } from '#shared/use-cases/ports';

/**
 * The consent stage in DynamoDB. Per party asked: one item, `LINK#<linkId>`,
 * which is both its emailed link and its consent request (kind `consent`).
 * Per application: the stage record `APP#<id>/CONSENT` (counts, status and
 * the one task token of the stage) and the roster `APP#<id>/ROSTER#CONSENT`
 * (the link ids in the order asked, written once: it names the requests
 * without a query or an index).
 */

const BATCH_GET_LIMIT = 100;

type ConsentMethods = Pick<
  Tasks,
  | 'openConsentStage'
  | 'consentStage'
  | 'awaitConsents'
  | 'listConsentRequests'
  | 'getConsentRequest'
  | 'recordConsent'
  | 'claimLinkNotification'
  | 'releaseLinkNotification'
>;

export function consentRecords(table: TaskTable): ConsentMethods {
  const { client, tableName } = table;

  /** The requests by link id, read consistently in batches of 100. */
  const readRequests = async (linkIds: readonly string[]): Promise<Map<string, ConsentRequest>> => {
    const found = new Map<string, ConsentRequest>();
    await inBatches(linkIds, BATCH_GET_LIMIT, (batch) =>
      untilProcessed(
        async (pending) => {
          const result = await client.send(
            new BatchGetCommand({ RequestItems: { [tableName]: { Keys: pending, ConsistentRead: true } } }),
          );
          for (const item of result.Responses?.[tableName] ?? []) {
            const request = withoutKeys<ConsentRequest>(item);
            found.set(request.linkId, request);
          }
          const unprocessed = result.UnprocessedKeys?.[tableName]?.Keys;
          return unprocessed && unprocessed.length > 0 ? (unprocessed as typeof pending) : undefined;
        },
        batch.map((linkId) => keys.link(linkId)),
      ),
    ).catch(rethrowTransient);
    return found;
  };

  const roster = async (applicationId: string): Promise<string[] | null> => {
    const item = await getItem(table, keys.consentRoster(applicationId));
    return item ? (item.linkIds as string[]) : null;
  };

  const stage = async (applicationId: string): Promise<ConsentStage | null> => {
    const item = await getItem(table, keys.consentStage(applicationId));
    return item ? taskView<ConsentStage>(item) : null;
  };

  const inOrder = (linkIds: readonly string[], found: ReadonlyMap<string, ConsentRequest>) =>
    linkIds.flatMap((linkId) => {
      const request = found.get(linkId);
      return request ? [request] : [];
    });

  return {
    async openConsentStage(input) {
      const { applicationId, requestedAt } = input;
      // 1. The roster decides the link ids, once: a re-run keeps the first run's.
      await putIfAbsent(table, {
        ...keys.consentRoster(applicationId),
        applicationId,
        linkIds: input.requests.map((request) => request.linkId),
      });
      const linkIds = (await roster(applicationId)) ?? [];
      // 2. The requests not yet written (a re-run after a crash writes only the missing ones).
      // The parties come in the same order every run; a re-run's fresh ids give way to the roster's.
      const existing = await readRequests(linkIds);
      const ttl = Math.floor(input.expiresAt.getTime() / 1000) + LINK_RETENTION_SECONDS;
      const missing: ConsentRequest[] = [];
      for (const [index, linkId] of linkIds.entries()) {
        if (existing.has(linkId)) continue;
        const party = input.requests[index]?.party;
        if (!party) throw new Error(`consent roster of ${applicationId} names more parties than asked`);
        missing.push({
          linkId,
          kind: 'consent',
          applicationId,
          party,
          status: 'PENDING',
          expiresAt: input.expiresAt.toISOString(),
          createdAt: requestedAt,
          ...(input.remindAt?.length ? { remindAt: [...input.remindAt] } : {}),
        });
      }
      await batchWrite(
        table,
        missing.map((request) => ({
          PutRequest: {
            Item: {
              ...keys.link(request.linkId),
              ...request,
              ...reminderAttributes(request.linkId, request.remindAt),
              ttl,
            },
          },
        })),
      );
      for (const request of missing) existing.set(request.linkId, request);
      // 3. The stage record with its counter, once.
      await putIfAbsent(table, {
        ...keys.consentStage(applicationId),
        applicationId,
        status: 'PENDING',
        asked: linkIds.length,
        pending: linkIds.length,
        confirmed: 0,
        declined: 0,
        deadline: input.deadline,
        requestedAt,
      } satisfies ConsentStage);
      const opened = await stage(applicationId);
      if (!opened) throw new Error(`consent stage of ${applicationId} was not written`);
      return { stage: opened, requests: inOrder(linkIds, existing) };
    },

    consentStage: stage,

    async awaitConsents(applicationId, taskToken) {
      // Storing the token returns the counter as of that write: an answer that
      // brought it to 0 before is seen here, one after sees the token.
      try {
        const result = await client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: keys.consentStage(applicationId),
            UpdateExpression: 'SET taskToken = :token',
            ConditionExpression: '#status = :pending',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':token': taskToken, ':pending': 'PENDING' },
            ReturnValues: 'ALL_NEW',
          }),
        );
        return result.Attributes ? taskView<ConsentStage>(result.Attributes) : null;
      } catch (error) {
        if (isConditionFailure(error)) return null;
        return rethrowTransient(error);
      }
    },

    async listConsentRequests(applicationId) {
      const linkIds = (await roster(applicationId)) ?? [];
      return inOrder(linkIds, await readRequests(linkIds));
    },

    async getConsentRequest(linkId) {
      const result = await client.send(
        new GetCommand({ TableName: tableName, Key: keys.link(linkId), ConsistentRead: true }),
      );
      const item = result.Item ? withoutKeys<ConsentRequest>(result.Item) : null;
      return item?.kind === 'consent' ? item : null;
    },

    recordConsent({ request, answer, event }) {
      const confirmed = answer.answer === 'CONFIRM';
      return transactWithRetries(client, [
        {
          Update: {
            TableName: tableName,
            Key: keys.link(request.linkId),
            UpdateExpression: 'SET usedAt = :at, #status = :done, answer = :answer',
            ConditionExpression:
              'attribute_exists(PK) AND attribute_not_exists(usedAt) AND #status = :pending',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: {
              ':at': answer.answeredAt,
              ':done': confirmed ? 'CONFIRMED' : 'DECLINED',
              ':answer': answer,
              ':pending': 'PENDING',
            },
          },
        },
        {
          Update: {
            TableName: tableName,
            Key: keys.consentStage(request.applicationId),
            UpdateExpression: 'SET pending = pending - :one, #counted = #counted + :one',
            ConditionExpression: '#status = :pending AND pending > :zero',
            ExpressionAttributeNames: {
              '#status': 'status',
              '#counted': confirmed ? 'confirmed' : 'declined',
            },
            ExpressionAttributeValues: { ':one': 1, ':zero': 0, ':pending': 'PENDING' },
          },
        },
        historyEventItem(tableName, request.applicationId, event),
        {
          ConditionCheck: {
            TableName: tableName,
            Key: keys.application(request.applicationId),
            ConditionExpression: '#status = :awaiting',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':awaiting': 'AWAITING_CONSENT' },
          },
        },
      ]);
    },

    async claimLinkNotification(linkId, at) {
      try {
        await client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: keys.link(linkId),
            UpdateExpression: 'SET notifiedAt = :at',
            ConditionExpression: 'attribute_exists(PK) AND attribute_not_exists(notifiedAt)',
            ExpressionAttributeValues: { ':at': at },
          }),
        );
        return true;
      } catch (error) {
        if (isConditionFailure(error)) return false;
        return rethrowTransient(error);
      }
    },

    async releaseLinkNotification(linkId) {
      try {
        await client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: keys.link(linkId),
            UpdateExpression: 'REMOVE notifiedAt',
            ConditionExpression: 'attribute_exists(PK)',
          }),
        );
      } catch (error) {
        if (!isConditionFailure(error)) rethrowTransient(error);
      }
    },
  };
}
