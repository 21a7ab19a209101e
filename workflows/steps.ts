import { Duration } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import type { Construct } from 'constructs';
import { WORKFLOW_ERRORS } from '#shared/catalog';

/** Where a Catch puts `{Error, Cause}`: the close-application step records it as the failure cause. */
export const FAILURE_PATH = '$.failure';

/** Only ids travel between states; every step loads what it needs from DynamoDB. */
export const applicationIdOnly = { applicationId: sfn.JsonPath.stringAt('$.applicationId') };

/**
 * Errors the Lambda service raises around an invocation (not the function's
 * own): throttling (`TooManyRequestsException`, when the account or the
 * function's reserved concurrency is exhausted) and the service's own
 * hiccups. They clear up on their own, so a step retries them for minutes
 * rather than failing an application that waited days for people.
 */
export const LAMBDA_SERVICE_ERRORS = [
  'Lambda.TooManyRequestsException',
  'Lambda.ServiceException',
  'Lambda.AWSLambdaException',
  'Lambda.SdkClientException',
  'Lambda.ClientExecutionTimeoutException',
] as const;

/**
 * The one retry schedule of every step: 2 s doubling to at most a minute, 10
 * retries: up to about 6 minutes of waiting (3 on average with full jitter),
 * long enough to ride out a few minutes' outage or a burst of throttling
 * rather than failing an application that waited days for people. Full
 * jitter spreads the retries of many executions hit at once.
 */
export const RETRY_SCHEDULE = {
  interval: Duration.seconds(2),
  maxAttempts: 10,
  backoffRate: 2,
  maxDelay: Duration.seconds(60),
  jitterStrategy: sfn.JitterType.FULL,
} as const;

/**
 * Two retriers on the same schedule, the first match wins:
 * - Lambda service errors and throttles (around the invocation);
 * - `TransientError`: the function's own view of an outage or throttling of
 *   DynamoDB, SES, Secrets Manager or Step Functions (connection refused,
 *   reset or timed out, throttling names, 5xx), classified in one place at
 *   the step's edge (`asStepError`, shared/errors.ts), and lost write races.
 */
export function retryTransient(task: sfn.TaskStateBase): void {
  task.addRetry({ errors: [...LAMBDA_SERVICE_ERRORS], ...RETRY_SCHEDULE });
  task.addRetry({ errors: [WORKFLOW_ERRORS.transient], ...RETRY_SCHEDULE });
}

/** A request/response step that returns only the function's payload. */
export function invokeStep(
  scope: Construct,
  id: string,
  fn: IFunction,
  options: { resultPath: string; payload?: Record<string, unknown>; comment?: string },
): tasks.LambdaInvoke {
  const task = new tasks.LambdaInvoke(scope, id, {
    lambdaFunction: fn,
    payloadResponseOnly: true,
    payload: sfn.TaskInput.fromObject(options.payload ?? applicationIdOnly),
    resultPath: options.resultPath,
    comment: options.comment,
    // Replaced by retryTransient's, which also covers throttling.
    retryOnServiceExceptions: false,
  });
  retryTransient(task);
  return task;
}

/**
 * A human step: the function stores the task token server-side and emails a
 * signed link; the execution waits until the link's POST resumes it, or the
 * timeout fires (States.Timeout).
 */
export function callbackStep(
  scope: Construct,
  id: string,
  fn: IFunction,
  options: { timeout: Duration; payload: Record<string, unknown>; resultPath: string; comment?: string },
): tasks.LambdaInvoke {
  const task = new tasks.LambdaInvoke(scope, id, {
    lambdaFunction: fn,
    integrationPattern: sfn.IntegrationPattern.WAIT_FOR_TASK_TOKEN,
    payload: sfn.TaskInput.fromObject({ ...options.payload, taskToken: sfn.JsonPath.taskToken }),
    taskTimeout: sfn.Timeout.duration(options.timeout),
    resultPath: options.resultPath,
    comment: options.comment,
    retryOnServiceExceptions: false,
  });
  retryTransient(task);
  return task;
}

/**
 * What ends a callback task at its deadline: its own timeout, or the step itself when it was
 * re-entered (restart, redrive) after the deadline the task recorded (`DeadlinePassed`,
 * shared/use-cases/stage-deadline.ts). Catch both to take the same path.
 */
export const DEADLINE_ERRORS = [sfn.Errors.TIMEOUT, WORKFLOW_ERRORS.deadlinePassed] as const;

/** Routes a step's errors: a closed application ends quietly, anything else records FAILED. */
export interface FailureRoutes {
  onClosed: sfn.IChainable;
  onFailure: sfn.IChainable;
}

export function catchFailures(task: sfn.TaskStateBase | sfn.Map, routes: FailureRoutes): void {
  task.addCatch(routes.onClosed, {
    errors: [WORKFLOW_ERRORS.applicationClosed],
    resultPath: sfn.JsonPath.DISCARD,
  });
  task.addCatch(routes.onFailure, { errors: [sfn.Errors.ALL], resultPath: FAILURE_PATH });
}
