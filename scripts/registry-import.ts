import { createReadStream, existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { failWith, importTable, writeRejected } from './import-target.ts';

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

const started = Date.now();
try {
  const report = await importRegistry(csvRows(createReadStream(file)), {
    registry: dynamoRegistryStore(documentClient, tableName),
    dryRun: values['dry-run'] ?? false,
    onProgress: (progress) =>
      console.error(
        `… ${progress.rows} rows: ${progress.created} new, ${progress.updated} updated, ${progress.unchanged} unchanged, ${progress.rejected.length} rejected`,
      ),
  });
  const reportFile = await writeRejected(
    file,
    'inn',
    report.rejected.map((row) => ({ line: row.line, key: row.inn, reasons: row.reasons })),
  );
  for (const row of report.rejected)
    console.log(`line ${row.line} (${row.inn || 'no INN'}): ${row.reasons.join('; ')}`);
  console.log(
    `${values['dry-run'] ? '[dry run] ' : ''}${report.rows} rows in ${((Date.now() - started) / 1000).toFixed(1)} s: ` +
      `${report.created} created, ${report.updated} updated, ${report.unchanged} unchanged, ${report.rejected.length} rejected (listed in ${reportFile})`,
  );
} catch (error) {
  const name = (error as Error).name;
  if (name === 'ResourceNotFoundException') fail(`table ${tableName} does not exist at this endpoint`);
  console.error(`registry:import failed: ${(error as Error).message}`);
  process.exit(1);
}
