import {
  SendTaskFailureCommand,
  SendTaskSuccessCommand,
  SFNClient,
  StartExecutionCommand,
  StopExecutionCommand,
} from '@aws-sdk/client-sfn';
import type { WorkflowStage } from '#shared/domain/application';

/** The part of Step Functions the product uses. The endpoint comes from AWS_ENDPOINT_URL_SFN locally. */
export const sfnClient = new SFNClient({});

export type SfnClient = Pick<SFNClient, 'send'>;

export interface WorkflowInput {
  applicationId: string;
  stage?: WorkflowStage;
}

export type ResumeOutcome = 'resumed' | 'gone';

export interface WorkflowEngine {
  /** Starts the application's execution; its name is the application id, so a second start is a no-op. */
  start(input: WorkflowInput): Promise<void>;
  /** Completes a waiting task. 'gone' when the task timed out or its execution ended. */
  resumeTask(taskToken: string, output: unknown): Promise<ResumeOutcome>;
  failTask(taskToken: string, error: string, cause: string): Promise<ResumeOutcome>;
  stop(applicationId: string, cause: string): Promise<void>;
}

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
