import { createReadStream, existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { failWith, importTable, writeRejected } from './import-target.ts';

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

const started = Date.now();
try {
  const run = kind === 'experts' ? importExperts : importOfficials;
  const report = await run(csvRows(createReadStream(file)), {
    directory: dynamoRegistryStore(documentClient, tableName),
    dryRun: values['dry-run'] ?? false,
  });
  const keyColumn = kind === 'experts' ? 'expertId' : 'officialId';
  const reportFile = await writeRejected(file, keyColumn, report.rejected);
  for (const row of report.rejected)
    console.log(`line ${row.line} (${row.key || `no ${keyColumn}`}): ${row.reasons.join('; ')}`);
  console.log(
    `${values['dry-run'] ? '[dry run] ' : ''}${report.rows} rows in ${((Date.now() - started) / 1000).toFixed(1)} s: ` +
      `${report.created} created, ${report.updated} updated, ${report.unchanged} unchanged, ${report.rejected.length} rejected (listed in ${reportFile})`,
  );
} catch (error) {
  const name = (error as Error).name;
  if (name === 'ResourceNotFoundException') fail(`table ${tableName} does not exist at this endpoint`);
  console.error(`directory:import failed: ${(error as Error).message}`);
  process.exit(1);
}
