import { createReadStream, existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { failWith, importTable, runImport } from './import-target.ts';

/**
 * `npm run registry:import -- FILE.csv [--table NAME | --local] [--dry-run]`:
 * loads or updates participant organizations (docs/registry-import.md).
 */
const usage = 'usage: npm run registry:import -- FILE.csv [--table NAME | --local] [--dry-run]';
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { table: { type: 'string' }, local: { type: 'boolean' }, 'dry-run': { type: 'boolean' } },
});
const fail: (message: string) => never = failWith('registry:import', usage);

const file = positionals[0];
if (!file) fail('name the CSV file to import');
if (!existsSync(file)) fail(`no such file: ${file}`);
const tableName = await importTable(values, fail);

// Imported after the environment is settled: the DynamoDB client reads its endpoint once.
const { documentClient } = await import('#shared/adapters/dynamodb');
const { dynamoRegistryStore } = await import('#shared/adapters/registry-store');
const { csvRows, importRegistry } = await import('#shared/use-cases/import-registry');

const dryRun = values['dry-run'] ?? false;
await runImport(
  { command: 'registry:import', file, tableName, dryRun, keyColumn: 'inn', noKey: 'no INN', fail },
  async () => {
    const report = await importRegistry(csvRows(createReadStream(file)), {
      registry: dynamoRegistryStore(documentClient, tableName),
      dryRun,
      onProgress: (progress) =>
        console.error(
          `… ${progress.rows} rows: ${progress.created} new, ${progress.updated} updated, ${progress.unchanged} unchanged, ${progress.rejected.length} rejected`,
        ),
    });
    return { ...report, rejected: report.rejected.map((row) => ({ ...row, key: row.inn })) };
  },
);
