import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import { FIGURE_METRICS } from '#shared/catalog';

export interface ProgrammeDashboardProps {
  /** Powertools' `service` dimension on every figure metric: the app name (POWERTOOLS_SERVICE_NAME). */
  service: string;
  dashboardName?: string;
}

const DAY = Duration.days(1);
const HOUR = Duration.hours(1);

/**
 * The programme's figures for the department on a CloudWatch dashboard,
 * from the metrics the functions publish with Powertools Metrics
 * (shared/adapters/figure-metrics.ts, names in shared/catalog.ts):
 * applications in each status now, statuses entered per day, median and
 * p90 time per stage, the approval rate, missed deadlines and the experts'
 * load. Metrics with a `Status`, `Stage` or `Kind` dimension are found with
 * SEARCH, so a status the workflow gains later appears without a change here.
 */
export class ProgrammeDashboard extends Construct {
  readonly dashboard: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: ProgrammeDashboardProps) {
    super(scope, id);
    const { namespace } = FIGURE_METRICS;
    const search = (
      metricName: string,
      dimension: string,
      statistic: string,
      period: Duration,
      label: string,
    ) =>
      new cloudwatch.MathExpression({
        expression: `SEARCH('{${namespace},${dimension},service} MetricName="${metricName}" service="${props.service}"', '${statistic}', ${period.toSeconds()})`,
        usingMetrics: {},
        period,
        label,
      });
    const metric = (
      metricName: string,
      statistic: string,
      period: Duration,
      dimensions: Record<string, string> = {},
    ) =>
      new cloudwatch.Metric({
        namespace,
        metricName,
        dimensionsMap: { service: props.service, ...dimensions },
        statistic,
        period,
      });

    const approved = metric(FIGURE_METRICS.entered, cloudwatch.Stats.SUM, DAY, { Status: 'APPROVED' });
    const rejected = metric(FIGURE_METRICS.entered, cloudwatch.Stats.SUM, DAY, { Status: 'REJECTED' });

    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      ...(props.dashboardName ? { dashboardName: props.dashboardName } : {}),
      defaultInterval: Duration.days(90),
      widgets: [
        [
          new cloudwatch.TextWidget({
            markdown:
              '# Programme figures\nApplications by status, time per stage (median and p90), approval rate, missed deadlines, expert load. ' +
              'The console shows the same at `/admin/figures` (`GET /admin/api/metrics`), over the last 30 and 90 days.',
            width: 24,
            height: 2,
          }),
        ],
        [
          new cloudwatch.GraphWidget({
            title: 'Applications in each status (now, hourly)',
            left: [search(FIGURE_METRICS.inStatus, 'Status', 'Maximum', HOUR, '')],
            width: 12,
          }),
          new cloudwatch.GraphWidget({
            title: 'Applications entering each status (per day)',
            left: [search(FIGURE_METRICS.entered, 'Status', 'Sum', DAY, '')],
            width: 12,
          }),
        ],
        [
          new cloudwatch.GraphWidget({
            title: 'Time per stage, median (seconds, per day)',
            left: [search(FIGURE_METRICS.stageDuration, 'Stage', 'p50', DAY, '')],
            width: 12,
          }),
          new cloudwatch.GraphWidget({
            title: 'Time per stage, p90 (seconds, per day)',
            left: [search(FIGURE_METRICS.stageDuration, 'Stage', 'p90', DAY, '')],
            width: 12,
          }),
        ],
        [
          new cloudwatch.GraphWidget({
            title: 'Approval rate (approved / decided, per day)',
            left: [
              new cloudwatch.MathExpression({
                expression:
                  'IF(FILL(approved, 0) + FILL(rejected, 0) > 0, FILL(approved, 0) / (FILL(approved, 0) + FILL(rejected, 0)), 0)',
                usingMetrics: { approved, rejected },
                period: DAY,
                label: 'Approval rate',
              }),
            ],
            leftYAxis: { min: 0, max: 1 },
            width: 8,
          }),
          new cloudwatch.SingleValueWidget({
            title: 'Approval rate, last 30 days',
            metrics: [metric(FIGURE_METRICS.approvalRate30Days, cloudwatch.Stats.MAXIMUM, HOUR)],
            width: 4,
          }),
          new cloudwatch.GraphWidget({
            title: 'Missed deadlines (per day)',
            left: [search(FIGURE_METRICS.missedDeadlines, 'Kind', 'Sum', DAY, '')],
            width: 12,
          }),
        ],
        [
          new cloudwatch.GraphWidget({
            title: 'Expert load: open reviews of the busiest active expert, and the mean (hourly)',
            left: [
              metric(FIGURE_METRICS.openReviewsMax, cloudwatch.Stats.MAXIMUM, HOUR),
              metric(FIGURE_METRICS.openReviewsMean, cloudwatch.Stats.MAXIMUM, HOUR),
            ],
            width: 12,
          }),
          new cloudwatch.GraphWidget({
            title: 'Reviews assigned to experts (per day)',
            left: [metric(FIGURE_METRICS.reviewsAssigned, cloudwatch.Stats.SUM, DAY)],
            width: 12,
          }),
        ],
      ],
    });
  }
}
