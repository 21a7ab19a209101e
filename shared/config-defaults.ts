/**
 * Default settings, defined once. The CDK app's context (infra/config.ts)
 * and the functions' environment (shared/config.ts) both fall back to
 * these, and the catalog's functions (shared/catalog.ts) take the Lambda
 * defaults, which the local runtime uses too. Plain data: every layer,
 * infra/ included, may import it.
 */

/** Experts assigned to one application: at least one, at most 15 (the review form's Map stays small). */
export const EXPERTS_PER_APPLICATION = { min: 1, max: 15 } as const;

export const DEFAULTS = {
  appName: 'ClusterMembership',
  /** Members and partners have 7 days to confirm or decline taking part. */
  consentTimeoutSeconds: 7 * 24 * 3600,
  /** Experts have 10 days to review. */
  reviewTimeoutSeconds: 10 * 24 * 3600,
  /** The official has 14 days to sign off. */
  signoffTimeoutSeconds: 14 * 24 * 3600,
  /** An invitation's link works for 30 days. */
  invitationTtlSeconds: 30 * 24 * 3600,
  /** An undecided sign-off escalated to the department head: 5 more days. */
  escalationTimeoutSeconds: 5 * 24 * 3600,
  /** An application returned for amendment: the applicant has 14 days to resubmit. */
  amendmentTimeoutSeconds: 14 * 24 * 3600,
  expertsPerCreate: 3,
  expertsPerJoin: 1,
  /**
   * Replacements of recused experts one application may have in all: bounds the review stage at
   * (1 + this) review periods, which the state machine's own timeout covers.
   */
  maxReplacementsPerApplication: 3,
  logLevel: 'INFO',
  apiThrottlingRateLimit: 50,
  apiThrottlingBurstLimit: 100,
  /** The reconciler leaves an application changed this recently alone: its own start may be under way. */
  reconcileGraceSeconds: 300,
  /**
   * The operator console calls an open application stuck when a task's deadline passed longer ago than
   * this (the workflow should have moved on at the deadline), or when it sat this long in a machine
   * stage (eligibility) that takes seconds: STUCK_AFTER_SECONDS.
   */
  stuckAfterSeconds: 24 * 3600,
  /** Reminders 3 days and 1 day before every human deadline (REMINDER_BEFORE_SECONDS). */
  reminderBeforeSeconds: '259200,86400',
  /** X-Ray tracing, SDK calls included: on unless a deployment trades it for faster cold starts. */
  tracing: true as boolean,
} as const;

/** At most this many returns for amendment per application (SPEC "Return for amendment"). */
export const MAX_RETURNS_PER_APPLICATION = 2;

/** Consent emails in flight at once in the request step: 2,000 fit its timeout; SES's send rate is the bound. */
export const CONSENT_EMAIL_CONCURRENCY = 16;

/** A function's timeout and memory unless its catalog entry says otherwise, deployed and local alike. */
export const LAMBDA_DEFAULTS = { timeoutSeconds: 15, memoryMb: 256 } as const;
