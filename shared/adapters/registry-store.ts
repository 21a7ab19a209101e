import {
  BatchGetCommand,
  BatchWriteCommand,
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
  type TransactItem,
  withoutKeys,
} from '#shared/adapters/dynamodb';
import { decodeCursor, encodeCursor, type Page } from '#shared/adapters/paging';
import type { Expert } from '#shared/domain/assignment';
import type { ClusterNameHolder, ClusterSummary, Organization } from '#shared/domain/eligibility';
import type { Sector } from '#shared/domain/sectors';
import { TransientError } from '#shared/errors';

export interface Official {
  officialId: string;
  name: string;
  email: string;
  position: string;
}

export interface GuardHolder {
  holderKind: 'CLUSTER' | 'APPLICATION';
  holderId: string;
}

export interface ClusterMember {
  inn: string;
  name: string;
  joinedAt: string;
}

export interface ClusterRecord extends ClusterSummary {
  project?: { title: string; summary: string };
  createdAt: string;
  createdByApplicationId?: string;
}

const BATCH_GET_LIMIT = 100;
const BATCH_WRITE_LIMIT = 25;
/** Parallel batch requests: enough to hide latency, few enough not to trip throttling. */
const BATCH_PARALLELISM = 4;

async function inBatches<T>(
  items: readonly T[],
  size: number,
  work: (batch: T[]) => Promise<void>,
): Promise<void> {
  const batches: T[][] = [];
  for (let i = 0; i < items.length; i += size) batches.push(items.slice(i, i + size));
  let next = 0;
  const worker = async () => {
    while (next < batches.length) {
      const batch = batches[next++];
      if (batch) await work(batch);
    }
  };
  await Promise.all(Array.from({ length: Math.min(BATCH_PARALLELISM, batches.length) }, worker));
}

/** Retries unprocessed items of a batch call with exponential backoff, as the SDK docs ask. */
async function untilProcessed<R>(call: (request: R) => Promise<R | undefined>, request: R): Promise<void> {
  let pending: R | undefined = request;
  for (let attempt = 0; pending; attempt++) {
    if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, Math.min(2000, 50 * 2 ** attempt)));
    if (attempt > 8) throw new Error('DynamoDB kept items unprocessed after 8 retries');
    pending = await call(pending);
  }
}

export function dynamoRegistryStore(client: DocumentClient, tableName: string) {
  const queryAll = async <T>(partition: string): Promise<T[]> => {
    const items = await queryEveryPage(client, {
      TableName: tableName,
      IndexName: gsi1.indexName,
      KeyConditionExpression: 'GSI1PK = :pk',
      ExpressionAttributeValues: { ':pk': partition },
    });
    return items.map((item) => withoutKeys<T>(item));
  };

  const queryPage = async <T>(
    partition: string,
    page: { limit: number; cursor?: string },
  ): Promise<Page<T>> => {
    const result = await client.send(
      new QueryCommand({
        TableName: tableName,
        IndexName: gsi1.indexName,
        KeyConditionExpression: 'GSI1PK = :pk',
        ExpressionAttributeValues: { ':pk': partition },
        Limit: page.limit,
        ExclusiveStartKey: decodeCursor(page.cursor),
      }),
    );
    return {
      items: (result.Items ?? []).map((item) => withoutKeys<T>(item)),
      next: encodeCursor(result.LastEvaluatedKey),
    };
  };

  const getItem = async <T>(key: { PK: string; SK: string }): Promise<T | null> => {
    const result = await client.send(new GetCommand({ TableName: tableName, Key: key }));
    return result.Item ? withoutKeys<T>(result.Item) : null;
  };

  const batchWrite = (requests: Array<Record<string, unknown>>) =>
    inBatches(requests, BATCH_WRITE_LIMIT, (batch) =>
      untilProcessed(async (pending) => {
        const result = await client.send(new BatchWriteCommand({ RequestItems: { [tableName]: pending } }));
        const unprocessed = result.UnprocessedItems?.[tableName];
        return unprocessed && unprocessed.length > 0 ? (unprocessed as typeof pending) : undefined;
      }, batch as never),
    ).catch(rethrowTransient);

  return {
    getOrganization: (inn: string) => getItem<Organization>(keys.organization(inn)),

    /** Reads many organizations in batches of 100 with bounded parallelism; missing ones are absent. */
    async getOrganizations(inns: readonly string[]): Promise<Map<string, Organization>> {
      const found = new Map<string, Organization>();
      const unique = [...new Set(inns)];
      await inBatches(unique, BATCH_GET_LIMIT, (batch) =>
        untilProcessed(
          async (pending) => {
            const result = await client.send(
              new BatchGetCommand({ RequestItems: { [tableName]: { Keys: pending } } }),
            );
            for (const item of result.Responses?.[tableName] ?? []) {
              const organization = withoutKeys<Organization>(item);
              found.set(organization.inn, organization);
            }
            const unprocessed = result.UnprocessedKeys?.[tableName]?.Keys;
            return unprocessed && unprocessed.length > 0 ? (unprocessed as typeof pending) : undefined;
          },
          batch.map((inn) => keys.organization(inn)),
        ),
      ).catch(rethrowTransient);
      return found;
    },

    listOrganizations: (page: { limit: number; cursor?: string; sector?: Sector }) =>
      queryPage<Organization>(
        page.sector ? gsi1.organizationsInSector(page.sector) : gsi1.organizations,
        page,
      ),

    /**
     * Writes organizations with one item per sector for the by-sector listing.
     * Puts are idempotent, so a re-run of an import converges to the same state;
     * sector items of sectors an organization left are deleted.
     */
    async putOrganizations(
      organizations: readonly Organization[],
      previous: ReadonlyMap<string, Organization> = new Map(),
    ) {
      const requests: Array<Record<string, unknown>> = [];
      for (const organization of organizations) {
        requests.push({
          PutRequest: {
            Item: {
              ...keys.organization(organization.inn),
              GSI1PK: gsi1.organizations,
              GSI1SK: organization.inn,
              ...organization,
            },
          },
        });
        for (const sector of organization.sectors) {
          requests.push({
            PutRequest: {
              Item: {
                ...keys.organizationSector(organization.inn, sector),
                GSI1PK: gsi1.organizationsInSector(sector),
                GSI1SK: organization.inn,
                ...organization,
              },
            },
          });
        }
        for (const sector of previous.get(organization.inn)?.sectors ?? []) {
          if (!organization.sectors.includes(sector)) {
            requests.push({ DeleteRequest: { Key: keys.organizationSector(organization.inn, sector) } });
          }
        }
      }
      await batchWrite(requests);
    },

    listExperts: () => queryAll<Expert>(gsi1.experts),
    getExpert: (expertId: string) => getItem<Expert>(keys.expert(expertId)),
    async putExperts(experts: readonly Expert[]) {
      await batchWrite(
        experts.map((expert) => ({
          PutRequest: {
            Item: {
              ...keys.expert(expert.expertId),
              GSI1PK: gsi1.experts,
              GSI1SK: expert.expertId,
              ...expert,
            },
          },
        })),
      );
    },
    /** Load spreading counts open assignments; a counter, not exact under crashes, which is fine for spreading. */
    async adjustExpertLoad(expertIds: readonly string[], delta: number) {
      await Promise.all(
        expertIds.map((expertId) =>
          client
            .send(
              new UpdateCommand({
                TableName: tableName,
                Key: keys.expert(expertId),
                UpdateExpression: 'ADD openAssignments :delta',
                ConditionExpression: 'attribute_exists(PK)',
                ExpressionAttributeValues: { ':delta': delta },
              }),
            )
            .catch((error: unknown) => (isConditionFailure(error) ? undefined : rethrowTransient(error))),
        ),
      );
    },

    listOfficials: () => queryAll<Official>(gsi1.officials),
    getOfficial: (officialId: string) => getItem<Official>(keys.official(officialId)),
    async putOfficials(officials: readonly Official[]) {
      await batchWrite(
        officials.map((official) => ({
          PutRequest: {
            Item: {
              ...keys.official(official.officialId),
              GSI1PK: gsi1.officials,
              GSI1SK: official.officialId,
              ...official,
            },
          },
        })),
      );
    },

    getCluster: (clusterId: string) => getItem<ClusterRecord>(keys.cluster(clusterId)),
    listActiveClusters: (page: { limit: number; cursor?: string }) =>
      queryPage<ClusterRecord>(gsi1.activeClusters, page),

    async listMembers(
      clusterId: string,
      page: { limit: number; cursor?: string },
    ): Promise<Page<ClusterMember>> {
      const result = await client.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: 'PK = :pk AND begins_with(SK, :member)',
          ExpressionAttributeValues: { ':pk': `CLUSTER#${clusterId}`, ':member': 'MEMBER#' },
          Limit: page.limit,
          ExclusiveStartKey: decodeCursor(page.cursor),
        }),
      );
      return {
        items: (result.Items ?? []).map((item) => withoutKeys<ClusterMember>(item)),
        next: encodeCursor(result.LastEvaluatedKey),
      };
    },

    async memberInnsOf(clusterId: string): Promise<string[]> {
      const inns: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await this.listMembers(clusterId, { limit: 1000, cursor });
        for (const member of page.items) inns.push(member.inn);
        cursor = page.next ?? undefined;
      } while (cursor);
      return inns;
    },

    async isMember(clusterId: string, inn: string): Promise<boolean> {
      return (await getItem(keys.membership(clusterId, inn))) !== null;
    },

    async nameHolder(normalizedName: string): Promise<ClusterNameHolder> {
      const guard = await getItem<{ holderKind: 'CLUSTER' | 'APPLICATION'; holderId: string }>(
        keys.clusterNameGuard(normalizedName),
      );
      if (!guard) return null;
      return guard.holderKind === 'CLUSTER'
        ? { kind: 'CLUSTER', clusterId: guard.holderId }
        : { kind: 'APPLICATION', applicationId: guard.holderId };
    },

    /**
     * Claims a cluster name (or a join slot) for an open application. Returns
     * the holder after the attempt: this application if the claim succeeded
     * or it already held it, someone else otherwise. `isStale` says whether
     * another holder is a closed application whose release was lost; such a
     * guard is taken over.
     */
    async claimGuard(
      key: { PK: string; SK: string },
      applicationId: string,
      isStale: (holder: GuardHolder) => Promise<boolean> = async () => false,
    ): Promise<GuardHolder> {
      for (let attempt = 0; attempt < 3; attempt++) {
        const holder = await getItem<GuardHolder>(key);
        if (holder && holder.holderId !== applicationId && !(await isStale(holder))) return holder;
        try {
          await client.send(
            new PutCommand({
              TableName: tableName,
              Item: { ...key, holderKind: 'APPLICATION', holderId: applicationId },
              // Only over what we just read: a concurrent claimant makes this fail, and we look again.
              ConditionExpression: holder ? 'holderId = :seen' : 'attribute_not_exists(PK)',
              ExpressionAttributeValues: holder ? { ':seen': holder.holderId } : undefined,
            }),
          );
          return { holderKind: 'APPLICATION', holderId: applicationId };
        } catch (error) {
          if (!isConditionFailure(error)) return rethrowTransient(error);
        }
      }
      throw new TransientError('guard claim kept racing');
    },

    /**
     * First half of creating a cluster so that readers never see half of it:
     * META is written PENDING (invisible to listings) and the memberships are
     * batch-written with idempotent puts. The second half is
     * `clusterActivationItems`, written in the same transaction as the
     * application's approval. A crash anywhere leaves nothing visible, and a
     * retry finishes the job.
     */
    async prepareCluster(
      cluster: Omit<ClusterRecord, 'status' | 'memberCount'>,
      members: readonly ClusterMember[],
    ) {
      await client
        .send(
          new PutCommand({
            TableName: tableName,
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
      await batchWrite(
        members.map((member) => ({
          PutRequest: { Item: { ...keys.membership(cluster.clusterId, member.inn), ...member } },
        })),
      );
    },

    /** Flips a prepared cluster to ACTIVE and hands its name guard over to it. */
    clusterActivationItems(clusterId: string, normalizedName: string): TransactItem[] {
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
    },

    /** One new membership and the member count, for the same transaction as the join's approval. */
    membershipItems(clusterId: string, member: ClusterMember): TransactItem[] {
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
    },

    /** Seeds an already-active cluster (sample data, migrations). */
    async putActiveCluster(
      cluster: Omit<ClusterRecord, 'status' | 'memberCount'>,
      members: readonly ClusterMember[],
      normalizedName: string,
    ) {
      await this.prepareCluster(cluster, members);
      await client
        .send(
          new TransactWriteCommand({
            TransactItems: this.clusterActivationItems(cluster.clusterId, normalizedName),
          }),
        )
        .catch((error: unknown) => {
          if (cancellationReasons(error)[0] !== 'ConditionalCheckFailed') rethrowTransient(error);
        });
    },
  };
}

export type RegistryStore = ReturnType<typeof dynamoRegistryStore>;
