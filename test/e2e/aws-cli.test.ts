import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, inject, it } from 'vitest';
import { joinClusterBody, sample } from '#test/support/api-client';
import { submitAs, suiteClient } from '#test/support/e2e';

/**
 * The local Step Functions endpoint speaks the AWS JSON protocol: Debian's
 * AWS CLI (installed by `npm run setup`) reads a submitted application's
 * execution from it, as it would from AWS.
 */
const run = promisify(execFile);
const awsEnv = {
  ...process.env,
  AWS_ACCESS_KEY_ID: 'local',
  AWS_SECRET_ACCESS_KEY: 'local',
  AWS_DEFAULT_REGION: 'local',
  AWS_PAGER: '',
};

async function aws(...args: string[]) {
  const { stdout } = await run(
    'aws',
    ['stepfunctions', ...args, '--endpoint-url', inject('runtimeUrl'), '--output', 'json'],
    {
      env: awsEnv,
    },
  );
  return JSON.parse(stdout);
}

describe('aws stepfunctions against the local endpoint', () => {
  it('describes the execution of a submitted application', async () => {
    const applicant = sample.joinCandidate(21);
    const { applicationId } = await submitAs(
      suiteClient(),
      joinClusterBody(applicant, sample.cluster.clusterId),
    );

    const { stateMachines } = await aws('list-state-machines');
    expect(stateMachines).toHaveLength(1);
    const stateMachineArn: string = stateMachines[0].stateMachineArn;
    const executionArn = `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${applicationId}`;

    const execution = await aws('describe-execution', '--execution-arn', executionArn);
    expect(execution).toMatchObject({ executionArn, stateMachineArn, name: applicationId });
    expect(['RUNNING', 'SUCCEEDED']).toContain(execution.status);
    expect(JSON.parse(execution.input)).toEqual({ applicationId });
  });
});
