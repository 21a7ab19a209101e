import { Duration } from 'aws-cdk-lib';
import type * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';

export interface MonitoringProps {
  stateMachine: sfn.IStateMachine;
  functions: Readonly<Record<string, lambda.IFunction>>;
  api: apigateway.RestApi;
  /** Subscribed to the alarm topic when set. */
  alarmEmail?: string | undefined;
}

/**
 * What operators are alerted about: an application that ended FAILED (its
 * execution fails on purpose after recording the cause), a workflow that
 * timed out, any function error and any 5xx the API answered. Alarms go to
 * one encrypted SNS topic; subscribe a mailbox with the `alarmEmail` context.
 */
export class Monitoring extends Construct {
  readonly topic: sns.Topic;
  readonly alarms: cloudwatch.Alarm[] = [];

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);

    const key = new kms.Key(this, 'AlarmTopicKey', {
      description: 'Encrypts the alarm topic; CloudWatch may use it to publish',
      enableKeyRotation: true,
    });
    key.grant(new iam.ServicePrincipal('cloudwatch.amazonaws.com'), 'kms:Decrypt', 'kms:GenerateDataKey*');
    this.topic = new sns.Topic(this, 'Alarms', { masterKey: key, enforceSSL: true });
    if (props.alarmEmail) this.topic.addSubscription(new subscriptions.EmailSubscription(props.alarmEmail));

    const fiveMinutes = { period: Duration.minutes(5), statistic: cloudwatch.Stats.SUM };
    this.alarm(
      'ApplicationsFailed',
      props.stateMachine.metricFailed(fiveMinutes),
      'An application ended FAILED: see its history for the cause',
    );
    this.alarm(
      'WorkflowTimedOut',
      props.stateMachine.metricTimedOut(fiveMinutes),
      'A workflow execution timed out',
    );
    this.alarm('ApiServerErrors', props.api.metricServerError(fiveMinutes), 'The API answered 5xx');
    for (const [name, fn] of Object.entries(props.functions)) {
      this.alarm(`FunctionErrors-${name}`, fn.metricErrors(fiveMinutes), `Lambda ${name} raised errors`);
    }
  }

  private alarm(id: string, metric: cloudwatch.IMetric, description: string): void {
    const alarm = new cloudwatch.Alarm(this, id, {
      metric,
      alarmDescription: description,
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(new actions.SnsAction(this.topic));
    this.alarms.push(alarm);
  }
}
