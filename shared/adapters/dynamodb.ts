import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { traced } from '#shared/adapters/tracing';
import { TransientError } from '#shared/errors';

/**
 * One client per execution environment. The endpoint comes from the standard
 * AWS SDK variables (AWS_ENDPOINT_URL_DYNAMODB locally), so this code does not
 * know whether it runs in AWS or in the local runtime. Traced in X-Ray.
 */
export const documentClient = DynamoDBDocumentClient.from(traced(new DynamoDBClient({})), {
  marshallOptions: { removeUndefinedValues: true },
});

export type DocumentClient = Pick<DynamoDBDocumentClient, 'send'>;

export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

const TRANSIENT = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'InternalServerError',
  'ServiceUnavailable',
  'TransactionInProgressException',
]);

/** Every item a query matches, following `LastEvaluatedKey` page after page. */
export async function queryEveryPage(
  client: DocumentClient,
  input: Omit<QueryCommandInput, 'ExclusiveStartKey'>,
): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const result = await client.send(new QueryCommand({ ...input, ExclusiveStartKey: startKey }));
    items.push(...(result.Items ?? []));
    startKey = result.LastEvaluatedKey;
  } while (startKey);
  return items;
}

export function isConditionFailure(error: unknown): boolean {
  return error instanceof Error && error.name === 'ConditionalCheckFailedException';
}

/** Cancellation reasons of a failed transaction, in item order ('None' for items that passed). */
export function cancellationReasons(error: unknown): string[] {
  if (error instanceof Error && error.name === 'TransactionCanceledException') {
    const reasons = (error as { CancellationReasons?: Array<{ Code?: string }> }).CancellationReasons ?? [];
    return reasons.map((reason) => reason.Code ?? 'None');
  }
  return [];
}

/**
 * Two posts of one link at once, or many consent answers updating one stage
 * counter at once, make DynamoDB cancel some with TransactionConflict; a
 * retry after a jittered pause then sees the winner's write.
 */
const CONFLICT_RETRIES = 10;

/** A transaction that races others: 'refused' when a condition failed; conflicts retried. */
export async function transactWithRetries(
  client: DocumentClient,
  items: TransactItem[],
): Promise<'recorded' | 'refused'> {
  for (let attempt = 0; ; attempt++) {
    try {
      await client.send(new TransactWriteCommand({ TransactItems: items }));
      return 'recorded';
    } catch (error) {
      const reasons = cancellationReasons(error);
      if (reasons.includes('ConditionalCheckFailed')) return 'refused';
      if (!reasons.includes('TransactionConflict') || attempt >= CONFLICT_RETRIES)
        return rethrowTransient(error);
      const pause = Math.random() * Math.min(1000, 20 * 2 ** attempt);
      await new Promise((resolve) => setTimeout(resolve, pause));
    }
  }
}

/** Puts an item that must be new (its `PK` and `SK` unused): false if one with its key exists. */
export async function putIfAbsent(
  table: { client: DocumentClient; tableName: string },
  item: Record<string, unknown>,
): Promise<boolean> {
  try {
    await table.client.send(
      new PutCommand({
        TableName: table.tableName,
        Item: item,
        ConditionExpression: 'attribute_not_exists(PK)',
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    return rethrowTransient(error);
  }
}

/** Throttling and transaction conflicts become TransientError, which the workflow retries with backoff. */
export function rethrowTransient(error: unknown): never {
  if (error instanceof Error) {
    const reasons = cancellationReasons(error);
    if (
      TRANSIENT.has(error.name) ||
      reasons.some((code) => code === 'TransactionConflict' || code === 'ThrottlingError')
    ) {
      throw new TransientError(`DynamoDB: ${error.name}`);
    }
  }
  throw error;
}

export const keys = {
  organization: (inn: string) => ({ PK: `ORG#${inn}`, SK: 'PROFILE' }),
  organizationSector: (inn: string, sector: string) => ({ PK: `ORG#${inn}`, SK: `SECTOR#${sector}` }),
  expert: (expertId: string) => ({ PK: `EXPERT#${expertId}`, SK: 'PROFILE' }),
  official: (officialId: string) => ({ PK: `OFFICIAL#${officialId}`, SK: 'PROFILE' }),
  cluster: (clusterId: string) => ({ PK: `CLUSTER#${clusterId}`, SK: 'META' }),
  membership: (clusterId: string, inn: string) => ({ PK: `CLUSTER#${clusterId}`, SK: `MEMBER#${inn}` }),
  partner: (clusterId: string, partnerKey: string) => ({
    PK: `CLUSTER#${clusterId}`,
    SK: `PARTNER#${partnerKey}`,
  }),
  invitation: (invitationId: string) => ({ PK: `INVITATION#${invitationId}`, SK: 'META' }),
  /** One open invitation per cluster and invitee: held by the invitation while it is open. */
  invitationSlot: (clusterId: string, inviteeKey: string) => ({
    PK: `INVITE#${clusterId}#${inviteeKey}`,
    SK: 'GUARD',
  }),
  clusterNameGuard: (normalizedName: string) => ({ PK: `CLUSTERNAME#${normalizedName}`, SK: 'GUARD' }),
  joinGuard: (clusterId: string, inn: string) => ({ PK: `JOIN#${clusterId}#${inn}`, SK: 'GUARD' }),
  application: (applicationId: string) => ({ PK: `APP#${applicationId}`, SK: 'META' }),
  applicationEvent: (applicationId: string, sortKey: string) => ({
    PK: `APP#${applicationId}`,
    SK: `EVENT#${sortKey}`,
  }),
  review: (applicationId: string, expertId: string) => ({
    PK: `APP#${applicationId}`,
    SK: `REVIEW#${expertId}`,
  }),
  signoff: (applicationId: string) => ({ PK: `APP#${applicationId}`, SK: 'SIGNOFF' }),
  consentStage: (applicationId: string) => ({ PK: `APP#${applicationId}`, SK: 'CONSENT' }),
  /** The workflow's wait for the resubmission after the `round`-th return for amendment. */
  amendment: (applicationId: string, round: number) => ({
    PK: `APP#${applicationId}`,
    SK: `AMENDMENT#${round}`,
  }),
  /** The link ids of a consent stage's requests, in the order asked: written once. */
  consentRoster: (applicationId: string) => ({ PK: `APP#${applicationId}`, SK: 'ROSTER#CONSENT' }),
  notice: (applicationId: string, kind: string) => ({ PK: `APP#${applicationId}`, SK: `NOTICE#${kind}` }),
  link: (linkId: string) => ({ PK: `LINK#${linkId}`, SK: 'META' }),
  /** The programme's figures of one day (UTC), running aggregates (shared/domain/figures.ts). */
  figuresOfDay: (day: string) => ({ PK: `STATS#DAY#${day}`, SK: 'FIGURES' }),
  /** How many applications are in each status now. */
  figuresNow: () => ({ PK: 'STATS#NOW', SK: 'FIGURES' }),
} as const;

/** GSI1 partitions: one index serves every "list all X" and "X by Y" query. */
export const gsi1 = {
  indexName: 'GSI1',
  organizations: 'ORG',
  organizationsInSector: (sector: string) => `SECTOR#${sector}`,
  experts: 'EXPERT',
  officials: 'OFFICIAL',
  activeClusters: 'CLUSTER',
  applicationsOf: (inn: string) => `APPLICANT#${inn}`,
  invitationsOf: (clusterId: string) => `INVITATIONS#${clusterId}`,
} as const;

/**
 * GSI2: a sparse, keys-only index of what the scheduled functions look for. Its keys are written
 * only when an item enters or leaves a partition, never on the item's other updates:
 * - `OPEN` / `<createdAt>#<id>`: applications while they are open (the reconciler's list);
 * - `CLOSED#<status>` / `<createdAt>#<id>`: applications once closed, by final status (the
 *   operators' lists: FAILED ones to redrive, say); an application moves there from `OPEN` in the
 *   write that closes it, and back when a redrive reopens it;
 * - `REMINDER` / `<dueAt>#<linkId>`: links with a reminder still to send.
 */
export const gsi2 = {
  indexName: 'GSI2',
  open: 'OPEN',
  openSortKey: (createdAt: string, applicationId: string) => `${createdAt}#${applicationId}`,
  closed: (status: string) => `CLOSED#${status}`,
  reminders: 'REMINDER',
} as const;

/** Strips key attributes from an item read back from the table. */
export function withoutKeys<T>(item: Record<string, unknown>): T {
  const { PK: _pk, SK: _sk, GSI1PK: _g1, GSI1SK: _g1s, GSI2PK: _g2, GSI2SK: _g2s, ttl: _ttl, ...rest } = item;
  return rest as T;
}

/** `SET a = :a, b = :b` for the defined fields of a patch. */
export function setExpression(patch: Record<string, unknown>): {
  UpdateExpression: string;
  ExpressionAttributeNames: Record<string, string>;
  ExpressionAttributeValues: Record<string, unknown>;
} {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const sets = Object.entries(patch)
    .filter(([, value]) => value !== undefined)
    .map(([field, value], index) => {
      names[`#f${index}`] = field;
      values[`:v${index}`] = value;
      return `#f${index} = :v${index}`;
    });
  if (sets.length === 0) throw new Error('setExpression: nothing to set');
  return {
    UpdateExpression: `SET ${sets.join(', ')}`,
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
  };
}
