import { BatchGetCommand } from '@aws-sdk/lib-dynamodb';
import { gsi1, keys, rethrowTransient, withoutKeys } from '#shared/adapters/dynamodb';
import {
  batchWrite,
  getItem,
  inBatches,
  queryPage,
  type RegistryTable,
  untilProcessed,
} from '#shared/adapters/registry/table';
import type { Organization } from '#shared/domain/registry';
import type { Sector } from '#shared/domain/sectors';
import type { PageRequest } from '#shared/use-cases/ports';

const BATCH_GET_LIMIT = 100;

/** The participant organizations: one PROFILE item each, plus one item per sector for `?sector=`. */
export function organizationRecords(table: RegistryTable) {
  const { client, tableName } = table;
  return {
    getOrganization: (inn: string) => getItem<Organization>(table, keys.organization(inn)),

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

    listOrganizations: (page: PageRequest & { sector?: Sector | undefined }) =>
      queryPage<Organization>(
        table,
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
    ): Promise<void> {
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
      await batchWrite(table, requests);
    },
  };
}
