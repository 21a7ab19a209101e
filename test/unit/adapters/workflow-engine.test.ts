import {
  SendTaskSuccessCommand,
  SFNClient,
  StartExecutionCommand,
  StopExecutionCommand,
} from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { executionArnFor, stepFunctionsEngine } from '#shared/adapters/workflow-engine';

const sfn = mockClient(SFNClient);
const STATE_MACHINE = 'arn:aws:states:eu-central-1:123456789012:stateMachine:Cluster-ApplicationWorkflow';

function awsError(name: string): Error {
  return Object.assign(new Error(name), { name });
}

describe('stepFunctionsEngine', () => {
  beforeEach(() => sfn.reset());

  it('names the execution after the application, so a second start is harmless', async () => {
    sfn.on(StartExecutionCommand).rejectsOnce(awsError('ExecutionAlreadyExists'));
    const engine = stepFunctionsEngine(new SFNClient({}), STATE_MACHINE);

    await expect(engine.start({ applicationId: 'app_1' })).resolves.toBeUndefined();

    expect(sfn.commandCalls(StartExecutionCommand)[0]?.args[0].input).toMatchObject({
      stateMachineArn: STATE_MACHINE,
      name: 'app_1',
      input: JSON.stringify({ applicationId: 'app_1' }),
    });
  });

  it('passes other start errors on', async () => {
    sfn.on(StartExecutionCommand).rejects(awsError('AccessDeniedException'));
    const engine = stepFunctionsEngine(new SFNClient({}), STATE_MACHINE);
    await expect(engine.start({ applicationId: 'app_1' })).rejects.toThrow('AccessDeniedException');
  });

  it.each(['TaskTimedOut', 'TaskDoesNotExist', 'InvalidToken'])('reports a %s task as gone', async (code) => {
    sfn.on(SendTaskSuccessCommand).rejects(awsError(code));
    const engine = stepFunctionsEngine(new SFNClient({}), STATE_MACHINE);
    await expect(engine.resumeTask('token', { ok: true })).resolves.toBe('gone');
  });

  it('resumes a waiting task with the JSON output', async () => {
    sfn.on(SendTaskSuccessCommand).resolves({});
    const engine = stepFunctionsEngine(new SFNClient({}), STATE_MACHINE);
    await expect(engine.resumeTask('token', { outcome: 'APPROVED' })).resolves.toBe('resumed');
    expect(sfn.commandCalls(SendTaskSuccessCommand)[0]?.args[0].input).toEqual({
      taskToken: 'token',
      output: '{"outcome":"APPROVED"}',
    });
  });

  it('stops the execution of the application by its derived ARN', async () => {
    sfn.on(StopExecutionCommand).resolves({});
    const engine = stepFunctionsEngine(new SFNClient({}), STATE_MACHINE);
    await engine.stop('app_9', 'withdrawn');
    expect(sfn.commandCalls(StopExecutionCommand)[0]?.args[0].input.executionArn).toBe(
      'arn:aws:states:eu-central-1:123456789012:execution:Cluster-ApplicationWorkflow:app_9',
    );
    expect(executionArnFor(STATE_MACHINE, 'x')).toMatch(/:execution:Cluster-ApplicationWorkflow:x$/);
  });

  it('derives the same execution ARN from the live alias the executions start on', () => {
    expect(executionArnFor(`${STATE_MACHINE}:live`, 'app_9')).toBe(
      'arn:aws:states:eu-central-1:123456789012:execution:Cluster-ApplicationWorkflow:app_9',
    );
  });
});
