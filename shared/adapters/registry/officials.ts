import { gsi1, keys, putIfAbsent } from '#shared/adapters/dynamodb';
import {
  batchWrite,
  getItem,
  queryAll,
  queryPage,
  type RegistryTable,
  updateExisting,
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
      return putIfAbsent(table, officialItem(official));
    },
    async updateOfficial(officialId: string, fields: Partial<OfficialFields>): Promise<Official | null> {
      const updated = await updateExisting<Official>(table, keys.official(officialId), fields);
      return updated ? withOfficialDefaults(updated) : null;
    },
  };
}
