import { Logger } from '@aws-lambda-powertools/logger';

/**
 * Structured JSON logs. Events are never logged whole: workflow step events
 * carry task tokens, which must not appear in any log.
 */
export const logger = new Logger({ serviceName: 'cluster-membership' });
