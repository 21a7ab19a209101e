/**
 * A tiny CDK stack with the constructs the product's workflow uses (a table
 * with a GSI and TTL, Lambda functions tagged `app:function`, request/response
 * and callback tasks, a Map, a Choice, Retry and Catch), synthesized the way
 * the real app is. Tests of the local stand-ins run its state machine.
 */
import { App, Duration, Stack, Tags } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import type { CfnTemplate } from '#local/cfn';
import { deadlineSeconds } from '#test/support/timeouts';

export const TINY_TABLE_NAME = 'tiny-applications';
/**
 * TimeoutSeconds of the `AwaitDecision` callback task: short, so the timeout path is quick to test,
 * and scaled, so the tests that answer before it still do on a busy machine.
 */
export const DECISION_TIMEOUT_SECONDS = deadlineSeconds(2);

function tinyFunction(stack: Stack, id: string, key: string): lambda.Function {
  const fn = new lambda.Function(stack, id, {
    runtime: lambda.Runtime.NODEJS_24_X,
    handler: 'index.handler',
    code: lambda.Code.fromInline('exports.handler = async () => ({});'),
  });
  Tags.of(fn).add('app:function', key);
  return fn;
}

function build(): CfnTemplate {
  const app = new App();
  const stack = new Stack(app, 'TinyWorkflowStack');

  const table = new dynamodb.Table(stack, 'Applications', {
    tableName: TINY_TABLE_NAME,
    partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
    sortKey: { name: 'sk', type: dynamodb.AttributeType.STRING },
    billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
    timeToLiveAttribute: 'expiresAt',
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    deletionProtection: true,
  });
  table.addGlobalSecondaryIndex({
    indexName: 'byStatus',
    partitionKey: { name: 'status', type: dynamodb.AttributeType.STRING },
    sortKey: { name: 'createdAt', type: dynamodb.AttributeType.STRING },
  });
  // No TableName: its local name must be the logical id.
  new dynamodb.Table(stack, 'Sessions', {
    partitionKey: { name: 'id', type: dynamodb.AttributeType.STRING },
    billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
  });

  const worker = tinyFunction(stack, 'WorkerFn', 'worker');
  const notify = tinyFunction(stack, 'NotifyFn', 'notify');
  worker.addEnvironment('TABLE_NAME', table.tableName);

  const done = new sfn.Succeed(stack, 'Done');

  const summarize = new tasks.LambdaInvoke(stack, 'Summarize', {
    lambdaFunction: worker,
    payload: sfn.TaskInput.fromObject({ action: 'summarize', 'input.$': '$' }),
    resultSelector: { 'summary.$': '$.Payload', 'status.$': '$.StatusCode' },
    resultPath: '$.summary',
  }).next(done);

  const awaitDecision = new tasks.LambdaInvoke(stack, 'AwaitDecision', {
    lambdaFunction: notify,
    integrationPattern: sfn.IntegrationPattern.WAIT_FOR_TASK_TOKEN,
    payload: sfn.TaskInput.fromObject({
      token: sfn.JsonPath.taskToken,
      applicationId: sfn.JsonPath.stringAt('$.applicationId'),
      stage: 'decision',
    }),
    taskTimeout: sfn.Timeout.duration(Duration.seconds(DECISION_TIMEOUT_SECONDS)),
    resultPath: '$.decision',
  });
  awaitDecision.addCatch(
    new sfn.Pass(stack, 'MarkTimedOut', {
      result: sfn.Result.fromString('timeout'),
      resultPath: '$.decision',
    }).next(summarize),
    { errors: [sfn.Errors.TIMEOUT] },
  );
  awaitDecision.addCatch(new sfn.Pass(stack, 'MarkRejected').next(summarize), {
    errors: [sfn.Errors.ALL],
    resultPath: '$.rejection',
  });
  awaitDecision.next(summarize);

  const askReviewer = new tasks.LambdaInvoke(stack, 'AskReviewer', {
    lambdaFunction: notify,
    integrationPattern: sfn.IntegrationPattern.WAIT_FOR_TASK_TOKEN,
    payload: sfn.TaskInput.fromObject({
      token: sfn.JsonPath.taskToken,
      reviewer: sfn.JsonPath.stringAt('$.reviewer'),
      applicationId: sfn.JsonPath.stringAt('$.applicationId'),
      stage: 'review',
    }),
    taskTimeout: sfn.Timeout.duration(Duration.seconds(30)),
  });
  const fanOut = new sfn.Map(stack, 'FanOut', {
    itemsPath: '$.reviewers',
    itemSelector: {
      'reviewer.$': '$$.Map.Item.Value',
      'applicationId.$': '$.applicationId',
    },
    resultPath: '$.reviews',
  });
  fanOut.itemProcessor(askReviewer);
  fanOut.next(summarize);

  const route = new sfn.Choice(stack, 'Route')
    .when(
      sfn.Condition.and(sfn.Condition.isPresent('$.mode'), sfn.Condition.stringEquals('$.mode', 'review')),
      fanOut,
    )
    .otherwise(awaitDecision);

  const failed = new sfn.Fail(stack, 'PrepareFailed', {
    errorPath: '$.error.Error',
    causePath: '$.error.Cause',
  });
  const prepare = new tasks.LambdaInvoke(stack, 'Prepare', {
    lambdaFunction: worker,
    payloadResponseOnly: true,
    payload: sfn.TaskInput.fromObject({
      action: 'prepare',
      applicationId: sfn.JsonPath.stringAt('$.applicationId'),
    }),
    resultPath: '$.prepared',
  });
  prepare.addRetry({
    errors: ['TransientError'],
    interval: Duration.seconds(1),
    backoffRate: 2,
    maxAttempts: 2,
  });
  prepare.addCatch(failed, { errors: [sfn.Errors.ALL], resultPath: '$.error' });

  new sfn.StateMachine(stack, 'TinyWorkflow', {
    definitionBody: sfn.DefinitionBody.fromChainable(sfn.Chain.start(prepare).next(route)),
  });

  return Template.fromStack(stack).toJSON() as CfnTemplate;
}

let cached: CfnTemplate | undefined;

/** The synthesized template (built once per test file: synth takes a few seconds). */
export function tinyWorkflowTemplate(): CfnTemplate {
  cached ??= build();
  return structuredClone(cached);
}
