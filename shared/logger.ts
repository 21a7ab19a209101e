import { Logger } from '@aws-lambda-powertools/logger';

/**
 * Structured JSON logs. The service name comes from POWERTOOLS_SERVICE_NAME,
 * which infra/ sets on every function (and the local runtime in its
 * environment). Events are never logged whole: workflow step events carry
 * task tokens, which must not appear in any log.
 */
export const logger = new Logger();

/**
 * Every later log line of this invocation names the application. Called at
 * the edge (the step and API middy stacks, the answer pages' wiring) as soon
 * as the id is known; the middy stacks reset it after each invocation.
 */
export function logApplication(applicationId: string): void {
  logger.appendKeys({ applicationId });
}
