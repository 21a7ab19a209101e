import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';

/**
 * `npm run redrive -- APPLICATION_ID [--local] [--actor NAME]`: runs a FAILED
 * application's workflow again from the stage it failed in (the
 * `redriveApplication` use-case; README "Faults and recovery"). Against AWS
 * it uses TABLE_NAME, STATE_MACHINE_ARN (the live alias) and the usual AWS
 * credentials; `--local` finds the running `npm start`.
 */
const usage = 'usage: npm run redrive -- APPLICATION_ID [--local] [--actor NAME]';
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { local: { type: 'boolean' }, actor: { type: 'string' } },
});

function fail(message: string): never {
  console.error(`redrive: ${message}\n${usage}`);
  process.exit(2);
}

const applicationId = positionals[0];
if (!applicationId) fail('name the application to redrive');

if (values.local) {
  const dataDir = resolve(process.env.LOCAL_DATA_DIR ?? new URL('../.local/data', import.meta.url).pathname);
  const runtimePath = resolve(dataDir, 'runtime.json');
  if (!existsSync(runtimePath)) fail(`no local runtime data in ${dataDir}: run \`npm start\` first`);
  const runtime = JSON.parse(await readFile(runtimePath, 'utf8')) as {
    url: string;
    dynamodbEndpoint: string;
    tableName: string;
    stateMachineArn: string;
  };
  const { readLocalAwsCredentials, CREDENTIALS_FILE } = await import('#local/aws-credentials');
  const credentials = await readLocalAwsCredentials(resolve(dataDir, CREDENTIALS_FILE));
  if (!credentials) fail(`no local AWS credentials in ${dataDir}: run \`npm start\` first`);
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_DYNAMODB: runtime.dynamodbEndpoint,
    AWS_ENDPOINT_URL_SFN: runtime.url,
    TABLE_NAME: runtime.tableName,
    STATE_MACHINE_ARN: runtime.stateMachineArn,
    AWS_REGION: 'local',
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
  });
}
if (!process.env.TABLE_NAME || !process.env.STATE_MACHINE_ARN) {
  fail('set TABLE_NAME and STATE_MACHINE_ARN (the stack outputs), or pass --local');
}

// Imported after the environment is settled: the clients read their endpoints once.
const { applicationStore, registryStore, clock } = await import('#functions/composition/stores');
const { workflowEngine } = await import('#functions/composition/step-functions');
const { redriveApplication } = await import('#shared/use-cases/redrive-application');
const { HttpError } = await import('#shared/errors');

try {
  const result = await redriveApplication(
    applicationId,
    `operator:${values.actor ?? process.env.USER ?? 'cli'}`,
    { applications: applicationStore(), registry: registryStore(), workflow: workflowEngine(), clock },
  );
  console.log(
    `${applicationId}: ${result.redriven ? 'redriven' : 'already redriven, start repeated'} at ${result.stage} ` +
      `(status ${result.status}, execution ${applicationId}-r${result.run})`,
  );
} catch (error) {
  if (error instanceof HttpError) {
    console.error(`redrive: ${error.code}: ${error.message}`);
    process.exit(1);
  }
  throw error;
}
