import { randomBytes } from 'node:crypto';
import {
  DeleteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import {
  cancellationReasons,
  type DocumentClient,
  gsi1,
  isConditionFailure,
  keys,
  queryEveryPage,
  rethrowTransient,
  setExpression,
  type TransactItem,
  withoutKeys,
} from '#shared/adapters/dynamodb';
import { decodeCursor, encodeCursor, gsi1PartitionCursor } from '#shared/adapters/paging';
import { clusterActivationItems, membershipItems, prepareCluster } from '#shared/adapters/registry/clusters';
import type { Application, HistoryEvent } from '#shared/domain/application';
import { TERMINAL_STATUSES } from '#shared/domain/application';
import { normalizeClusterName } from '#shared/domain/eligibility';
import type { Applications, StatusChange, TransitionResult } from '#shared/use-cases/ports';

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

/** The applications, their history and their notices in DynamoDB (the `Applications` port). */
export function dynamoApplicationStore(client: DocumentClient, tableName: string): Applications {
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
    const next: Application = {
      ...current,
      ...change.patch,
      status: change.to,
      updatedAt: change.at,
      version: current.version + 1,
    };
    const update = setExpression({
      ...change.patch,
      status: change.to,
      updatedAt: change.at,
      version: next.version,
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
                    ...application,
                  },
                  ConditionExpression: 'attribute_not_exists(PK)',
                },
              },
              eventPut(application.applicationId, event),
            ],
          }),
        );
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
      const result = await client.send(
        new QueryCommand({
          TableName: tableName,
          IndexName: gsi1.indexName,
          KeyConditionExpression: 'GSI1PK = :pk',
          ExpressionAttributeValues: { ':pk': gsi1.applicationsOf(inn) },
          ScanIndexForward: false,
          Limit: page.limit,
          ExclusiveStartKey: decodeCursor(page.cursor, gsi1PartitionCursor(gsi1.applicationsOf(inn))),
        }),
      );
      return {
        items: (result.Items ?? []).map((item) => withoutKeys<Application>(item)),
        next: encodeCursor(result.LastEvaluatedKey),
      };
    },

    transition: (change) => transition(change),

    async approveCreate(change, cluster, members) {
      await prepareCluster({ client, tableName }, cluster, members);
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
