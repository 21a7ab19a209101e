import type { DocumentClient } from '#shared/adapters/dynamodb';
import { clusterRecords } from '#shared/adapters/registry/clusters';
import { expertRecords } from '#shared/adapters/registry/experts';
import { slotGuards } from '#shared/adapters/registry/guards';
import { officialRecords } from '#shared/adapters/registry/officials';
import { organizationRecords } from '#shared/adapters/registry/organizations';
import type { Directory, Registry } from '#shared/use-cases/ports';

/**
 * The participant registry in DynamoDB (the `Registry` port, plus the writes
 * that seeding and imports use), one module per kind of record in
 * shared/adapters/registry/.
 */
export function dynamoRegistryStore(client: DocumentClient, tableName: string) {
  const table = { client, tableName };
  return {
    ...organizationRecords(table),
    ...expertRecords(table),
    ...officialRecords(table),
    ...clusterRecords(table),
    ...slotGuards(table),
  } satisfies Registry & Directory;
}

export type RegistryStore = ReturnType<typeof dynamoRegistryStore>;
