import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  esbuildOptionsAsDeployed,
  FUNCTION_NODE_OPTIONS,
  REPO_ROOT,
} from '#infra/constructs/product-function';
import { sampleOrganizations } from '#local/sample-data';
import { documentClient } from '#shared/adapters/dynamodb';
import { dynamoRegistryStore } from '#shared/adapters/registry-store';
import { handlerEntry } from '#shared/catalog';
import { suiteDynamoDbEndpoint } from '#test/support/lanes';
import { createTestTable } from '#test/support/test-table';
import { scaled } from '#test/support/timeouts';

/**
 * The tests and the local runtime run the handlers from source; this one runs
 * a handler bundled the way CDK deploys it (minified ESM, SDK bundled, the
 * credential providers Lambda never loads left out) in a fresh Node process
 * with Lambda's kind of environment: credentials in variables, no ~/.aws.
 */
let workDir: string;
let tableName: string;
const organization = firstOf(sampleOrganizations());

function firstOf<T>(items: readonly T[]): T {
  const [first] = items;
  if (first === undefined) throw new Error('no sample organization');
  return first;
}

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'deployed-bundle-'));
  tableName = await createTestTable(suiteDynamoDbEndpoint());
  await dynamoRegistryStore(documentClient, tableName).putOrganizations([organization]);
});

afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

describe.each([
  { tracing: true, setting: 'on' },
  { tracing: false, setting: 'off' },
])('a function bundle as deployed, tracing $setting', ({ tracing, setting }) => {
  it('loads, finds its credentials and answers a request from DynamoDB', {
    timeout: scaled(30_000),
  }, async () => {
    const bundle = join(workDir, `registry-api-tracing-${setting}`, 'index.mjs');
    const result = await build({
      ...esbuildOptionsAsDeployed(join(REPO_ROOT, handlerEntry('registry-api')), bundle, { tracing }),
      metafile: true,
      logLevel: 'silent',
    });
    const inputs = Object.keys(result.metafile.inputs);
    // Off, the Tracer and the X-Ray SDK are left out of the bundle, not merely switched off.
    expect(inputs.some((input) => input.includes('aws-xray-sdk-core'))).toBe(tracing);
    expect(inputs.some((input) => input.includes('@aws-lambda-powertools/tracer'))).toBe(tracing);
    const event = {
      httpMethod: 'GET',
      resource: '/organizations/{inn}',
      path: `/organizations/${organization.inn}`,
      pathParameters: { inn: organization.inn },
      headers: {},
      requestContext: { authorizer: { claims: { 'custom:inn': organization.inn } } },
    };
    const invoke = `const { handler } = await import(${JSON.stringify(`file://${bundle}`)});
      console.log(JSON.stringify(await handler(${JSON.stringify(event)}, { functionName: 'registry-api', awsRequestId: 'test' })));`;
    const run = spawnSync(process.execPath, [FUNCTION_NODE_OPTIONS, '--input-type=module', '-e', invoke], {
      cwd: workDir,
      encoding: 'utf8',
      env: {
        PATH: process.env.PATH,
        HOME: workDir,
        AWS_REGION: 'us-east-1',
        AWS_ACCESS_KEY_ID: 'local',
        AWS_SECRET_ACCESS_KEY: 'local',
        AWS_SESSION_TOKEN: 'local',
        AWS_ENDPOINT_URL_DYNAMODB: suiteDynamoDbEndpoint(),
        TABLE_NAME: tableName,
        POWERTOOLS_LOG_LEVEL: 'ERROR',
      },
    });
    expect(run.status, run.stderr).toBe(0);
    const response = JSON.parse(run.stdout.trim().split('\n').at(-1) ?? '{}');
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body)).toMatchObject({ inn: organization.inn, name: organization.name });
  });
});
