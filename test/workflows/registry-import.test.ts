import { Readable } from 'node:stream';
import { beforeAll, describe, expect, it } from 'vitest';
import { documentClient } from '#shared/adapters/dynamodb';
import { dynamoRegistryStore } from '#shared/adapters/registry-store';
import { csvRows, importRegistry } from '#shared/use-cases/import-registry';
import { suiteDynamoDbEndpoint } from '#test/support/lanes';
import { registryCsv } from '#test/support/registry-csv';
import { createTestTable } from '#test/support/test-table';
import { scaled } from '#test/support/timeouts';

/** Importing a 10,000-organization registry into DynamoDB Local, twice. */
let registry: ReturnType<typeof dynamoRegistryStore>;

beforeAll(async () => {
  registry = dynamoRegistryStore(documentClient, await createTestTable(suiteDynamoDbEndpoint()));
});

describe('registry import', () => {
  it('loads 10,000 organizations, reports every bad row, and a second run changes nothing', {
    timeout: scaled(60_000),
  }, async () => {
    const csv = registryCsv(10_000);
    const first = await importRegistry(csvRows(Readable.from(csv.text)), { registry });
    expect(first.rejected.map((row) => row.line)).toEqual(csv.bad.map((bad) => bad.line));
    expect(first).toMatchObject({ rows: 10_001, created: csv.valid, updated: 0 });

    const robotics = await registry.listOrganizations({ limit: 100, sector: 'robotics' });
    expect(robotics.items).toHaveLength(100);
    expect(robotics.next).not.toBeNull();

    const second = await importRegistry(csvRows(Readable.from(csv.text)), { registry });
    expect(second).toMatchObject({ created: 0, updated: 0, unchanged: csv.valid });
  });
});
