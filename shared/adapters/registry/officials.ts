import { gsi1, keys } from '#shared/adapters/dynamodb';
import { batchWrite, getItem, queryAll, type RegistryTable } from '#shared/adapters/registry/table';
import type { Official } from '#shared/domain/registry';

/** The department officials who sign off. */
export function officialRecords(table: RegistryTable) {
  return {
    listOfficials: () => queryAll<Official>(table, gsi1.officials),
    getOfficial: (officialId: string) => getItem<Official>(table, keys.official(officialId)),
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
