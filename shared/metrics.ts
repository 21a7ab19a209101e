import { Metrics } from '@aws-lambda-powertools/metrics';
import { FIGURE_METRICS } from '#shared/catalog';

/**
 * Business figures as CloudWatch metrics: Powertools Metrics writes them to
 * the log in the embedded metric format, and CloudWatch makes metrics of
 * them (no API call, no log parsing of ours). Only in Lambda: the local
 * runtime and the tests have no CloudWatch to feed (null there).
 */
export const figureMetrics: Metrics | null = process.env.AWS_LAMBDA_FUNCTION_NAME
  ? new Metrics({ namespace: FIGURE_METRICS.namespace })
  : null;
