import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import * as z from 'zod';
import { workflowEngine } from '#functions/composition/step-functions';
import { applicationStore, clock, once } from '#functions/composition/stores';
import { parseEnv } from '#shared/config';
import { DEFAULTS } from '#shared/config-defaults';
import { logger } from '#shared/logger';
import { reconcileApplications } from '#shared/use-cases/reconcile-applications';

const config = once(() =>
  parseEnv({
    RECONCILE_GRACE_SECONDS: z.coerce.number().int().min(0).default(DEFAULTS.reconcileGraceSeconds),
  }),
);

/**
 * EventBridge's scheduled event, or the local runtime's start-up pass, which
 * sets `graceSeconds: 0`: nothing was running before it, so nothing can be
 * about to start an execution.
 */
const eventSchema = z.object({ graceSeconds: z.number().int().min(0).optional() }).loose();

export const lambdaHandler = async (event: unknown) => {
  const { graceSeconds } = eventSchema.parse(event ?? {});
  const report = await reconcileApplications(
    { applications: applicationStore(), workflow: workflowEngine(), clock },
    { graceSeconds: graceSeconds ?? config().RECONCILE_GRACE_SECONDS, actor: 'system:reconciler' },
  );
  if (report.resumed.length > 0 || report.failed.length > 0)
    logger.warn('reconciler resumed applications', { ...report });
  return report;
};

export const handler = middy(lambdaHandler).use(injectLambdaContext(logger, { logEvent: false }));
