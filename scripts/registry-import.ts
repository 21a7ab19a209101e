import { createReadStream, existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';

/**
 * `npm run registry:import -- FILE.csv [--table NAME | --local] [--dry-run]`:
 * loads or updates participant organizations (docs/registry-import.md).
 */
const usage = 'usage: npm run registry:import -- FILE.csv [--table NAME | --local] [--dry-run]';
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { table: { type: 'string' }, local: { type: 'boolean' }, 'dry-run': { type: 'boolean' } },
});

function fail(message: string): never {
  console.error(`registry:import: ${message}\n${usage}`);
  process.exit(2);
}

const file = positionals[0];
if (!file) fail('name the CSV file to import');
if (!existsSync(file)) fail(`no such file: ${file}`);

if (values.local) {
  // The running (or last run) `npm start` records its DynamoDB Local endpoint and table here.
  const dataDir = resolve(process.env.LOCAL_DATA_DIR ?? new URL('../.local/data', import.meta.url).pathname);
  const runtimePath = resolve(dataDir, 'runtime.json');
  if (!existsSync(runtimePath)) fail(`no local runtime data in ${dataDir}: run \`npm start\` first`);
  const runtime = JSON.parse(await readFile(runtimePath, 'utf8')) as {
    dynamodbEndpoint: string;
    tableName: string;
  };
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_DYNAMODB: runtime.dynamodbEndpoint,
    TABLE_NAME: runtime.tableName,
    AWS_REGION: 'local',
    AWS_ACCESS_KEY_ID: process.env.AWS_ACCESS_KEY_ID ?? 'local',
    AWS_SECRET_ACCESS_KEY: process.env.AWS_SECRET_ACCESS_KEY ?? 'local',
  });
}
const tableName = values.table ?? process.env.TABLE_NAME;
if (!tableName) fail('say which table: --table NAME (the DataStack output), TABLE_NAME, or --local');

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
  const reportFile = `${file.replace(/\.csv$/i, '')}.rejected.csv`;
  const quote = (text: string) => `"${text.replaceAll('"', '""')}"`;
  await writeFile(
    reportFile,
    [
      'line,inn,reasons',
      ...report.rejected.map((row) => `${row.line},${quote(row.inn)},${quote(row.reasons.join('; '))}`),
    ].join('\n') + '\n',
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
