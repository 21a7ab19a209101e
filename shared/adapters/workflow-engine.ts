import {
  DescribeExecutionCommand,
  SendTaskFailureCommand,
  SendTaskSuccessCommand,
  SFNClient,
  StartExecutionCommand,
  StopExecutionCommand,
} from '@aws-sdk/client-sfn';
import { traced } from '#shared/adapters/tracing';
import { executionNameFor } from '#shared/domain/application';
import type { ResumeOutcome, WorkflowEngine } from '#shared/use-cases/ports';

/** The part of Step Functions the product uses. The endpoint comes from AWS_ENDPOINT_URL_SFN locally. */
export const sfnClient = traced(new SFNClient({}));

export type SfnClient = Pick<SFNClient, 'send'>;

const GONE = new Set(['TaskTimedOut', 'TaskDoesNotExist', 'InvalidToken']);

/** Redrives of one application are few; past this many runs something else is wrong. */
const MAX_RUNS = 100;

/**
 * The ARN of run `run` of the application's execution (`<applicationId>` or
 * `<applicationId>-r<run>`), from the state machine's ARN, unqualified or of
 * a version or alias (`<name>:live`).
 */
export function executionArnFor(stateMachineArn: string, applicationId: string, run = 0): string {
  const [prefix, qualified = ''] = stateMachineArn.split(':stateMachine:');
  const [name] = qualified.split(':');
  return `${prefix}:execution:${name}:${executionNameFor(applicationId, run)}`;
}

const named = (error: unknown, name: string) => error instanceof Error && error.name === name;

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

  const startNamed = async (input: object, name: string) => {
    try {
      await client.send(new StartExecutionCommand({ stateMachineArn, name, input: JSON.stringify(input) }));
    } catch (error) {
      // Same name = same run of the same application: it already exists, which is what we wanted.
      if (!named(error, 'ExecutionAlreadyExists')) throw error;
    }
  };

  return {
    start: (input) => startNamed(input, executionNameFor(input.applicationId)),
    startAt: (input, run) => startNamed(input, executionNameFor(input.applicationId, run)),
    resumeTask: (taskToken, output) =>
      completing(() =>
        client.send(new SendTaskSuccessCommand({ taskToken, output: JSON.stringify(output) })),
      ),
    failTask: (taskToken, error, cause) =>
      completing(() => client.send(new SendTaskFailureCommand({ taskToken, error, cause }))),
    /**
     * Stops every run of the application, `<id>`, `<id>-r1`, ... up to the recorded latest: stopping
     * an ended execution changes nothing, so the running one is stopped whichever it is, with no
     * ListExecutions over the whole state machine. A run that does not exist (a start that failed
     * after its number was recorded; a closed run past Step Functions' 90 days) is passed over,
     * not taken for the end: the runs after it may be running.
     */
    async stop(applicationId, latestRun, cause) {
      for (let run = 0; run <= Math.min(latestRun, MAX_RUNS); run++) {
        try {
          await client.send(
            new StopExecutionCommand({
              executionArn: executionArnFor(stateMachineArn, applicationId, run),
              cause,
            }),
          );
        } catch (error) {
          if (!named(error, 'ExecutionDoesNotExist')) throw error;
        }
      }
    },
    async runStatus(applicationId, run) {
      try {
        const execution = await client.send(
          new DescribeExecutionCommand({
            executionArn: executionArnFor(stateMachineArn, applicationId, run),
          }),
        );
        return execution.status === 'RUNNING' || execution.status === 'PENDING_REDRIVE' ? 'RUNNING' : 'ENDED';
      } catch (error) {
        if (named(error, 'ExecutionDoesNotExist')) return 'MISSING';
        throw error;
      }
    },
  };
}
