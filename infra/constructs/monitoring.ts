import { Duration, Stack } from 'aws-cdk-lib';
import type * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { SES_METRIC_DIMENSION } from '#infra/constructs/email';

export interface MonitoringProps {
  stateMachine: sfn.IStateMachine;
  functions: Readonly<Record<string, lambda.IFunction>>;
  /** The functions that email experts and officials their links. */
  linkEmailFunctions: readonly string[];
  api: apigateway.RestApi;
  table: ITableV2;
  /** The table's global secondary indexes (their throttles count too). */
  tableIndexes: readonly string[];
  firewall: { webAclName: string; linkBlockRuleNames: readonly string[] };
  sesConfigurationSetName: string;
  /** Subscribed to the alarm topic; unset only with an opt-out reason (infra/config.ts). */
  alarmEmail?: string | undefined;
}

/** The share of API requests answered 4xx, over 15 minutes, that alarms (with at least 20 requests a period). */
export const API_CLIENT_ERROR_RATE = 0.25;
/** SES puts an account under review at a 5% bounce rate and 0.1% complaint rate: alarm there. */
export const SES_BOUNCE_RATE = 0.05;
export const SES_COMPLAINT_RATE = 0.001;
/** Firewall blocks in 5 minutes that alarm (bots and scanners are blocked all the time). */
export const FIREWALL_BLOCKS = 100;

/**
 * Only AWS services may create grants on the key (Control Tower CT.KMS.PR.3):
 * a principal of this account with kms:CreateGrant could otherwise hand the
 * key to anyone.
 */
function denyCreateGrantExceptForAwsServices(key: kms.Key): void {
  key.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'GrantsOnlyForAwsServices',
      effect: iam.Effect.DENY,
      principals: [new iam.AnyPrincipal()],
      actions: ['kms:CreateGrant'],
      resources: ['*'],
      conditions: {
        BoolIfExists: { 'kms:GrantIsForAWSResource': 'false', 'aws:PrincipalIsAWSService': 'false' },
      },
    }),
  );
}

const fiveMinutes = { period: Duration.minutes(5), statistic: cloudwatch.Stats.SUM };

/**
 * What operators are alerted about, all on one encrypted SNS topic that the
 * `alarmEmail` mailbox subscribes to:
 * - an application ended FAILED (its execution fails on purpose after
 *   recording the cause), a workflow timed out;
 * - any function error or throttle, any 5xx of the API, a 4xx rate over 25%;
 * - DynamoDB throttles (table and index);
 * - an email to an expert or official not sent (errors of the two functions
 *   that send the links);
 * - SES bounce and complaint rates at the levels where SES starts a review;
 * - firewall blocks: a burst of them, or any refusal on a link page (an
 *   expert or official may have been turned away).
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
    denyCreateGrantExceptForAwsServices(key);
    this.topic = new sns.Topic(this, 'Alarms', { masterKey: key, enforceSSL: true });
    if (props.alarmEmail) this.topic.addSubscription(new subscriptions.EmailSubscription(props.alarmEmail));

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
      this.alarm(
        `FunctionThrottles-${name}`,
        fn.metricThrottles(fiveMinutes),
        `Lambda ${name} was throttled (concurrency exhausted): requests or workflow steps were refused`,
      );
    }

    this.alarm(
      'LinkEmailNotSent',
      new cloudwatch.MathExpression({
        expression: props.linkEmailFunctions.map((_name, index) => `FILL(e${index}, 0)`).join(' + '),
        usingMetrics: Object.fromEntries(
          props.linkEmailFunctions.map((name, index) => {
            const fn = props.functions[name];
            if (!fn) throw new Error(`no function ${name}`);
            return [`e${index}`, fn.metricErrors(fiveMinutes)];
          }),
        ),
        period: fiveMinutes.period,
        label: 'Errors of the functions that email review, sign-off and consent links',
      }),
      `An expert, official, member or partner may not have got their link: ${props.linkEmailFunctions.join(' or ')} failed ` +
        '(sending is what these steps do; the step retries, and ends the application FAILED if it never succeeds). ' +
        'See the function logs; check the SES identity, sending quota and suppression list.',
    );

    this.alarm(
      'TableThrottles',
      this.tableThrottles(props.table, props.tableIndexes),
      'DynamoDB throttled reads or writes of the table or its index: requests and steps slow down or fail',
    );

    const requests = props.api.metricCount(fiveMinutes);
    const clientErrors = props.api.metricClientError(fiveMinutes);
    this.alarm(
      'ApiClientErrorRate',
      new cloudwatch.MathExpression({
        expression: 'IF(requests >= 20, clientErrors / requests, 0)',
        usingMetrics: { requests, clientErrors },
        period: fiveMinutes.period,
        label: 'Share of API requests answered 4xx',
      }),
      `More than ${API_CLIENT_ERROR_RATE * 100}% of API requests were answered 4xx for 15 minutes ` +
        '(a broken client, a bad deploy, or probing)',
      { threshold: API_CLIENT_ERROR_RATE, evaluationPeriods: 3, comparison: 'GREATER_THAN_THRESHOLD' },
    );

    const region = Stack.of(this).region;
    const firewallBlocks = (rule: string) =>
      new cloudwatch.Metric({
        namespace: 'AWS/WAFV2',
        metricName: 'BlockedRequests',
        dimensionsMap: { WebACL: props.firewall.webAclName, Region: region, Rule: rule },
        ...fiveMinutes,
      });
    this.alarm(
      'FirewallBlocks',
      firewallBlocks('ALL'),
      `The firewall blocked ${FIREWALL_BLOCKS} or more requests in 5 minutes: an attack, or legitimate traffic refused ` +
        '(the WAF log group says which rule)',
      { threshold: FIREWALL_BLOCKS },
    );
    for (const rule of props.firewall.linkBlockRuleNames) {
      this.alarm(
        `FirewallRefusedLinkPage-${rule}`,
        firewallBlocks(rule),
        'The firewall refused a request to a review or sign-off page: an expert or official may have been turned away',
      );
    }

    const ses = (metricName: string) =>
      new cloudwatch.Metric({
        namespace: 'AWS/SES',
        metricName,
        dimensionsMap: { [SES_METRIC_DIMENSION]: props.sesConfigurationSetName },
        period: Duration.hours(1),
        statistic: cloudwatch.Stats.SUM,
      });
    const sesRate = (metricName: string, label: string) =>
      new cloudwatch.MathExpression({
        expression: 'IF(FILL(sent, 0) > 0, FILL(events, 0) / sent, 0)',
        usingMetrics: { sent: ses('Send'), events: ses(metricName) },
        period: Duration.hours(1),
        label,
      });
    this.alarm(
      'EmailBounceRate',
      sesRate('Bounce', 'Bounces per email sent'),
      `${SES_BOUNCE_RATE * 100}% or more of the emails sent in an hour bounced: experts, officials or applicants ` +
        'are not getting their emails (check the registry addresses; SES reviews the account at this rate)',
      { threshold: SES_BOUNCE_RATE },
    );
    this.alarm(
      'EmailComplaintRate',
      sesRate('Complaint', 'Complaints per email sent'),
      `${SES_COMPLAINT_RATE * 100}% or more of the emails sent in an hour were reported as spam ` +
        '(SES reviews the account at this rate)',
      { threshold: SES_COMPLAINT_RATE },
    );
  }

  private tableThrottles(table: ITableV2, indexes: readonly string[]): cloudwatch.IMetric {
    const metrics: Record<string, cloudwatch.IMetric> = {};
    for (const metricName of ['ReadThrottleEvents', 'WriteThrottleEvents']) {
      for (const index of [undefined, ...indexes]) {
        metrics[`m${Object.keys(metrics).length}`] = new cloudwatch.Metric({
          namespace: 'AWS/DynamoDB',
          metricName,
          dimensionsMap: {
            TableName: table.tableName,
            ...(index ? { GlobalSecondaryIndexName: index } : {}),
          },
          ...fiveMinutes,
        });
      }
    }
    return new cloudwatch.MathExpression({
      expression: Object.keys(metrics)
        .map((id) => `FILL(${id}, 0)`)
        .join(' + '),
      usingMetrics: metrics,
      period: fiveMinutes.period,
      label: 'Throttled reads and writes of the table and its indexes',
    });
  }

  private alarm(
    id: string,
    metric: cloudwatch.IMetric,
    description: string,
    options: {
      threshold?: number;
      evaluationPeriods?: number;
      comparison?: keyof typeof cloudwatch.ComparisonOperator;
    } = {},
  ): void {
    const alarm = new cloudwatch.Alarm(this, id, {
      metric,
      alarmDescription: description,
      threshold: options.threshold ?? 1,
      evaluationPeriods: options.evaluationPeriods ?? 1,
      comparisonOperator:
        cloudwatch.ComparisonOperator[options.comparison ?? 'GREATER_THAN_OR_EQUAL_TO_THRESHOLD'],
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(new actions.SnsAction(this.topic));
    this.alarms.push(alarm);
  }
}
