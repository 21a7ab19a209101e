import * as z from 'zod';
import { DEFAULTS, EXPERTS_PER_APPLICATION } from '#shared/config-defaults';
import { parseReminderOffsets } from '#shared/domain/reminders';

/**
 * Environment parsed once per cold start. Each function parses only the part
 * it needs, so a missing variable fails fast with its name.
 */
export function parseEnv<T extends z.ZodRawShape>(
  shape: T,
  env: NodeJS.ProcessEnv = process.env,
): z.infer<z.ZodObject<T>> {
  const result = z.object(shape).safeParse(env);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`Invalid environment: ${problems.join('; ')}`);
  }
  return result.data;
}

const positiveSeconds = z.coerce.number().int().positive();
const expertCount = z.coerce.number().int().min(EXPERTS_PER_APPLICATION.min).max(EXPERTS_PER_APPLICATION.max);

export const tableEnv = { TABLE_NAME: z.string().min(1) };

export const workflowEnv = {
  STATE_MACHINE_ARN: z.string().min(1),
};

export const reviewEnv = {
  REVIEW_TIMEOUT_SECONDS: positiveSeconds.default(DEFAULTS.reviewTimeoutSeconds),
  EXPERTS_PER_CREATE: expertCount.default(DEFAULTS.expertsPerCreate),
  EXPERTS_PER_JOIN: expertCount.default(DEFAULTS.expertsPerJoin),
  /** Empty means a majority of the assigned experts. */
  REVIEW_QUORUM: z.coerce.number().int().min(1).optional(),
  MAX_REPLACEMENTS_PER_APPLICATION: z.coerce
    .number()
    .int()
    .min(0)
    .max(EXPERTS_PER_APPLICATION.max)
    .default(DEFAULTS.maxReplacementsPerApplication),
};

export const consentEnv = {
  CONSENT_TIMEOUT_SECONDS: positiveSeconds.default(DEFAULTS.consentTimeoutSeconds),
};

export const signoffEnv = {
  SIGNOFF_TIMEOUT_SECONDS: positiveSeconds.default(DEFAULTS.signoffTimeoutSeconds),
  ESCALATION_TIMEOUT_SECONDS: positiveSeconds.default(DEFAULTS.escalationTimeoutSeconds),
  AMENDMENT_TIMEOUT_SECONDS: positiveSeconds.default(DEFAULTS.amendmentTimeoutSeconds),
};

export const linkEnv = {
  PUBLIC_BASE_URL: z.url(),
  /** Empty means a link lives as long as the step it belongs to. */
  LINK_TTL_SECONDS: positiveSeconds.optional(),
  /** Secrets Manager secret holding the link-signing keys (see shared/adapters/signing-keys-secret.ts). */
  LINK_KEYS_SECRET_ID: z.string().min(1),
  /** Seconds before a task's deadline to remind its person, comma-separated; empty: no reminders. */
  REMINDER_BEFORE_SECONDS: z
    .string()
    .default(DEFAULTS.reminderBeforeSeconds)
    .transform((value, ctx) => {
      try {
        return parseReminderOffsets(value);
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: (error as Error).message });
        return z.NEVER;
      }
    }),
};

export const mailEnv = {
  MAIL_FROM: z.string().min(3),
  SES_CONFIGURATION_SET: z.string().optional(),
};

/** How long a coordinator's invitation (and its emailed link) stays open. */
export const invitationEnv = {
  INVITATION_TTL_SECONDS: positiveSeconds.default(DEFAULTS.invitationTtlSeconds),
};

/** How people sign in to a page of the API: the user pool's hosted UI (the deployed default), or a local stand-in. */
const signInMode = z.enum(['cognito', 'local']).default('cognito');
const hostedUiDomainUrl = z.url({ protocol: /^https$/ }).optional();
const appClientId = z.string().min(1).optional();
const userPoolId = z
  .string()
  .regex(/^[\w-]+_[0-9a-zA-Z]+$/)
  .optional();

/**
 * How the applicant portal signs people in: `cognito` (the user pool's hosted UI; the deployed
 * default) with the pool's domain, app client and id, or `local` (the local runtime's INN form).
 */
export const portalEnv = {
  PORTAL_SIGN_IN: signInMode,
  PORTAL_AUTH_DOMAIN_URL: hostedUiDomainUrl,
  PORTAL_CLIENT_ID: appClientId,
  PORTAL_USER_POOL_ID: userPoolId,
};

/**
 * How operators sign in to the console (`/admin`): `cognito` (the hosted UI with the console's app
 * client; bearer ID tokens of the clients in OPERATOR_TOKEN_CLIENT_IDS verified too) or `local`
 * (the local runtime's form; its edge checks bearer tokens).
 */
export const operatorSignInEnv = {
  OPERATOR_SIGN_IN: signInMode,
  OPERATOR_AUTH_DOMAIN_URL: hostedUiDomainUrl,
  OPERATOR_CLIENT_ID: appClientId,
  OPERATOR_USER_POOL_ID: userPoolId,
  OPERATOR_TOKEN_CLIENT_IDS: z
    .string()
    .default('')
    .transform((value) =>
      value
        .split(',')
        .map((id) => id.trim())
        .filter(Boolean),
    ),
};

/** The operator console's reading of "stuck" (README "Operations"). */
export const operatorEnv = {
  STUCK_AFTER_SECONDS: positiveSeconds.default(DEFAULTS.stuckAfterSeconds),
  RECONCILE_GRACE_SECONDS: z.coerce.number().int().min(0).default(DEFAULTS.reconcileGraceSeconds),
};
