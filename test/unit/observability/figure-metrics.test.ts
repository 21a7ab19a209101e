import { Metrics } from '@aws-lambda-powertools/metrics';
import { describe, expect, it, vi } from 'vitest';
import { gaugePointsOf, metricPointsOf, publishMetricPoints } from '#shared/adapters/figure-metrics';
import { FIGURE_METRICS } from '#shared/catalog';
import { transitionFigures } from '#shared/domain/figures';

/** The programme figures as CloudWatch metrics: what a change publishes, in the embedded metric format. */

describe('figure metrics', () => {
  const delta = transitionFigures(
    {
      status: 'IN_REVIEW',
      createdAt: '2026-11-01T10:00:00.000Z',
      statusSince: '2026-11-02T10:00:00.000Z',
      review: { expertIds: ['e1', 'e2'] },
    },
    {
      status: 'EXPIRED',
      createdAt: '2026-11-01T10:00:00.000Z',
      review: { expertIds: ['e1', 'e2', 'e3'] },
      tally: { received: 1 },
    },
    '2026-11-12T10:00:00.000Z',
  );

  it('are the statuses entered, the raw stage durations, missed deadlines by kind and the reviews assigned', () => {
    if (!delta) throw new Error('no delta');
    expect(metricPointsOf(delta)).toEqual(
      expect.arrayContaining([
        {
          name: FIGURE_METRICS.entered,
          unit: 'Count',
          value: 1,
          dimension: { name: 'Status', value: 'EXPIRED' },
        },
        {
          name: FIGURE_METRICS.stageDuration,
          unit: 'Seconds',
          value: 10 * 86_400,
          dimension: { name: 'Stage', value: 'IN_REVIEW' },
        },
        {
          name: FIGURE_METRICS.stageDuration,
          unit: 'Seconds',
          value: 11 * 86_400,
          dimension: { name: 'Stage', value: 'TOTAL' },
        },
        {
          name: FIGURE_METRICS.missedDeadlines,
          unit: 'Count',
          value: 2,
          dimension: { name: 'Kind', value: 'REVIEW' },
        },
        {
          name: FIGURE_METRICS.missedDeadlines,
          unit: 'Count',
          value: 1,
          dimension: { name: 'Kind', value: 'EXPIRED_IN_IN_REVIEW' },
        },
        { name: FIGURE_METRICS.reviewsAssigned, unit: 'Count', value: 1 },
      ]),
    );
  });

  it('are written one EMF record each, with its own dimension and the service', () => {
    // Arrange: a Metrics instance writing to a captured stdout
    const lines: string[] = [];
    const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
    try {
      const metrics = new Metrics({ namespace: FIGURE_METRICS.namespace, serviceName: 'ClusterMembership' });

      // Act
      publishMetricPoints(
        gaugePointsOf({
          countsByStatus: { IN_REVIEW: 7, APPROVED: 3 },
          maxOpenReviews: 4,
          meanOpenReviews: 1.5,
          approvalRate30Days: null,
        }),
        metrics,
      );
    } finally {
      write.mockRestore();
    }

    // Assert
    const records = lines
      .flatMap((line) => line.split('\n'))
      .filter(Boolean)
      .map((line) => JSON.parse(line));
    expect(records).toHaveLength(4);
    const inReview = records.find((record) => record.Status === 'IN_REVIEW');
    expect(inReview).toMatchObject({ service: 'ClusterMembership', [FIGURE_METRICS.inStatus]: 7 });
    expect(inReview._aws.CloudWatchMetrics[0]).toMatchObject({
      Namespace: 'ClusterProgramme',
      Dimensions: [expect.arrayContaining(['service', 'Status'])],
    });
    expect(records.find((record) => FIGURE_METRICS.openReviewsMax in record)?.Status).toBeUndefined();
    // Without decisions in 30 days there is no approval rate to publish.
    expect(records.some((record) => FIGURE_METRICS.approvalRate30Days in record)).toBe(false);
  });

  it('are not published outside Lambda', () => {
    const write = vi.spyOn(process.stdout, 'write');
    publishMetricPoints([{ name: 'X', unit: 'Count', value: 1 }], null);
    expect(write).not.toHaveBeenCalled();
    write.mockRestore();
  });
});
