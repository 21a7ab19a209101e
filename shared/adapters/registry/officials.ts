import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import {
  gsi1,
  isConditionFailure,
  keys,
  rethrowTransient,
  setExpression,
  withoutKeys,
} from '#shared/adapters/dynamodb';
import {
  batchWrite,
  getItem,
  queryAll,
  queryPage,
  type RegistryTable,
} from '#shared/adapters/registry/table';
import { type Official, withOfficialDefaults } from '#shared/domain/registry';
import type { OfficialFields, PageRequest } from '#shared/use-cases/ports';

const officialItem = (official: Official) => ({
  ...keys.official(official.officialId),
  GSI1PK: gsi1.officials,
  GSI1SK: official.officialId,
  ...official,
});

/** The department officials who sign off. */
export function officialRecords(table: RegistryTable) {
  const { client, tableName } = table;
  return {
    // Officials stored before roles existed read as active, ordinary officials.
    listOfficials: async () => (await queryAll<Official>(table, gsi1.officials)).map(withOfficialDefaults),
    async listOfficialsPage(page: PageRequest) {
      const result = await queryPage<Official>(table, gsi1.officials, page);
      return { ...result, items: result.items.map(withOfficialDefaults) };
    },
    async getOfficial(officialId: string) {
      const official = await getItem<Official>(table, keys.official(officialId));
      return official ? withOfficialDefaults(official) : null;
    },
    async putOfficials(officials: readonly Official[]): Promise<void> {
      await batchWrite(
        table,
        officials.map((official) => ({ PutRequest: { Item: officialItem(official) } })),
      );
    },
    async createOfficial(official: Official): Promise<boolean> {
      try {
        await client.send(
          new PutCommand({
            TableName: tableName,
            Item: officialItem(official),
            ConditionExpression: 'attribute_not_exists(PK)',
          }),
        );
        return true;
      } catch (error) {
        if (isConditionFailure(error)) return false;
        return rethrowTransient(error);
      }
    },
    async updateOfficial(officialId: string, fields: Partial<OfficialFields>): Promise<Official | null> {
      try {
        const result = await client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: keys.official(officialId),
            ...setExpression(fields),
            ConditionExpression: 'attribute_exists(PK)',
            ReturnValues: 'ALL_NEW',
          }),
        );
        return result.Attributes ? withOfficialDefaults(withoutKeys<Official>(result.Attributes)) : null;
      } catch (error) {
        if (isConditionFailure(error)) return null;
        return rethrowTransient(error);
      }
    },
  };
}
