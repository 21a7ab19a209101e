import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { clock, figuresStore, registryStore } from '#functions/composition/stores';
import { gaugePointsOf, publishMetricPoints } from '#shared/adapters/figure-metrics';
import { logger } from '#shared/logger';
import { figureMetrics } from '#shared/metrics';
import { programmeFigures } from '#shared/use-cases/programme-figures';

/**
 * Hourly (EventBridge): the figures that are states rather than events (applications in each
 * status now, the experts' open reviews, the 30-day approval rate) as CloudWatch metrics for the
 * dashboard. The events themselves (statuses entered, stage durations, missed deadlines) are
 * published where they happen (shared/adapters/application-store.ts).
 */
export const lambdaHandler = async () => {
  // Outside Lambda (the local runtime) there is no CloudWatch to publish to: nothing to read either.
  if (!figureMetrics) return { published: 0 };
  const figures = await programmeFigures({ figures: figuresStore(), directory: registryStore(), clock });
  const points = gaugePointsOf({
    countsByStatus: figures.countsByStatus,
    maxOpenReviews: figures.expertLoad.maxOpenReviews,
    meanOpenReviews: figures.expertLoad.meanOpenReviews,
    approvalRate30Days: figures.windows.find((window) => window.days === 30)?.approvalRate ?? null,
  });
  publishMetricPoints(points, figureMetrics);
  return { published: points.length };
};

export const handler = middy(lambdaHandler).use(injectLambdaContext(logger, { logEvent: false }));
