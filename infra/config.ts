import type { Node } from 'constructs';
import * as z from 'zod';
import { DEFAULTS, EXPERTS_PER_APPLICATION } from '#shared/config-defaults';

/**
 * The deployment's settings, read from CDK context (cdk.json, `-c key=value`,
 * or `buildApp({ context })`) and validated once, here. Values given on the
 * command line arrive as strings, so numbers are coerced; an empty string
 * means "not set" (cdk.json ships `"alarmEmail": ""`, which synthesis refuses
 * until an address or an opt-out reason is given).
 */

const seconds = z.coerce.number().int().positive().max(99_999_999); // States TimeoutSeconds upper bound
const expertCount = z.coerce.number().int().min(EXPERTS_PER_APPLICATION.min).max(EXPERTS_PER_APPLICATION.max);
/** Plain text on one line: pages and emails show it escaped. */
const departmentText = (max: number) =>
  z
    .string()
    .trim()
    .min(2)
    .max(max)
    .regex(/^[^<>\r\n]+$/, 'plain text on one line');
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (value === '' || value === null ? undefined : value), schema.optional());

const contextSchema = z
  .object({
    /** Prefix of the stack names. */
    appName: z
      .string()
      .regex(/^[A-Za-z][A-Za-z0-9-]{0,40}$/, 'letters, digits and hyphens, starting with a letter')
      .default(DEFAULTS.appName),
    /** MAIL_FROM: the address every email is sent from. */
    sesSenderAddress: z.email(),
    /**
     * Verify this whole domain (Easy DKIM) instead of the single sender
     * address. The sender address must be in it.
     */
    sesSenderDomain: optional(z.string().regex(/^(?!-)[a-z0-9-]+(\.[a-z0-9-]+)+$/i, 'a domain name')),
    sesConfigurationSetName: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,64}$/, 'letters, digits, _ and -, at most 64'),
    /** Base of the links in emails (the API's custom domain, or the local runtime's URL). */
    publicBaseUrl: z.url({ protocol: /^https?$/ }),
    consentTimeoutSeconds: seconds.default(DEFAULTS.consentTimeoutSeconds),
    reviewTimeoutSeconds: seconds.default(DEFAULTS.reviewTimeoutSeconds),
    signoffTimeoutSeconds: seconds.default(DEFAULTS.signoffTimeoutSeconds),
    /** The department head's deadline on a sign-off escalated to it. */
    escalationTimeoutSeconds: seconds.default(DEFAULTS.escalationTimeoutSeconds),
    /** How long an applicant has to resubmit an application returned for amendment. */
    amendmentTimeoutSeconds: seconds.default(DEFAULTS.amendmentTimeoutSeconds),
    /** Unset: a link lives as long as the step it belongs to. */
    linkTtlSeconds: optional(seconds),
    /** Seconds before a task's deadline to remind its person, comma-separated (`""`: no reminders). */
    reminderBeforeSeconds: z
      .union([z.string(), z.number()])
      .transform(String)
      .pipe(z.string().regex(/^(|[1-9][0-9]*(,[1-9][0-9]*)*)$/, 'whole seconds, comma-separated'))
      .default(DEFAULTS.reminderBeforeSeconds),
    /** How long a coordinator's invitation and its emailed link stay open. */
    invitationTtlSeconds: seconds.default(DEFAULTS.invitationTtlSeconds),
    expertsPerCreate: expertCount.default(DEFAULTS.expertsPerCreate),
    expertsPerJoin: expertCount.default(DEFAULTS.expertsPerJoin),
    /** Unset: a majority of the assigned experts. */
    reviewQuorum: optional(expertCount),
    /** Replacements of recused experts per application (0: none); the review stage lasts at most 1 + this review periods. */
    maxReplacementsPerApplication: z.coerce
      .number()
      .int()
      .min(0)
      .max(EXPERTS_PER_APPLICATION.max)
      .default(DEFAULTS.maxReplacementsPerApplication),
    /** Subscribed to the alarm topic. Required, unless `alarmEmailOptOutReason` says why nobody is. */
    alarmEmail: optional(z.email()),
    /** Deploy without an alarm subscription (another system subscribes to the topic, a sandbox...): the reason. Ignored when alarmEmail is set. */
    alarmEmailOptOutReason: optional(z.string().trim().min(10, 'give the reason in a few words')),
    /** Whom the firewall's block pages tell people to contact (an address or a phone number). */
    supportContact: optional(
      z
        .string()
        .trim()
        .min(3)
        .max(200)
        .regex(/^[^<>&"]+$/, 'plain text, no markup'),
    ),
    /** The applicant portal's hosted-UI domain prefix (Cognito domains are global): default `<appName>-<account>`. */
    portalDomainPrefix: optional(
      z
        .string()
        .regex(
          /^(?!.*(aws|amazon|cognito))[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/,
          'lower-case letters, digits and hyphens, without aws, amazon or cognito',
        ),
    ),
    /**
     * Who writes every page and email, and how to reach it (DEPARTMENT_* of the functions that render
     * pages and emails; unset: the defaults in shared/department.ts).
     */
    departmentNameRu: optional(departmentText(200)),
    departmentNameEn: optional(departmentText(200)),
    departmentEmail: optional(z.email()),
    departmentPhone: optional(departmentText(40)),
    departmentHoursRu: optional(departmentText(100)),
    departmentHoursEn: optional(departmentText(100)),
    logLevel: z.enum(['DEBUG', 'INFO', 'WARN', 'ERROR']).default(DEFAULTS.logLevel),
    apiThrottlingRateLimit: z.coerce.number().int().positive().default(DEFAULTS.apiThrottlingRateLimit),
    apiThrottlingBurstLimit: z.coerce.number().int().positive().default(DEFAULTS.apiThrottlingBurstLimit),
    /**
     * Reserved concurrency of each workflow step function (0: none). It both
     * guarantees the steps that much of the account's concurrency, whatever
     * the public API or other workloads do, and caps each step at it (the
     * steps retry throttles for minutes). The account must keep 100
     * unreserved: 10 steps x 10 needs a concurrency quota of at least 200.
     */
    workflowReservedConcurrency: z.coerce.number().int().min(0).max(1000).default(10),
    /**
     * X-Ray: active tracing of the functions, the API stage and the workflow, and every AWS SDK call
     * as a subsegment (Powertools Tracer). Off, the bundles leave the Tracer and the X-Ray SDK out:
     * about 120 KiB and 30-40 ms less of every cold start (README "Benchmarks").
     */
    tracing: z
      .union([z.boolean(), z.enum(['true', 'false'])])
      .transform((value) => value === true || value === 'true')
      .default(DEFAULTS.tracing),
    /** The reconciler leaves an application changed this recently alone (its own start may be under way). */
    reconcileGraceSeconds: z.coerce.number().int().min(0).max(86_400).default(DEFAULTS.reconcileGraceSeconds),
    /** The console calls an open application stuck this long past a task's deadline (README "Operations"). */
    stuckAfterSeconds: z.coerce.number().int().positive().default(DEFAULTS.stuckAfterSeconds),
    /** How often the link-signing keys rotate (a new key signs; see docs/operations.md). */
    linkKeyRotationDays: z.coerce.number().int().min(1).max(365).default(30),
  })
  .superRefine((config, ctx) => {
    if (!config.alarmEmail && !config.alarmEmailOptOutReason) {
      ctx.addIssue({
        code: 'custom',
        path: ['alarmEmail'],
        message:
          'required: the alarms must reach a person (-c alarmEmail=ops@example.org); to deploy without, ' +
          'say why with -c alarmEmailOptOutReason="..."',
      });
    }
    if (config.sesSenderDomain) {
      const domain = config.sesSenderAddress.split('@')[1]?.toLowerCase();
      if (domain !== config.sesSenderDomain.toLowerCase()) {
        ctx.addIssue({
          code: 'custom',
          path: ['sesSenderAddress'],
          message: `must be an address in sesSenderDomain (${config.sesSenderDomain})`,
        });
      }
    }
    if (config.reviewQuorum !== undefined) {
      const fewest = Math.min(config.expertsPerCreate, config.expertsPerJoin);
      if (config.reviewQuorum > fewest) {
        ctx.addIssue({
          code: 'custom',
          path: ['reviewQuorum'],
          message: `cannot exceed the number of experts assigned (${fewest}): such applications could never reach it`,
        });
      }
    }
  });

export type AppConfig = z.infer<typeof contextSchema>;

/** Slack on top of the longest link lifetime: clock skew, the functions' 5-minute key cache, a late retry. */
const KEY_RETIREMENT_SLACK_SECONDS = 24 * 3600;

/**
 * How long a link-signing key keeps verifying after a newer key took over
 * signing: the longest a link can live (a task's link never outlives its
 * step's deadline, and `linkTtlSeconds` can only shorten it; an invitation's
 * link lives as long as the invitation), plus a day of slack.
 */
export function linkKeyRetirementSeconds(
  config: Pick<
    AppConfig,
    'consentTimeoutSeconds' | 'reviewTimeoutSeconds' | 'signoffTimeoutSeconds' | 'linkTtlSeconds'
  > &
    Partial<Pick<AppConfig, 'invitationTtlSeconds' | 'escalationTimeoutSeconds'>>,
): number {
  // A delegate's link lives the sign-off's remaining time, the head's the escalation deadline.
  const longestDeadline = Math.max(
    config.consentTimeoutSeconds,
    config.reviewTimeoutSeconds,
    config.signoffTimeoutSeconds,
    config.escalationTimeoutSeconds ?? 0,
  );
  const longestTaskLink = Math.min(longestDeadline, config.linkTtlSeconds ?? longestDeadline);
  return Math.max(longestTaskLink, config.invitationTtlSeconds ?? 0) + KEY_RETIREMENT_SLACK_SECONDS;
}

/** Context keys this module reads. */
export const CONTEXT_KEYS = Object.keys(contextSchema.shape) as Array<keyof AppConfig>;

/** Validates raw context values; the error names every bad key and what it got. */
export function parseConfig(raw: Record<string, unknown>): AppConfig {
  const result = contextSchema.safeParse(raw);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const key = issue.path.join('.') || '(context)';
    const got = issue.path.length === 1 ? raw[String(issue.path[0])] : undefined;
    return `  ${key}: ${issue.message}${got === undefined ? '' : ` (got ${JSON.stringify(got)})`}`;
  });
  throw new Error(`Invalid CDK context (cdk.json "context" or -c key=value):\n${problems.join('\n')}`);
}

/** Reads and validates the deployment's settings from the context of a construct tree. */
export function configFromContext(node: Node): AppConfig {
  return parseConfig(Object.fromEntries(CONTEXT_KEYS.map((key) => [key, node.tryGetContext(key)])));
}
