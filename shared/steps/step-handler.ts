import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { z } from 'zod';
import { logApplication, logger } from '#shared/logger';

/**
 * The middy stack of a workflow step: the event is parsed by its schema and
 * never logged (callback steps receive task tokens), and every log line of
 * the step names its application. Errors propagate to the state machine,
 * whose Retry and Catch match on the error name.
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
    return step(parsed.data);
  }).use(injectLambdaContext(logger, { logEvent: false, resetKeys: true }));
}
