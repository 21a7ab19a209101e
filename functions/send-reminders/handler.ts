import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { linkSettings, signer } from '#functions/composition/answer-page-deps';
import { mailer } from '#functions/composition/mail';
import {
  applicationStore,
  clock,
  registryStore,
  reminderStore,
  taskStore,
} from '#functions/composition/stores';
import { logger } from '#shared/logger';
import { type SweepReport, sendDueReminders } from '#shared/use-cases/send-reminders';

/** Left for writing back what is in flight when the function's time runs out. */
const TIME_MARGIN_MS = 20_000;

/** Run on a schedule (EventBridge in AWS; the local runtime's timer): sends the reminders due by now. */
export const lambdaHandler = async (_event: unknown, context: Pick<Context, 'getRemainingTimeInMillis'>) => {
  const report: SweepReport = await sendDueReminders(
    {
      reminders: reminderStore(),
      tasks: taskStore(),
      applications: applicationStore(),
      registry: registryStore(),
      signer: signer(),
      mailer: mailer(),
      clock,
      config: linkSettings(),
    },
    { budgetMs: Math.max(0, context.getRemainingTimeInMillis() - TIME_MARGIN_MS) },
  );
  if (report.sent + report.dropped + report.failed > 0) logger.info('reminders sweep', { ...report });
  return report;
};

export const handler = middy(lambdaHandler).use(injectLambdaContext(logger, { logEvent: false }));
