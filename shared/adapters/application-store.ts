import { randomBytes } from 'node:crypto';
import {
  BatchGetCommand,
  DeleteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  ScanCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import {
  cancellationReasons,
  type DocumentClient,
  gsi1,
  gsi2,
  isConditionFailure,
  keys,
  queryEveryPage,
  rethrowTransient,
  setExpression,
  type TransactItem,
  withoutKeys,
} from '#shared/adapters/dynamodb';
import { metricPointsOf, publishMetricPoints } from '#shared/adapters/figure-metrics';
import { dynamoFigures } from '#shared/adapters/figures-store';
import { decodeCursor, encodeCursor, gsi1PartitionCursor } from '#shared/adapters/paging';
import { clusterActivationItems, membershipItems, prepareCluster } from '#shared/adapters/registry/clusters';
import type { Application, HistoryEvent } from '#shared/domain/application';
import { isOpen, TERMINAL_STATUSES } from '#shared/domain/application';
import { normalizeClusterName } from '#shared/domain/eligibility';
import { creationFigures, type FiguresDelta, transitionFigures } from '#shared/domain/figures';
import { logger } from '#shared/logger';
import { figureMetrics } from '#shared/metrics';
import type { Applications, Figures, StatusChange, TransitionResult } from '#shared/use-cases/ports';

function eventSortKey(at: string): string {
  // The random suffix keeps two events of the same millisecond apart and in a stable order.
  return `${at}#${randomBytes(4).toString('hex')}`;
}

/** A history event as a transaction item, for writers that record an action with their own change. */
export function historyEventItem(tableName: string, applicationId: string, event: HistoryEvent) {
  return {
    Put: {
      TableName: tableName,
      Item: { ...keys.applicationEvent(applicationId, eventSortKey(event.at)), ...event },
    },
  } satisfies TransactItem;
}

/** An application's GSI2 partition: `OPEN` while open, its final status's once closed. */
const statusPartition = (status: Application['status']) => (isOpen(status) ? gsi2.open : gsi2.closed(status));

/** How many index reads one filtered page may take before it returns what it found, with `next`. */
const STATUS_FILTER_READS = 5;
/** Items one filtered read evaluates: an applicant's partition holds its own applications only. */
const STATUS_FILTER_READ_SIZE = 100;

/**
 * The programme figures follow every change of status here, the one place statuses change: after
 * the change commits, its counters are added to the running aggregates (shared/adapters/figures-store.ts)
 * and published as CloudWatch metrics. Best effort: a failure is logged and never fails the change,
 * and a crash between the two leaves the figures one change short (never counted twice: a retried
 * change finds the status changed and changes nothing).
 */
export function figuresRecorder(figures: Figures) {
  return async (delta: FiguresDelta | null): Promise<void> => {
    if (!delta) return;
    publishMetricPoints(metricPointsOf(delta), figureMetrics);
    await figures.record(delta).catch((error: unknown) =>
      logger.warn('programme figures not recorded', {
        errorName: (error as Error)?.name,
        errorMessage: (error as Error)?.message,
        day: delta.day,
      }),
    );
  };
}

/** The applications, their history and their notices in DynamoDB (the `Applications` port). */
export function dynamoApplicationStore(client: DocumentClient, tableName: string): Applications {
  const recordFigures = figuresRecorder(dynamoFigures(client, tableName));
  /**
   * `?status=`: a filter within the applicant's own partition of GSI1 (its applications only, a
   * few to a few hundred), not an index of its own: a status-keyed index would cost an index write
   * on every status change and a backfill, for partitions this small. A page stops at `limit`
   * matches (the cursor is then the last returned item's key) or after a few reads.
   */
  const listByApplicantInStatus = async (
    partition: string,
    status: string,
    limit: number,
    startKey: Record<string, string> | undefined,
  ) => {
    const items: Record<string, unknown>[] = [];
    let exclusiveStartKey: Record<string, unknown> | undefined = startKey;
    for (let read = 0; read < STATUS_FILTER_READS; read++) {
      const result = await client.send(
        new QueryCommand({
          TableName: tableName,
          IndexName: gsi1.indexName,
          KeyConditionExpression: 'GSI1PK = :pk',
          FilterExpression: '#status = :status',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':pk': partition, ':status': status },
          ScanIndexForward: false,
          Limit: STATUS_FILTER_READ_SIZE,
          ExclusiveStartKey: exclusiveStartKey,
        }),
      );
      const found = result.Items ?? [];
      const wanted = limit - items.length;
      if (found.length >= wanted) {
        items.push(...found.slice(0, wanted));
        const last = items[items.length - 1] as Record<string, unknown>;
        const cutShort = found.length > wanted || result.LastEvaluatedKey !== undefined;
        const next = cutShort
          ? { PK: last.PK, SK: last.SK, GSI1PK: last.GSI1PK, GSI1SK: last.GSI1SK }
          : undefined;
        return { items: items.map((item) => withoutKeys<Application>(item)), next: encodeCursor(next) };
      }
      items.push(...found);
      exclusiveStartKey = result.LastEvaluatedKey;
      if (!exclusiveStartKey) break;
    }
    return {
      items: items.map((item) => withoutKeys<Application>(item)),
      next: encodeCursor(exclusiveStartKey),
    };
  };

  const eventPut = (applicationId: string, event: HistoryEvent) =>
    historyEventItem(tableName, applicationId, event);

  /**
   * Closing an application frees the name or join slot it held. Best effort
   * after the status change: a guard left behind by a crash names a closed
   * application, which the next claimant takes over (see `claimSlot`).
   */
  const releaseGuards = async (application: Application) => {
    const guards = [];
    if (application.type === 'CREATE_CLUSTER' && application.cluster && !application.createdClusterId) {
      guards.push(keys.clusterNameGuard(normalizeClusterName(application.cluster.name)));
    }
    if (application.type === 'JOIN_CLUSTER' && application.clusterId) {
      guards.push(keys.joinGuard(application.clusterId, application.applicantInn));
    }
    await Promise.all(
      guards.map((Key) =>
        client
          .send(
            new DeleteCommand({
              TableName: tableName,
              Key,
              ConditionExpression: 'holderId = :app',
              ExpressionAttributeValues: { ':app': application.applicationId },
            }),
          )
          .catch((error: unknown) => (isConditionFailure(error) ? undefined : rethrowTransient(error))),
      ),
    );
  };

  /** Changes the status, appends the history event and writes `alsoWrite`, all in one transaction. */
  const transition = async (
    change: StatusChange,
    alsoWrite: TransactItem[] = [],
  ): Promise<TransitionResult> => {
    const current = await store.get(change.applicationId);
    const allowed = (application: Application) =>
      change.from.includes(application.status) && (change.precondition?.(application) ?? true);
    if (!current || !allowed(current)) return { changed: false, current };
    const statusChanged = current.status !== change.to;
    const next: Application = {
      ...current,
      ...change.patch,
      status: change.to,
      updatedAt: change.at,
      ...(statusChanged ? { statusSince: change.at } : {}),
      version: current.version + 1,
    };
    const update = setExpression({
      ...change.patch,
      status: change.to,
      updatedAt: change.at,
      ...(statusChanged ? { statusSince: change.at } : {}),
      version: next.version,
      // An application enters the open index again when a redrive reopens it, and moves to its
      // closed status's partition when it closes; between two open statuses the index is not written.
      ...(statusPartition(change.to) !== statusPartition(current.status)
        ? {
            GSI2PK: statusPartition(change.to),
            GSI2SK: gsi2.openSortKey(current.createdAt, current.applicationId),
          }
        : {}),
    });
    const isTerminal = (TERMINAL_STATUSES as readonly string[]).includes(change.to);
    try {
      await client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: tableName,
                Key: keys.application(change.applicationId),
                ...update,
                // The version check makes concurrent writers serialize: exactly one wins.
                ConditionExpression: 'version = :expectedVersion',
                ExpressionAttributeValues: {
                  ...update.ExpressionAttributeValues,
                  ':expectedVersion': current.version,
                },
              },
            },
            eventPut(change.applicationId, {
              at: change.at,
              // An event carries a status only when the status changes (not, say, when experts are assigned in review).
              ...(current.status !== change.to ? { status: change.to } : {}),
              action: change.action,
              actor: change.actor,
              ...(change.detail ? { detail: change.detail } : {}),
            }),
            ...alsoWrite,
          ],
        }),
      );
      if (isTerminal) await releaseGuards(next);
      await recordFigures(transitionFigures(current, next, change.at));
      return { changed: true, application: next, previous: current };
    } catch (error) {
      if (cancellationReasons(error)[0] === 'ConditionalCheckFailed') {
        // Another writer changed the application first: report what it is now.
        const latest = await store.get(change.applicationId);
        if (latest && allowed(latest)) return transition(change, alsoWrite);
        return { changed: false, current: latest };
      }
      return rethrowTransient(error);
    }
  };

  /** One page of an application partition of GSI2 (keys only): ids, by creation time. */
  const listIds = async (
    partition: string,
    page: { limit: number; cursor?: string | undefined; createdBefore?: string | undefined },
    oldestFirst: boolean,
  ) => {
    const result = await client
      .send(
        new QueryCommand({
          TableName: tableName,
          IndexName: gsi2.indexName,
          KeyConditionExpression: page.createdBefore ? 'GSI2PK = :pk AND GSI2SK < :before' : 'GSI2PK = :pk',
          ExpressionAttributeValues: {
            ':pk': partition,
            ...(page.createdBefore ? { ':before': page.createdBefore } : {}),
          },
          ScanIndexForward: oldestFirst,
          Limit: page.limit,
          ExclusiveStartKey: decodeCursor(page.cursor, {
            attributes: ['PK', 'SK', 'GSI2PK', 'GSI2SK'],
            equals: { GSI2PK: partition, SK: 'META' },
            prefixes: { PK: 'APP#' },
          }),
        }),
      )
      .catch(rethrowTransient);
    return {
      items: (result.Items ?? []).map((item) => String(item.PK).replace(/^APP#/, '')),
      next: encodeCursor(result.LastEvaluatedKey),
    };
  };

  const store: Applications = {
    async create(application, event) {
      try {
        await client.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Put: {
                  TableName: tableName,
                  Item: {
                    ...keys.application(application.applicationId),
                    GSI1PK: gsi1.applicationsOf(application.applicantInn),
                    GSI1SK: `${application.createdAt}#${application.applicationId}`,
                    GSI2PK: statusPartition(application.status),
                    GSI2SK: gsi2.openSortKey(application.createdAt, application.applicationId),
                    ...application,
                  },
                  ConditionExpression: 'attribute_not_exists(PK)',
                },
              },
              eventPut(application.applicationId, event),
            ],
          }),
        );
        await recordFigures(creationFigures(application));
        return { created: true, application };
      } catch (error) {
        if (cancellationReasons(error)[0] === 'ConditionalCheckFailed') {
          const existing = await store.get(application.applicationId);
          if (existing) return { created: false, application: existing };
        }
        return rethrowTransient(error);
      }
    },

    async get(applicationId) {
      const result = await client.send(
        new GetCommand({ TableName: tableName, Key: keys.application(applicationId), ConsistentRead: true }),
      );
      return result.Item ? withoutKeys<Application>(result.Item) : null;
    },

    async listByApplicant(inn, page) {
      const partition = gsi1.applicationsOf(inn);
      const startKey = decodeCursor(page.cursor, gsi1PartitionCursor(partition));
      if (!page.status) {
        const result = await client.send(
          new QueryCommand({
            TableName: tableName,
            IndexName: gsi1.indexName,
            KeyConditionExpression: 'GSI1PK = :pk',
            ExpressionAttributeValues: { ':pk': partition },
            ScanIndexForward: false,
            Limit: page.limit,
            ExclusiveStartKey: startKey,
          }),
        );
        return {
          items: (result.Items ?? []).map((item) => withoutKeys<Application>(item)),
          next: encodeCursor(result.LastEvaluatedKey),
        };
      }
      return listByApplicantInStatus(partition, page.status, page.limit, startKey);
    },

    transition: (change) => transition(change),

    listOpenIds: (page) => listIds(gsi2.open, page, true),

    listClosedIds: (status, page) => listIds(gsi2.closed(status), page, false),

    async getMany(applicationIds) {
      const found = new Map<string, Application>();
      const unique = [...new Set(applicationIds)];
      for (let start = 0; start < unique.length; start += 100) {
        let pending: Record<string, unknown>[] | undefined = unique
          .slice(start, start + 100)
          .map((applicationId) => keys.application(applicationId));
        for (let attempt = 0; pending && pending.length > 0 && attempt < 5; attempt++) {
          const result = await client
            .send(
              new BatchGetCommand({ RequestItems: { [tableName]: { Keys: pending, ConsistentRead: true } } }),
            )
            .catch(rethrowTransient);
          for (const item of result.Responses?.[tableName] ?? []) {
            const application = withoutKeys<Application>(item);
            found.set(application.applicationId, application);
          }
          pending = result.UnprocessedKeys?.[tableName]?.Keys as Record<string, unknown>[] | undefined;
        }
        if (pending && pending.length > 0) rethrowTransient(new Error('applications left unread: throttled'));
      }
      return applicationIds.flatMap((applicationId) => found.get(applicationId) ?? []);
    },

    async approveCreate(change, cluster, members, partners = []) {
      await prepareCluster({ client, tableName }, cluster, members, partners);
      return transition(
        change,
        clusterActivationItems(tableName, cluster.clusterId, normalizeClusterName(cluster.name)),
      );
    },

    approveJoin: (change, clusterId, member) =>
      transition(change, membershipItems(tableName, clusterId, member)),

    async update(applicationId, patch) {
      await client
        .send(
          new UpdateCommand({
            TableName: tableName,
            Key: keys.application(applicationId),
            ...setExpression(patch),
            ConditionExpression: 'attribute_exists(PK)',
          }),
        )
        .catch(rethrowTransient);
    },

    async appendEvent(applicationId, event) {
      await client
        .send(
          new PutCommand({
            TableName: tableName,
            Item: { ...keys.applicationEvent(applicationId, eventSortKey(event.at)), ...event },
          }),
        )
        .catch((error: unknown) => (isConditionFailure(error) ? undefined : rethrowTransient(error)));
    },

    async claimNotice(applicationId, kind, at) {
      try {
        await client.send(
          new PutCommand({
            TableName: tableName,
            Item: { ...keys.notice(applicationId, kind), sentAt: at },
            ConditionExpression: 'attribute_not_exists(PK)',
          }),
        );
        return true;
      } catch (error) {
        if (isConditionFailure(error)) return false;
        return rethrowTransient(error);
      }
    },

    async releaseNotice(applicationId, kind) {
      await client.send(new DeleteCommand({ TableName: tableName, Key: keys.notice(applicationId, kind) }));
    },

    async history(applicationId) {
      const items = await queryEveryPage(client, {
        TableName: tableName,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :event)',
        ExpressionAttributeValues: { ':pk': `APP#${applicationId}`, ':event': 'EVENT#' },
        ConsistentRead: true,
      });
      return items.map((item) => withoutKeys<HistoryEvent>(item));
    },
  };
  return store;
}

/**
 * Puts every application stored before its GSI2 partition existed into it: open ones into `OPEN`
 * (a table that gained the index would otherwise keep them out of the reconciler's sight), closed
 * ones into their status's `CLOSED#<status>` (the operators' lists). Safe to run again; the local
 * runtime runs it when it adds the index to an older data folder.
 * @returns how many applications were indexed.
 */
export async function indexOpenApplications(client: DocumentClient, tableName: string): Promise<number> {
  let indexed = 0;
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await client.send(
      new ScanCommand({
        TableName: tableName,
        FilterExpression: 'begins_with(PK, :app) AND SK = :meta AND attribute_not_exists(GSI2PK)',
        ExpressionAttributeValues: { ':app': 'APP#', ':meta': 'META' },
        ProjectionExpression: 'PK, SK, applicationId, #status, createdAt',
        ExpressionAttributeNames: { '#status': 'status' },
        ExclusiveStartKey: startKey,
      }),
    );
    for (const item of page.Items ?? []) {
      const { applicationId, createdAt, status } = item as Pick<
        Application,
        'applicationId' | 'createdAt' | 'status'
      >;
      const added = await client
        .send(
          new UpdateCommand({
            TableName: tableName,
            Key: keys.application(applicationId),
            UpdateExpression: 'SET GSI2PK = :pk, GSI2SK = :sk',
            // Still in that status: one changed meanwhile was indexed by its own write.
            ConditionExpression: '#status = :status AND attribute_not_exists(GSI2PK)',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: {
              ':pk': statusPartition(status),
              ':sk': gsi2.openSortKey(createdAt, applicationId),
              ':status': status,
            },
          }),
        )
        .then(
          () => true,
          (error: unknown) => (isConditionFailure(error) ? false : rethrowTransient(error)),
        );
      if (added) indexed += 1;
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return indexed;
}
