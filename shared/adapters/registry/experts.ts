import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { gsi1, isConditionFailure, keys, putIfAbsent, rethrowTransient } from '#shared/adapters/dynamodb';
import {
  batchWrite,
  getItem,
  queryAll,
  queryPage,
  type RegistryTable,
  updateExisting,
} from '#shared/adapters/registry/table';
import { type Expert, isActiveExpert } from '#shared/domain/assignment';
import type { ExpertFields, PageRequest } from '#shared/use-cases/ports';

/** Experts stored before deactivation existed read as active. */
const withExpertDefaults = (expert: Expert): Expert => ({ ...expert, active: isActiveExpert(expert) });

const expertItem = (expert: Expert) => ({
  ...keys.expert(expert.expertId),
  GSI1PK: gsi1.experts,
  GSI1SK: expert.expertId,
  ...expert,
});

/** The experts who review applications, with their open-review load. */
export function expertRecords(table: RegistryTable) {
  const { client, tableName } = table;
  return {
    listExperts: async () => (await queryAll<Expert>(table, gsi1.experts)).map(withExpertDefaults),
    async listExpertsPage(page: PageRequest) {
      const result = await queryPage<Expert>(table, gsi1.experts, page);
      return { ...result, items: result.items.map(withExpertDefaults) };
    },
    async getExpert(expertId: string) {
      const expert = await getItem<Expert>(table, keys.expert(expertId));
      return expert ? withExpertDefaults(expert) : null;
    },
    async putExperts(experts: readonly Expert[]): Promise<void> {
      await batchWrite(
        table,
        experts.map((expert) => ({ PutRequest: { Item: expertItem(expert) } })),
      );
    },
    async createExpert(expert: Omit<Expert, 'openAssignments'>): Promise<boolean> {
      return putIfAbsent(table, expertItem({ ...expert, openAssignments: 0 }));
    },
    async updateExpert(expertId: string, fields: Partial<ExpertFields>): Promise<Expert | null> {
      const updated = await updateExisting<Expert>(table, keys.expert(expertId), fields);
      return updated ? withExpertDefaults(updated) : null;
    },
    /** Load spreading counts open assignments; a counter, not exact under crashes, which is fine for spreading. */
    async adjustExpertLoad(expertIds: readonly string[], delta: number): Promise<void> {
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
  };
}
