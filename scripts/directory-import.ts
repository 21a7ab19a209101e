import { createReadStream, existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { failWith, importTable, runImport } from './import-target.ts';

/**
 * `npm run directory:import -- experts|officials FILE.csv [--table NAME | --local] [--dry-run]`:
 * adds or updates experts or officials (docs/directory-import.md), the same way as the registry import.
 */
const usage =
  'usage: npm run directory:import -- experts|officials FILE.csv [--table NAME | --local] [--dry-run]';
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { table: { type: 'string' }, local: { type: 'boolean' }, 'dry-run': { type: 'boolean' } },
});
const fail: (message: string) => never = failWith('directory:import', usage);

const [kind, file] = positionals;
if (kind !== 'experts' && kind !== 'officials') fail('say which directory: experts or officials');
if (!file) fail('name the CSV file to import');
if (!existsSync(file)) fail(`no such file: ${file}`);
const tableName = await importTable(values, fail);

// Imported after the environment is settled: the DynamoDB client reads its endpoint once.
const { documentClient } = await import('#shared/adapters/dynamodb');
const { dynamoRegistryStore } = await import('#shared/adapters/registry-store');
const { csvRows } = await import('#shared/use-cases/import-registry');
const { importExperts, importOfficials } = await import('#shared/use-cases/import-directory');

const keyColumn = kind === 'experts' ? 'expertId' : 'officialId';
const dryRun = values['dry-run'] ?? false;
await runImport(
  { command: 'directory:import', file, tableName, dryRun, keyColumn, noKey: `no ${keyColumn}`, fail },
  () =>
    (kind === 'experts' ? importExperts : importOfficials)(csvRows(createReadStream(file)), {
      directory: dynamoRegistryStore(documentClient, tableName),
      dryRun,
    }),
);
