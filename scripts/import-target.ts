import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';

/**
 * What the operators' import commands share (`registry:import`, `directory:import`): the table
 * to write (`--table`, TABLE_NAME, or `--local` for the table of `npm start`), and the rejected
 * rows written beside the file.
 */

export function failWith(command: string, usage: string) {
  return (message: string): never => {
    console.error(`${command}: ${message}\n${usage}`);
    process.exit(2);
  };
}

/** Points the AWS SDK at the table: the local runtime's when `local`. Returns the table name. */
export async function importTable(
  options: { table?: string | undefined; local?: boolean | undefined },
  fail: (message: string) => never,
): Promise<string> {
  if (options.local) {
    // The running (or last run) `npm start` records its DynamoDB Local endpoint and table here.
    const dataDir = resolve(
      process.env.LOCAL_DATA_DIR ?? new URL('../.local/data', import.meta.url).pathname,
    );
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
  const tableName = options.table ?? process.env.TABLE_NAME;
  if (!tableName) fail('say which table: --table NAME (the DataStack output), TABLE_NAME, or --local');
  return tableName as string;
}

/** `FILE.rejected.csv`: `line,<key>,reasons`, one rejected row a line. */
export async function writeRejected(
  file: string,
  keyColumn: string,
  rejected: ReadonlyArray<{ line: number; key: string; reasons: readonly string[] }>,
): Promise<string> {
  const reportFile = `${file.replace(/\.csv$/i, '')}.rejected.csv`;
  const quote = (text: string) => `"${text.replaceAll('"', '""')}"`;
  await writeFile(
    reportFile,
    [
      `line,${keyColumn},reasons`,
      ...rejected.map((row) => `${row.line},${quote(row.key)},${quote(row.reasons.join('; '))}`),
    ].join('\n') + '\n',
  );
  return reportFile;
}

/** What an import reports: counts, and the rejected rows with the key they name. */
export interface ImportOutcome {
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  rejected: ReadonlyArray<{ line: number; key: string; reasons: readonly string[] }>;
}

/**
 * Runs an import and says how it went: the rejected rows written beside the file and printed, the
 * counts on one line; a missing table or any other failure said plainly, with exit status 1.
 */
export async function runImport(
  options: {
    command: string;
    file: string;
    tableName: string;
    dryRun: boolean;
    /** The rejected rows' key column (`inn`, `expertId`...) and how to name a row without one. */
    keyColumn: string;
    noKey: string;
    fail: (message: string) => never;
  },
  run: () => Promise<ImportOutcome>,
): Promise<void> {
  const started = Date.now();
  try {
    const report = await run();
    const reportFile = await writeRejected(options.file, options.keyColumn, report.rejected);
    for (const row of report.rejected)
      console.log(`line ${row.line} (${row.key || options.noKey}): ${row.reasons.join('; ')}`);
    console.log(
      `${options.dryRun ? '[dry run] ' : ''}${report.rows} rows in ${((Date.now() - started) / 1000).toFixed(1)} s: ` +
        `${report.created} created, ${report.updated} updated, ${report.unchanged} unchanged, ${report.rejected.length} rejected (listed in ${reportFile})`,
    );
  } catch (error) {
    if ((error as Error).name === 'ResourceNotFoundException')
      options.fail(`table ${options.tableName} does not exist at this endpoint`);
    console.error(`${options.command} failed: ${(error as Error).message}`);
    process.exit(1);
  }
}
