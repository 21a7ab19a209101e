import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { FIGURE_METRICS } from '#shared/catalog';
import type { FiguresDelta } from '#shared/domain/figures';

export interface MetricPoint {
  name: string;
  unit: 'Count' | 'Seconds';
  value: number;
  dimension?: { name: string; value: string };
}

/** The CloudWatch metrics one change of the figures makes (names in shared/catalog.ts). */
export function metricPointsOf(delta: FiguresDelta): MetricPoint[] {
  const points: MetricPoint[] = [];
  let assigned = 0;
  for (const [name, value] of Object.entries(delta.counters)) {
    const [kind, key] = name.split('#');
    if (!key) continue;
    if (kind === 'entered')
      points.push({
        name: FIGURE_METRICS.entered,
        unit: 'Count',
        value,
        dimension: { name: 'Status', value: key },
      });
    else if (kind === 'missed')
      points.push({
        name: FIGURE_METRICS.missedDeadlines,
        unit: 'Count',
        value,
        dimension: { name: 'Kind', value: key },
      });
    else if (kind === 'assigned') assigned += value;
  }
  // Reviews by expert would be a metric per expert (hundreds, each billed): the dashboard shows the
  // total, and the console the load of each.
  if (assigned > 0) points.push({ name: FIGURE_METRICS.reviewsAssigned, unit: 'Count', value: assigned });
  for (const { stage, seconds } of delta.durations) {
    points.push({
      name: FIGURE_METRICS.stageDuration,
      unit: 'Seconds',
      value: seconds,
      dimension: { name: 'Stage', value: stage },
    });
  }
  return points;
}

/** Publishes each point as its own EMF record (a record's dimensions apply to all its metrics). */
export function publishMetricPoints(points: readonly MetricPoint[], metrics: Metrics | null): void {
  if (!metrics) return;
  for (const point of points) {
    if (point.dimension) metrics.addDimension(point.dimension.name, point.dimension.value);
    metrics.addMetric(point.name, MetricUnit[point.unit], point.value);
    metrics.publishStoredMetrics();
  }
}

/** What the hourly publisher reads: states of the programme rather than events. */
export interface FigureGauges {
  countsByStatus: Readonly<Record<string, number>>;
  maxOpenReviews: number;
  meanOpenReviews: number;
  approvalRate30Days: number | null;
}

/** The gauge metrics of the programme now (names in shared/catalog.ts). */
export function gaugePointsOf(gauges: FigureGauges): MetricPoint[] {
  return [
    ...Object.entries(gauges.countsByStatus).map(
      ([status, value]): MetricPoint => ({
        name: FIGURE_METRICS.inStatus,
        unit: 'Count',
        value,
        dimension: { name: 'Status', value: status },
      }),
    ),
    { name: FIGURE_METRICS.openReviewsMax, unit: 'Count', value: gauges.maxOpenReviews },
    { name: FIGURE_METRICS.openReviewsMean, unit: 'Count', value: gauges.meanOpenReviews },
    ...(gauges.approvalRate30Days === null
      ? []
      : [
          {
            name: FIGURE_METRICS.approvalRate30Days,
            unit: 'Count' as const,
            value: gauges.approvalRate30Days,
          },
        ]),
  ];
}
