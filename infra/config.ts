import type { Node } from 'constructs';
import * as z from 'zod';

/**
 * The deployment's settings, read from CDK context (cdk.json, `-c key=value`,
 * or `buildApp({ context })`) and validated once, here. Values given on the
 * command line arrive as strings, so numbers are coerced; an empty string
 * means "not set" (cdk.json ships `"alarmEmail": ""`, which synthesis refuses
 * until an address or an opt-out reason is given).
 */

const seconds = z.coerce.number().int().positive().max(99_999_999); // States TimeoutSeconds upper bound
const expertCount = z.coerce.number().int().min(1).max(15);
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (value === '' || value === null ? undefined : value), schema.optional());

const contextSchema = z
  .object({
    /** Prefix of the stack names. */
    appName: z
      .string()
      .regex(/^[A-Za-z][A-Za-z0-9-]{0,40}$/, 'letters, digits and hyphens, starting with a letter')
      .default('ClusterMembership'),
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
    reviewTimeoutSeconds: seconds.default(10 * 24 * 3600),
    signoffTimeoutSeconds: seconds.default(14 * 24 * 3600),
    /** Unset: a link lives as long as the step it belongs to. */
    linkTtlSeconds: optional(seconds),
    expertsPerCreate: expertCount.default(3),
    expertsPerJoin: expertCount.default(1),
    /** Unset: a majority of the assigned experts. */
    reviewQuorum: optional(expertCount),
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
    logLevel: z.enum(['DEBUG', 'INFO', 'WARN', 'ERROR']).default('INFO'),
    apiThrottlingRateLimit: z.coerce.number().int().positive().default(50),
    apiThrottlingBurstLimit: z.coerce.number().int().positive().default(100),
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
