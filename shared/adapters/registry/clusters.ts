import { PutCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import {
  cancellationReasons,
  gsi1,
  isConditionFailure,
  keys,
  queryEveryPage,
  rethrowTransient,
  type TransactItem,
  withoutKeys,
} from '#shared/adapters/dynamodb';
import { decodeCursor, encodeCursor, tablePartitionCursor } from '#shared/adapters/paging';
import { batchWrite, getItem, queryPage, type RegistryTable } from '#shared/adapters/registry/table';
import type { ClusterMember, ClusterPartner, ClusterRecord, NewCluster } from '#shared/domain/registry';
import type { Page, PageRequest } from '#shared/use-cases/ports';

/**
 * First half of creating a cluster so that readers never see half of it:
 * META is written PENDING (invisible to listings) and the memberships and
 * partners are batch-written with idempotent puts (2,000 members and 200
 * partners are far past a transaction's 100 items). The second half is
 * `clusterActivationItems`, written in the same transaction as the
 * application's approval. A crash anywhere leaves nothing visible, and a
 * retry finishes the job.
 */
export async function prepareCluster(
  table: RegistryTable,
  cluster: NewCluster,
  members: readonly ClusterMember[],
  partners: readonly ClusterPartner[] = [],
): Promise<void> {
  await table.client
    .send(
      new PutCommand({
        TableName: table.tableName,
        Item: {
          ...keys.cluster(cluster.clusterId),
          ...cluster,
          status: 'PENDING',
          memberCount: members.length,
        },
        ConditionExpression: 'attribute_not_exists(PK) OR #status = :pending',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':pending': 'PENDING' },
      }),
    )
    .catch((error: unknown) => {
      // Already ACTIVE: an earlier attempt finished the job.
      if (!isConditionFailure(error)) rethrowTransient(error);
    });
  await batchWrite(table, [
    ...members.map((member) => ({
      PutRequest: { Item: { ...keys.membership(cluster.clusterId, member.inn), ...member } },
    })),
    ...partners.map((partner) => ({
      PutRequest: { Item: { ...keys.partner(cluster.clusterId, partner.key), ...partner } },
    })),
  ]);
}

/** A partner listed by an accepted invitation, for the same transaction (the cluster must be ACTIVE). */
export function partnerItems(tableName: string, clusterId: string, partner: ClusterPartner): TransactItem[] {
  return [
    {
      Put: {
        TableName: tableName,
        Item: { ...keys.partner(clusterId, partner.key), ...partner },
        ConditionExpression: 'attribute_not_exists(PK)',
      },
    },
    {
      ConditionCheck: {
        TableName: tableName,
        Key: keys.cluster(clusterId),
        ConditionExpression: '#status = :active',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':active': 'ACTIVE' },
      },
    },
  ];
}

/** Flips a prepared cluster to ACTIVE and hands its name guard over to it. */
export function clusterActivationItems(
  tableName: string,
  clusterId: string,
  normalizedName: string,
): TransactItem[] {
  return [
    {
      Update: {
        TableName: tableName,
        Key: keys.cluster(clusterId),
        UpdateExpression: 'SET #status = :active, GSI1PK = :list, GSI1SK = :sort',
        ConditionExpression: '#status = :pending',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':active': 'ACTIVE',
          ':pending': 'PENDING',
          ':list': gsi1.activeClusters,
          ':sort': `${normalizedName}#${clusterId}`,
        },
      },
    },
    {
      Put: {
        TableName: tableName,
        Item: { ...keys.clusterNameGuard(normalizedName), holderKind: 'CLUSTER', holderId: clusterId },
      },
    },
  ];
}

/** One new membership and the member count, for the same transaction as the join's approval. */
export function membershipItems(tableName: string, clusterId: string, member: ClusterMember): TransactItem[] {
  return [
    {
      Put: {
        TableName: tableName,
        Item: { ...keys.membership(clusterId, member.inn), ...member },
        ConditionExpression: 'attribute_not_exists(PK)',
      },
    },
    {
      Update: {
        TableName: tableName,
        Key: keys.cluster(clusterId),
        UpdateExpression: 'ADD memberCount :one',
        ConditionExpression: '#status = :active',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':one': 1, ':active': 'ACTIVE' },
      },
    },
  ];
}

/** Clusters and their memberships. */
export function clusterRecords(table: RegistryTable) {
  const { client, tableName } = table;

  const listMembers = async (clusterId: string, page: PageRequest): Promise<Page<ClusterMember>> => {
    const result = await client.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :member)',
        ExpressionAttributeValues: { ':pk': keys.cluster(clusterId).PK, ':member': 'MEMBER#' },
        Limit: page.limit,
        ExclusiveStartKey: decodeCursor(
          page.cursor,
          tablePartitionCursor(keys.cluster(clusterId).PK, 'MEMBER#'),
        ),
      }),
    );
    return {
      items: (result.Items ?? []).map((item) => withoutKeys<ClusterMember>(item)),
      next: encodeCursor(result.LastEvaluatedKey),
    };
  };

  return {
    getCluster: (clusterId: string) => getItem<ClusterRecord>(table, keys.cluster(clusterId)),
    listActiveClusters: (page: PageRequest) => queryPage<ClusterRecord>(table, gsi1.activeClusters, page),
    listMembers,

    async memberInnsOf(clusterId: string): Promise<string[]> {
      const inns: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await listMembers(clusterId, { limit: 1000, cursor });
        for (const member of page.items) inns.push(member.inn);
        cursor = page.next ?? undefined;
      } while (cursor);
      return inns;
    },

    async isMember(clusterId: string, inn: string): Promise<boolean> {
      return (await getItem(table, keys.membership(clusterId, inn))) !== null;
    },

    async listPartners(clusterId: string): Promise<ClusterPartner[]> {
      const items = await queryEveryPage(client, {
        TableName: tableName,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :partner)',
        ExpressionAttributeValues: { ':pk': keys.cluster(clusterId).PK, ':partner': 'PARTNER#' },
      });
      return items.map((item) => withoutKeys<ClusterPartner>(item));
    },

    async isPartner(clusterId: string, partnerKey: string): Promise<boolean> {
      return (await getItem(table, keys.partner(clusterId, partnerKey))) !== null;
    },

    prepareCluster: (cluster: NewCluster, members: readonly ClusterMember[]) =>
      prepareCluster(table, cluster, members),

    /** Seeds an already-active cluster (sample data, migrations). */
    async putActiveCluster(
      cluster: NewCluster,
      members: readonly ClusterMember[],
      normalizedName: string,
      partners: readonly ClusterPartner[] = [],
    ) {
      await prepareCluster(table, cluster, members, partners);
      await client
        .send(
          new TransactWriteCommand({
            TransactItems: clusterActivationItems(tableName, cluster.clusterId, normalizedName),
          }),
        )
        .catch((error: unknown) => {
          if (cancellationReasons(error)[0] !== 'ConditionalCheckFailed') rethrowTransient(error);
        });
    },
  };
}
