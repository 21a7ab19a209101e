import { gsi1, keys } from '#shared/adapters/dynamodb';
import { batchWrite, getItem, queryAll, type RegistryTable } from '#shared/adapters/registry/table';
import { type Official, withOfficialDefaults } from '#shared/domain/registry';

/** The department officials who sign off. */
export function officialRecords(table: RegistryTable) {
  return {
    // Officials stored before roles existed read as active, ordinary officials.
    listOfficials: async () => (await queryAll<Official>(table, gsi1.officials)).map(withOfficialDefaults),
    async getOfficial(officialId: string) {
      const official = await getItem<Official>(table, keys.official(officialId));
      return official ? withOfficialDefaults(official) : null;
    },
    async putOfficials(officials: readonly Official[]): Promise<void> {
      await batchWrite(
        table,
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
  };
}
