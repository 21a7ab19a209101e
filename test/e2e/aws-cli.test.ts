import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { joinClusterBody, sample } from '#test/support/api-client';
import { submitAs, suiteClient } from '#test/support/e2e';
import { suiteRuntimeUrl } from '#test/support/lanes';
import { suiteAwsFiles } from '#test/support/local-aws';

/**
 * The local Step Functions endpoint speaks the AWS JSON protocol: Debian's
 * AWS CLI (installed by `npm run setup`) reads a submitted application's
 * execution from it, as it would from AWS, with the credentials the runtime
 * generated in its data folder (as the README shows); other credentials are refused.
 */
const run = promisify(execFile);
const awsEnv = (extra: Record<string, string>) => {
  const env: Record<string, string | undefined> = { ...process.env, AWS_PAGER: '', ...extra };
  // Nothing of the caller's own AWS setup may leak in.
  for (const name of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE'])
    if (!(name in extra)) delete env[name];
  return env;
};

async function aws(env: Record<string, string>, ...args: string[]) {
  const { stdout } = await run(
    'aws',
    ['stepfunctions', ...args, '--endpoint-url', suiteRuntimeUrl(), '--output', 'json'],
    { env: awsEnv(env) },
  );
  return JSON.parse(stdout);
}

const failureOf = (promise: Promise<unknown>) =>
  promise.then(
    () => '',
    (error: { stderr?: string }) => error.stderr ?? '',
  );

describe('aws stepfunctions against the local endpoint', () => {
  it('describes the execution of a submitted application with the generated credentials', async () => {
    const applicant = sample.joinCandidate(21);
    const { applicationId } = await submitAs(
      suiteClient(),
      joinClusterBody(applicant, sample.cluster.clusterId),
    );
    const env = { ...suiteAwsFiles(), AWS_DEFAULT_REGION: 'local' };

    const { stateMachines } = await aws(env, 'list-state-machines');
    expect(stateMachines).toHaveLength(1);
    const stateMachineArn: string = stateMachines[0].stateMachineArn;
    const executionArn = `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${applicationId}`;

    const execution = await aws(env, 'describe-execution', '--execution-arn', executionArn);
    expect(execution).toMatchObject({ executionArn, stateMachineArn, name: applicationId });
    expect(['RUNNING', 'SUCCEEDED']).toContain(execution.status);
    expect(JSON.parse(execution.input)).toEqual({ applicationId });
  });

  it('finds the endpoints and the region in the generated config file', async () => {
    const { stdout } = await run('aws', ['stepfunctions', 'list-state-machines', '--output', 'json'], {
      env: awsEnv(suiteAwsFiles()),
    });
    expect(JSON.parse(stdout).stateMachines).toHaveLength(1);
  });

  it('refuses any other credentials', async () => {
    const other = { AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local', AWS_DEFAULT_REGION: 'local' };
    expect(await failureOf(aws(other, 'list-state-machines'))).toContain('UnrecognizedClientException');
  });
});
