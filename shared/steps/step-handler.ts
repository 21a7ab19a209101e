import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { z } from 'zod';
import { asStepError } from '#shared/errors';
import { logApplication, logger } from '#shared/logger';

/**
 * The middy stack of a workflow step: the event is parsed by its schema and
 * never logged (callback steps receive task tokens), and every log line of
 * the step names its application. Errors propagate to the state machine,
 * whose Retry and Catch match on the error name; outages and throttling of
 * any service a step calls (DynamoDB, SES, Secrets Manager, Step Functions)
 * become `TransientError` here, in one place (`asStepError`).
 */
export function stepHandler<S extends z.ZodType, R>(schema: S, step: (input: z.infer<S>) => Promise<R>) {
  return middy(async (event: unknown) => {
    const parsed = schema.safeParse(event);
    if (!parsed.success) {
      // Only the paths: the values might include a task token.
      throw new TypeError(
        `invalid step input at ${parsed.error.issues.map((issue) => issue.path.join('.')).join(', ')}`,
      );
    }
    const { applicationId } = parsed.data as { applicationId?: unknown };
    if (typeof applicationId === 'string') logApplication(applicationId);
    try {
      return await step(parsed.data);
    } catch (error) {
      throw asStepError(error);
    }
  }).use(injectLambdaContext(logger, { logEvent: false, resetKeys: true }));
}
