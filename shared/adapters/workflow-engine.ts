import {
  SendTaskFailureCommand,
  SendTaskSuccessCommand,
  SFNClient,
  StartExecutionCommand,
  StopExecutionCommand,
} from '@aws-sdk/client-sfn';
import { traced } from '#shared/adapters/tracing';
import type { ResumeOutcome, WorkflowEngine } from '#shared/use-cases/ports';

/** The part of Step Functions the product uses. The endpoint comes from AWS_ENDPOINT_URL_SFN locally. */
export const sfnClient = traced(new SFNClient({}));

export type SfnClient = Pick<SFNClient, 'send'>;

const GONE = new Set(['TaskTimedOut', 'TaskDoesNotExist', 'InvalidToken']);

/** The execution's ARN from the state machine's, unqualified or of a version or alias (`<name>:live`). */
export function executionArnFor(stateMachineArn: string, applicationId: string): string {
  const [prefix, qualified = ''] = stateMachineArn.split(':stateMachine:');
  const [name] = qualified.split(':');
  return `${prefix}:execution:${name}:${applicationId}`;
}

export function stepFunctionsEngine(client: SfnClient, stateMachineArn: string): WorkflowEngine {
  const completing = async (send: () => Promise<unknown>): Promise<ResumeOutcome> => {
    try {
      await send();
      return 'resumed';
    } catch (error) {
      if (error instanceof Error && GONE.has(error.name)) return 'gone';
      throw error;
    }
  };

  return {
    async start(input) {
      try {
        await client.send(
          new StartExecutionCommand({
            stateMachineArn,
            name: input.applicationId,
            input: JSON.stringify(input),
          }),
        );
      } catch (error) {
        // Same name = same application: the execution already exists, which is what we wanted.
        if (!(error instanceof Error && error.name === 'ExecutionAlreadyExists')) throw error;
      }
    },
    resumeTask: (taskToken, output) =>
      completing(() =>
        client.send(new SendTaskSuccessCommand({ taskToken, output: JSON.stringify(output) })),
      ),
    failTask: (taskToken, error, cause) =>
      completing(() => client.send(new SendTaskFailureCommand({ taskToken, error, cause }))),
    async stop(applicationId, cause) {
      try {
        await client.send(
          new StopExecutionCommand({ executionArn: executionArnFor(stateMachineArn, applicationId), cause }),
        );
      } catch (error) {
        if (!(error instanceof Error && error.name === 'ExecutionDoesNotExist')) throw error;
      }
    },
  };
}
