import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import {
  type DocumentClient,
  isConditionFailure,
  keys,
  queryEveryPage,
  rethrowTransient,
} from '#shared/adapters/dynamodb';
import { amendmentRecords } from '#shared/adapters/tasks/amendments';
import { closeTasks } from '#shared/adapters/tasks/close-tasks';
import { consentRecords } from '#shared/adapters/tasks/consents';
import { handOverSignoff } from '#shared/adapters/tasks/hand-over';
import { openTask } from '#shared/adapters/tasks/open-task';
import { markDecided, recordAnswer, stillInReview } from '#shared/adapters/tasks/record-answer';
import { getItem, getLink, taskKey, taskView } from '#shared/adapters/tasks/task-table';
import type { ReviewTask, SignoffTask, TaskRef } from '#shared/domain/tasks';
import type { Tasks } from '#shared/use-cases/ports';

/**
 * The human tasks in DynamoDB (the `Tasks` port; types in shared/domain/tasks.ts).
 * The Step Functions task token lives only in the task item, written by the
 * request step and removed once used; nothing this store returns carries it
 * except `taskToken()`, which exists to complete the task.
 */
export function dynamoTaskStore(client: DocumentClient, tableName: string): Tasks {
  const table = { client, tableName };

  const conditionalSet = async (
    ref: TaskRef,
    update: Omit<ConstructorParameters<typeof UpdateCommand>[0], 'TableName' | 'Key'>,
  ) => {
    try {
      await client.send(new UpdateCommand({ TableName: tableName, Key: taskKey(ref), ...update }));
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      return rethrowTransient(error);
    }
  };

  return {
    getLink: (linkId) => getLink(table, linkId),

    async listReviews(applicationId) {
      const items = await queryEveryPage(client, {
        TableName: tableName,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :review)',
        ExpressionAttributeValues: { ':pk': keys.application(applicationId).PK, ':review': 'REVIEW#' },
        ConsistentRead: true,
      });
      return items.map((item) => taskView<ReviewTask>(item));
    },

    async getReview(applicationId, expertId) {
      const item = await getItem(table, keys.review(applicationId, expertId));
      return item ? taskView<ReviewTask>(item) : null;
    },

    async getSignoff(applicationId) {
      const item = await getItem(table, keys.signoff(applicationId));
      return item ? taskView<SignoffTask>(item) : null;
    },

    openReview(input) {
      const { applicationId, expertId, linkId, requestedAt } = input;
      return openTask<ReviewTask>(
        table,
        { kind: 'review', applicationId, expertId },
        { applicationId, expertId, status: 'PENDING', linkId, requestedAt },
        {
          linkId,
          kind: 'review',
          applicationId,
          expertId,
          expiresAt: input.expiresAt.toISOString(),
          createdAt: requestedAt,
        },
        input,
      );
    },

    openSignoff(input) {
      const { applicationId, officialId, linkId, requestedAt, deadline } = input;
      return openTask<SignoffTask>(
        table,
        { kind: 'signoff', applicationId },
        {
          applicationId,
          officialId,
          status: 'PENDING',
          linkId,
          requestedAt,
          ...(deadline ? { deadline } : {}),
        },
        {
          linkId,
          kind: 'signoff',
          applicationId,
          officialId,
          expiresAt: input.expiresAt.toISOString(),
          createdAt: requestedAt,
        },
        input,
      );
    },

    handOverSignoff: (input) => handOverSignoff(table, input),

    recordReview({ link, expertId, answer, event }) {
      return recordAnswer(
        table,
        { kind: 'review', applicationId: link.applicationId, expertId },
        link.linkId,
        { status: 'ANSWERED', field: 'answer', value: answer },
        event,
        stillInReview(tableName, link.applicationId),
      );
    },

    recordRecusal({ link, expertId, recusal, event }) {
      return recordAnswer(
        table,
        { kind: 'review', applicationId: link.applicationId, expertId },
        link.linkId,
        { status: 'RECUSED', field: 'recusal', value: recusal },
        event,
        stillInReview(tableName, link.applicationId),
      );
    },

    recordSignoff({ link, decision, event }) {
      return recordAnswer(
        table,
        { kind: 'signoff', applicationId: link.applicationId },
        link.linkId,
        { status: 'DECIDED', field: 'decision', value: decision },
        event,
        markDecided(tableName, link.applicationId, decision.decidedAt),
      );
    },

    async taskToken(ref) {
      const result = await client.send(
        new GetCommand({
          TableName: tableName,
          Key: taskKey(ref),
          ConsistentRead: true,
          ProjectionExpression: 'taskToken',
        }),
      );
      const token = result.Item?.taskToken;
      return typeof token === 'string' ? token : null;
    },

    async clearTaskToken(ref, token) {
      await conditionalSet(ref, {
        UpdateExpression: 'REMOVE taskToken',
        ConditionExpression: 'taskToken = :token',
        ExpressionAttributeValues: { ':token': token },
      });
    },

    closeTasks: (applicationId, kinds, at) => closeTasks(table, applicationId, kinds, at),
    forgetTaskTokens: (applicationId, kinds) => closeTasks(table, applicationId, kinds, '', 'keepOpen'),

    claimNotification(ref, at) {
      return conditionalSet(ref, {
        UpdateExpression: 'SET notifiedAt = :at',
        ConditionExpression: 'attribute_exists(PK) AND attribute_not_exists(notifiedAt)',
        ExpressionAttributeValues: { ':at': at },
      });
    },

    async releaseNotification(ref) {
      await conditionalSet(ref, { UpdateExpression: 'REMOVE notifiedAt' });
    },

    ...consentRecords(table),
    ...amendmentRecords(table),
  };
}
