import { GetCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { historyEventItem } from '#shared/adapters/application-store';
import {
  cancellationReasons,
  type DocumentClient,
  isConditionFailure,
  keys,
  queryEveryPage,
  rethrowTransient,
  type TransactItem,
  withoutKeys,
} from '#shared/adapters/dynamodb';
import type { HistoryEvent } from '#shared/domain/application';
import type { Recommendation, ReviewScores } from '#shared/domain/tally';
import type { LinkScope } from '#shared/links/signature';

/**
 * The human tasks of the workflow: one review task per (application,
 * expert), one sign-off task per application, and the email link of each.
 * The Step Functions task token lives only in the task item, written by the
 * request step and removed once used; nothing this store returns carries it
 * except `taskToken()`, which exists to complete the task.
 */

export interface ReviewAnswerRecord {
  recommendation: Recommendation;
  scores: ReviewScores;
  comment?: string;
  answeredAt: string;
}

export interface ReviewTask {
  applicationId: string;
  expertId: string;
  status: 'PENDING' | 'ANSWERED';
  linkId: string;
  requestedAt: string;
  /** Set once the expert's email went out: a retried request step does not send it again. */
  notifiedAt?: string;
  answer?: ReviewAnswerRecord;
}

export interface SignoffDecisionRecord {
  outcome: 'APPROVED' | 'REJECTED';
  comment: string;
  decidedAt: string;
}

export interface SignoffTask {
  applicationId: string;
  officialId: string;
  status: 'PENDING' | 'DECIDED';
  linkId: string;
  requestedAt: string;
  notifiedAt?: string;
  decision?: SignoffDecisionRecord;
}

/** LINK#<id>: what an emailed link points at. Deleted by TTL a while after it expires. */
export interface LinkRecord {
  linkId: string;
  kind: LinkScope;
  applicationId: string;
  expertId?: string;
  officialId?: string;
  expiresAt: string;
  createdAt: string;
  /** Set in the same transaction that records the answer: a link works once. */
  usedAt?: string;
}

export type TaskRef =
  | { kind: 'review'; applicationId: string; expertId: string }
  | { kind: 'signoff'; applicationId: string };

export interface Opened<T> {
  task: T;
  link: LinkRecord;
  /** False when the task already existed: its token was swapped for the new one, or it was already answered. */
  created: boolean;
}

export interface OpenTaskInput {
  applicationId: string;
  taskToken: string;
  linkId: string;
  expiresAt: Date;
  requestedAt: string;
}

export type RecordOutcome = 'recorded' | 'refused';

/** Kept after expiry so a late click still learns the link was used (409) rather than unknown. */
const LINK_RETENTION_SECONDS = 30 * 24 * 3600;
/** Two posts of one link at once make DynamoDB cancel one with TransactionConflict; the retry then sees the winner. */
const CONFLICT_RETRIES = 4;

const taskKey = (ref: TaskRef) =>
  ref.kind === 'review' ? keys.review(ref.applicationId, ref.expertId) : keys.signoff(ref.applicationId);

function taskView<T>(item: Record<string, unknown>): T {
  const { taskToken: _token, ...rest } = withoutKeys<Record<string, unknown>>(item);
  return rest as T;
}

export function dynamoTaskStore(client: DocumentClient, tableName: string) {
  const getItem = async (key: { PK: string; SK: string }) =>
    (await client.send(new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true }))).Item ??
    null;

  const getLink = async (linkId: string): Promise<LinkRecord | null> => {
    const item = await getItem(keys.link(linkId));
    return item ? withoutKeys<LinkRecord>(item) : null;
  };

  const existingTask = async <T extends { linkId: string }>(
    ref: TaskRef,
  ): Promise<{ task: T; link: LinkRecord }> => {
    const item = await getItem(taskKey(ref));
    const task = item ? taskView<T>(item) : null;
    const link = task ? await getLink(task.linkId) : null;
    if (!task || !link) throw new Error(`task ${taskKey(ref).SK} of ${ref.applicationId} is incomplete`);
    return { task, link };
  };

  /**
   * Creates the task and its link, or, if the task exists (a retried or
   * re-entered request step), swaps in the new token while it is pending.
   */
  const open = async <T extends { linkId: string; status: string }>(
    ref: TaskRef,
    task: T,
    link: LinkRecord,
    input: OpenTaskInput,
  ): Promise<Opened<T>> => {
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
                Item: { ...keys.link(link.linkId), ...link, ttl },
                ConditionExpression: 'attribute_not_exists(PK)',
              },
            },
          ],
        }),
      );
      return { task, link, created: true };
    } catch (error) {
      if (cancellationReasons(error)[0] !== 'ConditionalCheckFailed') return rethrowTransient(error);
    }
    try {
      await client.send(
        new UpdateCommand({
          TableName: tableName,
          Key: taskKey(ref),
          UpdateExpression: 'SET taskToken = :token',
          ConditionExpression: '#status = :pending',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':token': input.taskToken, ':pending': 'PENDING' },
        }),
      );
    } catch (error) {
      // Already answered: the caller completes the new token with the stored answer.
      if (!isConditionFailure(error)) return rethrowTransient(error);
    }
    return { ...(await existingTask<T>(ref)), created: false };
  };

  /**
   * The answer, all or nothing: the link is marked used, the task takes the
   * answer, the history records who did what, and `applicationItem` checks
   * (or changes) the application. 'refused' when any condition failed.
   */
  const record = async (
    ref: TaskRef,
    linkId: string,
    answer: { status: 'ANSWERED' | 'DECIDED'; field: 'answer' | 'decision'; value: object },
    event: HistoryEvent,
    applicationItem: TransactItem,
  ): Promise<RecordOutcome> => {
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
    for (let attempt = 0; ; attempt++) {
      try {
        await client.send(new TransactWriteCommand({ TransactItems: items }));
        return 'recorded';
      } catch (error) {
        const reasons = cancellationReasons(error);
        if (reasons.includes('ConditionalCheckFailed')) return 'refused';
        if (!reasons.includes('TransactionConflict') || attempt >= CONFLICT_RETRIES)
          return rethrowTransient(error);
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 50 * 2 ** attempt));
      }
    }
  };

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
    getLink,

    async listReviews(applicationId: string): Promise<ReviewTask[]> {
      const items = await queryEveryPage(client, {
        TableName: tableName,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :review)',
        ExpressionAttributeValues: { ':pk': keys.application(applicationId).PK, ':review': 'REVIEW#' },
        ConsistentRead: true,
      });
      return items.map((item) => taskView<ReviewTask>(item));
    },

    async getReview(applicationId: string, expertId: string): Promise<ReviewTask | null> {
      const item = await getItem(keys.review(applicationId, expertId));
      return item ? taskView<ReviewTask>(item) : null;
    },

    async getSignoff(applicationId: string): Promise<SignoffTask | null> {
      const item = await getItem(keys.signoff(applicationId));
      return item ? taskView<SignoffTask>(item) : null;
    },

    openReview(input: OpenTaskInput & { expertId: string }): Promise<Opened<ReviewTask>> {
      const { applicationId, expertId, linkId, requestedAt } = input;
      return open<ReviewTask>(
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

    openSignoff(input: OpenTaskInput & { officialId: string }): Promise<Opened<SignoffTask>> {
      const { applicationId, officialId, linkId, requestedAt } = input;
      return open<SignoffTask>(
        { kind: 'signoff', applicationId },
        { applicationId, officialId, status: 'PENDING', linkId, requestedAt },
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

    /** Records a review if the link is unused, the task pending and the application still IN_REVIEW. */
    recordReview(input: {
      link: LinkRecord;
      expertId: string;
      answer: ReviewAnswerRecord;
      event: HistoryEvent;
    }) {
      const { link, expertId, answer, event } = input;
      return record(
        { kind: 'review', applicationId: link.applicationId, expertId },
        link.linkId,
        { status: 'ANSWERED', field: 'answer', value: answer },
        event,
        {
          ConditionCheck: {
            TableName: tableName,
            Key: keys.application(link.applicationId),
            ConditionExpression: '#status = :inReview',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':inReview': 'IN_REVIEW' },
          },
        },
      );
    },

    /**
     * Records the official's decision and marks the application decided in
     * the same write. The version bump makes a concurrent withdrawal's
     * version-conditional write fail and re-read, after which it sees
     * `signoffDecidedAt` and refuses: exactly one of the two wins.
     */
    recordSignoff(input: { link: LinkRecord; decision: SignoffDecisionRecord; event: HistoryEvent }) {
      const { link, decision, event } = input;
      return record(
        { kind: 'signoff', applicationId: link.applicationId },
        link.linkId,
        { status: 'DECIDED', field: 'decision', value: decision },
        event,
        {
          Update: {
            TableName: tableName,
            Key: keys.application(link.applicationId),
            UpdateExpression: 'SET signoffDecidedAt = :at, updatedAt = :at, version = version + :one',
            ConditionExpression: '#status = :awaiting AND attribute_not_exists(signoffDecidedAt)',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: {
              ':at': decision.decidedAt,
              ':one': 1,
              ':awaiting': 'AWAITING_SIGNOFF',
            },
          },
        },
      );
    },

    /** The token that completes the task; only the code that completes it reads it. */
    async taskToken(ref: TaskRef): Promise<string | null> {
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

    /** Removes a used token, unless a re-entered request step already swapped in a newer one. */
    async clearTaskToken(ref: TaskRef, token: string): Promise<void> {
      await conditionalSet(ref, {
        UpdateExpression: 'REMOVE taskToken',
        ConditionExpression: 'taskToken = :token',
        ExpressionAttributeValues: { ':token': token },
      });
    },

    /** Claims the task's email; false if it was already sent (or is being sent). */
    claimNotification(ref: TaskRef, at: string): Promise<boolean> {
      return conditionalSet(ref, {
        UpdateExpression: 'SET notifiedAt = :at',
        ConditionExpression: 'attribute_exists(PK) AND attribute_not_exists(notifiedAt)',
        ExpressionAttributeValues: { ':at': at },
      });
    },

    /** Undoes a claim whose email could not be sent, so the step's retry sends it. */
    async releaseNotification(ref: TaskRef): Promise<void> {
      await conditionalSet(ref, { UpdateExpression: 'REMOVE notifiedAt' });
    },
  };
}

export type TaskStore = ReturnType<typeof dynamoTaskStore>;
