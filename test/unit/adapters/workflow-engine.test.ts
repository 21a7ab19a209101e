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
    await engine.stop('app_9', 0, 'withdrawn');
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

  it('starts a redrive under the derived name <applicationId>-r<n>, harmlessly twice', async () => {
    sfn.on(StartExecutionCommand).resolvesOnce({}).rejectsOnce(awsError('ExecutionAlreadyExists'));
    const engine = stepFunctionsEngine(new SFNClient({}), STATE_MACHINE);
    const input = { applicationId: 'app_1', stage: 'SIGNOFF' as const };
    await engine.startAt(input, 2);
    await expect(engine.startAt(input, 2)).resolves.toBeUndefined();
    expect(sfn.commandCalls(StartExecutionCommand)[0]?.args[0].input).toEqual({
      stateMachineArn: STATE_MACHINE,
      name: 'app_1-r2',
      input: JSON.stringify(input),
    });
  });

  it('stops every run of the application up to the recorded latest, past runs that do not exist', async () => {
    const base = 'arn:aws:states:eu-central-1:123456789012:execution:Cluster-ApplicationWorkflow:app_9';
    sfn.on(StopExecutionCommand).resolves({});
    // Run 0's start was lost (the reconciler started r1), r2's start failed after its number was recorded.
    for (const missing of [base, `${base}-r2`])
      sfn.on(StopExecutionCommand, { executionArn: missing }).rejects(awsError('ExecutionDoesNotExist'));
    const engine = stepFunctionsEngine(new SFNClient({}), `${STATE_MACHINE}:live`);
    await engine.stop('app_9', 3, 'withdrawn');
    expect(sfn.commandCalls(StopExecutionCommand).map((call) => call.args[0].input.executionArn)).toEqual([
      base,
      `${base}-r1`,
      `${base}-r2`,
      `${base}-r3`,
    ]);
  });

  it('passes other stop errors on', async () => {
    sfn.on(StopExecutionCommand).rejects(awsError('AccessDeniedException'));
    const engine = stepFunctionsEngine(new SFNClient({}), STATE_MACHINE);
    await expect(engine.stop('app_9', 0, 'withdrawn')).rejects.toThrow('AccessDeniedException');
  });
});
