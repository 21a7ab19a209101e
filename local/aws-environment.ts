import { DEFAULTS } from '#shared/config-defaults';

/**
 * The environment the product's handlers see locally: the same variables the
 * CDK app gives the Lambda functions, plus the AWS SDK's standard endpoint
 * variables pointing at the local stand-ins.
 */
export function localAwsEnvironment(options: {
  runtimeUrl: string;
  /** The data folder's generated credentials: the runtime's AWS endpoints accept only these. */
  credentials: { accessKeyId: string; secretAccessKey: string };
  dynamodbEndpoint: string;
  tableName: string;
  stateMachineArn: string;
  linkKeysSecretId: string;
  consentTimeoutSeconds?: number | undefined;
  reviewTimeoutSeconds?: number | undefined;
  signoffTimeoutSeconds?: number | undefined;
  escalationTimeoutSeconds?: number | undefined;
  amendmentTimeoutSeconds?: number | undefined;
  linkTtlSeconds?: number | undefined;
  reminderBeforeSeconds?: string | undefined;
  invitationTtlSeconds?: number | undefined;
}): Record<string, string> {
  const optional = (name: string, value: number | undefined) => (value ? { [name]: String(value) } : {});
  return {
    AWS_REGION: 'local',
    AWS_ACCESS_KEY_ID: options.credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: options.credentials.secretAccessKey,
    // A developer's own session token would be sent along and refused.
    AWS_SESSION_TOKEN: '',
    AWS_ENDPOINT_URL_DYNAMODB: options.dynamodbEndpoint,
    AWS_ENDPOINT_URL_SFN: options.runtimeUrl,
    AWS_ENDPOINT_URL_SESV2: options.runtimeUrl,
    AWS_ENDPOINT_URL_SECRETS_MANAGER: options.runtimeUrl,
    TABLE_NAME: options.tableName,
    STATE_MACHINE_ARN: options.stateMachineArn,
    MAIL_FROM: 'no-reply@clusters.localhost',
    PUBLIC_BASE_URL: options.runtimeUrl,
    LINK_KEYS_SECRET_ID: options.linkKeysSecretId,
    // The applicant portal's local sign-in (an INN form) instead of the user pool's hosted UI.
    PORTAL_SIGN_IN: 'local',
    // The console's local sign-in (any operator id) instead of the hosted UI; the edge checks bearer tokens.
    OPERATOR_SIGN_IN: 'local',
    POWERTOOLS_SERVICE_NAME: DEFAULTS.appName,
    POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? 'WARN',
    POWERTOOLS_DEV: 'true',
    ...optional('CONSENT_TIMEOUT_SECONDS', options.consentTimeoutSeconds),
    ...optional('REVIEW_TIMEOUT_SECONDS', options.reviewTimeoutSeconds),
    ...optional('SIGNOFF_TIMEOUT_SECONDS', options.signoffTimeoutSeconds),
    ...optional('ESCALATION_TIMEOUT_SECONDS', options.escalationTimeoutSeconds),
    ...optional('AMENDMENT_TIMEOUT_SECONDS', options.amendmentTimeoutSeconds),
    ...optional('LINK_TTL_SECONDS', options.linkTtlSeconds),
    ...(options.reminderBeforeSeconds !== undefined
      ? { REMINDER_BEFORE_SECONDS: options.reminderBeforeSeconds }
      : {}),
    ...optional('INVITATION_TTL_SECONDS', options.invitationTtlSeconds),
  };
}
