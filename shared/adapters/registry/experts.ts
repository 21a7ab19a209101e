import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { gsi1, isConditionFailure, keys, rethrowTransient } from '#shared/adapters/dynamodb';
import { batchWrite, getItem, queryAll, type RegistryTable } from '#shared/adapters/registry/table';
import type { Expert } from '#shared/domain/assignment';

/** The experts who review applications, with their open-review load. */
export function expertRecords(table: RegistryTable) {
  return {
    listExperts: () => queryAll<Expert>(table, gsi1.experts),
    getExpert: (expertId: string) => getItem<Expert>(table, keys.expert(expertId)),
    async putExperts(experts: readonly Expert[]): Promise<void> {
      await batchWrite(
        table,
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
    async adjustExpertLoad(expertIds: readonly string[], delta: number): Promise<void> {
      await Promise.all(
        expertIds.map((expertId) =>
          table.client
            .send(
              new UpdateCommand({
                TableName: table.tableName,
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
  };
}
