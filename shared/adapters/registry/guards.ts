import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { isConditionFailure, keys, rethrowTransient } from '#shared/adapters/dynamodb';
import { getItem, type RegistryTable } from '#shared/adapters/registry/table';
import type { SlotHolder } from '#shared/domain/registry';
import { TransientError } from '#shared/errors';
import type { StaleHolderCheck } from '#shared/use-cases/ports';

/**
 * Unique slots held by one open application or an active cluster: a cluster
 * name (CLUSTERNAME#), and one organization's join of one cluster (JOIN#).
 * A slot is claimed with a conditional write over what was just read, so of
 * two claimants exactly one wins.
 */
export function slotGuards(table: RegistryTable) {
  const claim = async (
    key: { PK: string; SK: string },
    applicationId: string,
    isStale: StaleHolderCheck = async () => false,
  ): Promise<SlotHolder> => {
    for (let attempt = 0; attempt < 3; attempt++) {
      const holder = await getItem<SlotHolder>(table, key);
      if (holder && holder.holderId !== applicationId && !(await isStale(holder))) return holder;
      try {
        await table.client.send(
          new PutCommand({
            TableName: table.tableName,
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
  };

  return {
    claimClusterName: (normalizedName: string, applicationId: string, isStale?: StaleHolderCheck) =>
      claim(keys.clusterNameGuard(normalizedName), applicationId, isStale),
    claimJoinSlot: (clusterId: string, inn: string, applicationId: string, isStale?: StaleHolderCheck) =>
      claim(keys.joinGuard(clusterId, inn), applicationId, isStale),
  };
}
