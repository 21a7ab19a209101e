import { ArnFormat, Fn, Stack } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { acknowledgeLogGroupEncryption } from '#infra/nag';
import { ROUTES } from '#shared/catalog';
import { DIRECTORY_IMPORT_MAX_BYTES, MAX_BODY_BYTES } from '#shared/http/request-limits';

type Statement = wafv2.CfnWebACL.StatementProperty;
type Rule = wafv2.CfnWebACL.RuleProperty;

const KIB = 1024;

/**
 * The body inspection limit of the API Gateway association (the most AWS WAF
 * inspects: 16, 32, 48 or 64 KB). A family whose largest valid body fits is
 * sized here, and every body it lets through is inspected whole by the
 * managed rules; a family that cannot fit is sized by the API (413).
 */
export const BODY_INSPECTION_LIMIT = { setting: 'KB_64', bytes: 64 * KIB } as const;

/** What the AWS common rule set's SizeRestrictions_BODY allows (it is set to count, replaced by the rules below). */
export const MANAGED_BODY_LIMIT = 8 * KIB;

/** The least head-room a route family's limit keeps above its largest valid body. */
export const BODY_LIMIT_MARGIN = KIB;

/**
 * A request path the firewall sees: API Gateway's execute-api URL carries the
 * stage (`/api/reviews/...`), a custom domain may not, so one optional first
 * segment is allowed.
 */
const pathPattern = (rest: string) => `^(/[A-Za-z0-9_-]+)?${rest}$`;

export interface BodyFamily {
  name: string;
  /** Requests of the family: the method and a path regex (matched against the URI path). */
  method: 'POST' | 'PUT';
  pathRegex: string;
  /** Routes of functions/catalog.ts (`METHOD /path`) the family covers. */
  routes: readonly string[];
  /** Above BODY_INSPECTION_LIMIT the firewall cannot count it: the API enforces it (see sizedByFirewall). */
  limitBytes: number;
  /** Who is answered: people on the link pages get a page, API clients the spec's JSON error. */
  answer: 'page' | 'json';
}

/** The first path segment of every emailed-link page of the catalog (`reviews`, `consents`, ...). */
export const LINK_PAGE_SEGMENTS = [
  ...new Set(ROUTES.filter((route) => route.auth === 'link').map((route) => route.path.split('/')[1])),
];

/** The link pages (GET and POST): blocks there are answered with a page, not JSON. */
export const LINK_PATH_REGEX = pathPattern(`/(${LINK_PAGE_SEGMENTS.join('|')})/[^/]+/?`);

/** Route families whose bodies outgrow the managed 8 KB rule, each with its own limit. */
export const BODY_FAMILIES: readonly BodyFamily[] = [
  {
    name: 'LinkForms',
    method: 'POST',
    pathRegex: pathPattern('/(reviews|signoff|invitations)/[^/]+/?'),
    routes: ['POST /reviews/{reviewId}', 'POST /signoff/{signoffId}', 'POST /invitations/{invitationId}'],
    limitBytes: 48 * KIB,
    answer: 'page',
  },
  {
    name: 'Applications',
    method: 'POST',
    pathRegex: pathPattern('/applications/?'),
    routes: ['POST /applications'],
    // 2,000 members and 200 partners outgrow what WAF can inspect (64 KB): the API's own limit holds.
    limitBytes: MAX_BODY_BYTES,
    answer: 'json',
  },
  {
    name: 'Resubmissions',
    method: 'PUT',
    pathRegex: pathPattern('/applications/[^/]+/?'),
    // The corrected application: the same body as a submission.
    routes: ['PUT /applications/{id}'],
    limitBytes: MAX_BODY_BYTES,
    answer: 'json',
  },
  {
    name: 'PortalApplications',
    method: 'POST',
    pathRegex: pathPattern('/portal/applications(/[^/]+/resubmit)?/?'),
    // The portal's create form carries what POST /applications does (as a form, a member list pasted
    // or uploaded), and its resubmission what PUT /applications/{id} does: beyond what WAF inspects,
    // so the API's own limit holds here too.
    routes: ['POST /portal/applications', 'POST /portal/applications/{id}/resubmit'],
    limitBytes: MAX_BODY_BYTES,
    answer: 'page',
  },
  {
    name: 'DirectoryImports',
    method: 'POST',
    pathRegex: pathPattern('/admin/api/(experts|officials)/import/?'),
    // A real directory (1,000 people: about 230-310 KB of CSV) is beyond what WAF inspects: the
    // handler's own limit holds (DIRECTORY_IMPORT_MAX_BYTES, 413).
    routes: ['POST /admin/api/experts/import', 'POST /admin/api/officials/import'],
    limitBytes: DIRECTORY_IMPORT_MAX_BYTES,
    answer: 'json',
  },
  {
    name: 'DirectoryImportForms',
    method: 'POST',
    pathRegex: pathPattern('/admin/(experts|officials)/import/?'),
    // The same files pasted in the console's form (URL-encoded: about 430 KB for 1,000 experts).
    routes: ['POST /admin/experts/import', 'POST /admin/officials/import'],
    limitBytes: DIRECTORY_IMPORT_MAX_BYTES,
    answer: 'page',
  },
];

/**
 * Whether the firewall refuses the family's oversize bodies itself. It sees at most the inspection
 * limit of a body; a larger family limit is the API's to enforce (413 before the body is read), and
 * the managed rules inspect the first 64 KB of such a body.
 */
export const sizedByFirewall = (family: BodyFamily) => family.limitBytes <= BODY_INSPECTION_LIMIT.bytes;

/** Labels this web ACL's own rules add (matched by their short name in the same web ACL). */
export const LABELS = { bodyTooLarge: 'body-too-large', rateLimited: 'rate-limited' } as const;

const uriPathMatches = (regex: string): Statement => ({
  regexMatchStatement: {
    regexString: regex,
    fieldToMatch: { uriPath: {} },
    textTransformations: [{ priority: 0, type: 'NONE' }],
  },
});

const methodIs = (method: string): Statement => ({
  byteMatchStatement: {
    searchString: method,
    fieldToMatch: { method: {} },
    positionalConstraint: 'EXACTLY',
    textTransformations: [{ priority: 0, type: 'NONE' }],
  },
});

const bodyLargerThan = (bytes: number): Statement => ({
  sizeConstraintStatement: {
    comparisonOperator: 'GT',
    size: bytes,
    // A body beyond the inspection limit is too large for every family.
    fieldToMatch: { body: { oversizeHandling: 'MATCH' } },
    textTransformations: [{ priority: 0, type: 'NONE' }],
  },
});

const and = (...statements: Statement[]): Statement => ({ andStatement: { statements } });
const or = (...statements: Statement[]): Statement => ({ orStatement: { statements } });
const not = (statement: Statement): Statement => ({ notStatement: { statement } });
const hasLabel = (key: string): Statement => ({ labelMatchStatement: { scope: 'LABEL', key } });

const visibility = (metricName: string) => ({
  sampledRequestsEnabled: true,
  cloudWatchMetricsEnabled: true,
  metricName,
});

function managedGroup(
  name: string,
  priority: number,
  ruleActionOverrides?: wafv2.CfnWebACL.RuleActionOverrideProperty[],
): Rule {
  return {
    name,
    priority,
    overrideAction: { none: {} },
    statement: {
      managedRuleGroupStatement: {
        vendorName: 'AWS',
        name,
        ...(ruleActionOverrides ? { ruleActionOverrides } : {}),
      },
    },
    visibilityConfig: visibility(name),
  };
}

/** The block pages and bodies (WAF custom response bodies are static and at most 4 KB each). */
export function firewallResponseBodies(supportContact: string | undefined) {
  const whom = supportContact
    ? { ru: `напишите ${supportContact}`, en: `write to ${supportContact}` }
    : {
        ru: 'свяжитесь с отделом программы, приславшим вам ссылку',
        en: 'contact the programme office that sent you the link',
      };
  const page = (status: string, ru: string, en: string, code: string) =>
    `<!doctype html><html lang="ru"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${status}</title></head><body style="font-family:sans-serif;max-width:40em;margin:2em auto;padding:0 1em">` +
    `<h1>${ru.split('. ')[0]}</h1><p>${ru}</p><p>Если вы считаете это ошибкой, ${whom.ru}: укажите время запроса и код ${code}.</p>` +
    `<hr><h2 lang="en">${en.split('. ')[0]}</h2><p lang="en">${en}</p><p lang="en">If you think this is a mistake, ${whom.en}, with the time of your request and the code ${code}.</p></body></html>`;
  const error = (code: string, message: string) => JSON.stringify({ error: { code, message, details: [] } });
  const contactEn = supportContact ? ` (contact: ${supportContact})` : '';
  return {
    blockedPage: {
      contentType: 'TEXT_HTML',
      content: page(
        '403',
        'Запрос отклонён межсетевым экраном. Ваш ответ не записан: сервис защиты счёл запрос опасным или слишком большим.',
        'The request was refused by the firewall. Your answer was not recorded: the protection service found the request unsafe or too large.',
        'FIREWALL_BLOCKED',
      ),
    },
    rateLimitedPage: {
      contentType: 'TEXT_HTML',
      content: page(
        '429',
        'Слишком много запросов с вашего адреса. Подождите пять минут и повторите.',
        'Too many requests from your address. Wait five minutes and try again.',
        'RATE_LIMITED',
      ),
    },
    blockedJson: {
      contentType: 'APPLICATION_JSON',
      content: error(
        'FORBIDDEN',
        `request refused by the firewall (unsafe content or a body over the route's limit); retrying will not help${contactEn}`,
      ),
    },
    rateLimitedJson: {
      contentType: 'APPLICATION_JSON',
      content: error(
        'TOO_MANY_REQUESTS',
        'too many requests from this address: retry after the Retry-After delay',
      ),
    },
  } satisfies Record<string, wafv2.CfnWebACL.CustomResponseBodyProperty>;
}

type BodyKey = keyof ReturnType<typeof firewallResponseBodies>;

const PAGE_HEADERS = [
  { name: 'cache-control', value: 'no-store' },
  { name: 'content-security-policy', value: "default-src 'none'; style-src 'unsafe-inline'" },
  { name: 'x-content-type-options', value: 'nosniff' },
];

function blockWith(
  status: 403 | 429,
  key: BodyKey,
  extraHeaders: Array<{ name: string; value: string }> = [],
) {
  return {
    block: {
      customResponse: {
        responseCode: status,
        customResponseBodyKey: key,
        responseHeaders: [...PAGE_HEADERS, ...extraHeaders],
      },
    },
  };
}

export interface FirewallProps {
  /** The API stage the web ACL protects. */
  stageArn: string;
  /** Requests per second per address the API's stage allows; the firewall's 5-minute budget follows from it. */
  rateLimitPerSecond: number;
  supportContact?: string | undefined;
  logRetention?: logs.RetentionDays;
}

/**
 * The web ACL in front of the API.
 *
 * - AWS managed rules: Amazon IP reputation, known bad inputs, the common
 *   rule set; their blocks are answered by API Gateway's WAF_FILTERED
 *   response (403: the JSON error, or the same page for clients that ask
 *   for HTML; see ProductApi). The common set's SizeRestrictions_BODY (8 KB) is set to
 *   count: the link forms and applications are larger.
 * - Body size per route family: the link forms get a limit sized from their
 *   largest valid bodies (test/support/request-bodies.ts; test/infra/firewall.test.ts checks them)
 *   and are inspected whole; POST /applications, whose largest valid body
 *   (2,000 members, 200 partners) is beyond what WAF inspects, is sized by
 *   the API (MAX_BODY_BYTES, 413), and so are the directories' CSV imports
 *   (DIRECTORY_IMPORT_MAX_BYTES: 1,000 people); every other route keeps the 8 KB limit.
 * - A rate limit per address.
 * Our own rules label what they find and two verdict rules answer it: a page
 * (Russian and English) on the link routes, the spec's JSON error elsewhere;
 * 403 for a refused request, 429 only for the rate limit.
 * Logs go to a `aws-waf-logs-` log group, without the Authorization and
 * Cookie headers and the query string (a link's signature is a credential).
 */
export class Firewall extends Construct {
  readonly webAcl: wafv2.CfnWebACL;
  readonly webAclName: string;
  readonly logGroup: logs.LogGroup;
  /** The rules whose blocks mean a person on a link page was refused. */
  readonly linkBlockRuleNames: readonly string[];

  constructor(scope: Construct, id: string, props: FirewallProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.webAclName = `${stack.stackName}-Api`;

    const link = uriPathMatches(LINK_PATH_REGEX);
    const familyStatements = BODY_FAMILIES.map((family) =>
      and(methodIs(family.method), uriPathMatches(family.pathRegex)),
    );
    const bodyTooLarge = or(
      ...BODY_FAMILIES.flatMap((family, index) =>
        sizedByFirewall(family)
          ? [and(familyStatements[index] as Statement, bodyLargerThan(family.limitBytes))]
          : [],
      ),
      and(...familyStatements.map(not), bodyLargerThan(MANAGED_BODY_LIMIT)),
    );

    const rules: Rule[] = [
      {
        name: 'BodySize',
        priority: 0,
        action: { count: {} },
        ruleLabels: [{ name: LABELS.bodyTooLarge }],
        statement: bodyTooLarge,
        visibilityConfig: visibility('BodySize'),
      },
      {
        name: 'PerAddressRateLimit',
        priority: 1,
        action: { count: {} },
        ruleLabels: [{ name: LABELS.rateLimited }],
        statement: {
          rateBasedStatement: { limit: Math.max(100, props.rateLimitPerSecond * 60), aggregateKeyType: 'IP' },
        },
        visibilityConfig: visibility('RateLimit'),
      },
      {
        name: 'RefuseOnLinkPages',
        priority: 2,
        action: blockWith(403, 'blockedPage'),
        statement: and(link, hasLabel(LABELS.bodyTooLarge)),
        visibilityConfig: visibility('RefuseOnLinkPages'),
      },
      {
        name: 'RefuseOnApi',
        priority: 3,
        action: blockWith(403, 'blockedJson'),
        statement: and(not(link), hasLabel(LABELS.bodyTooLarge)),
        visibilityConfig: visibility('RefuseOnApi'),
      },
      {
        name: 'RateLimitOnLinkPages',
        priority: 4,
        action: blockWith(429, 'rateLimitedPage', [{ name: 'retry-after', value: '300' }]),
        statement: and(link, hasLabel(LABELS.rateLimited)),
        visibilityConfig: visibility('RateLimitOnLinkPages'),
      },
      {
        name: 'RateLimitOnApi',
        priority: 5,
        action: blockWith(429, 'rateLimitedJson', [{ name: 'retry-after', value: '300' }]),
        statement: and(not(link), hasLabel(LABELS.rateLimited)),
        visibilityConfig: visibility('RateLimitOnApi'),
      },
      managedGroup('AWSManagedRulesAmazonIpReputationList', 6),
      managedGroup('AWSManagedRulesKnownBadInputsRuleSet', 7),
      managedGroup('AWSManagedRulesCommonRuleSet', 8, [
        { name: 'SizeRestrictions_BODY', actionToUse: { count: {} } },
      ]),
    ];
    this.linkBlockRuleNames = ['RefuseOnLinkPages'];

    this.webAcl = new wafv2.CfnWebACL(this, 'WebAcl', {
      name: this.webAclName,
      scope: 'REGIONAL',
      defaultAction: { allow: {} },
      rules,
      customResponseBodies: firewallResponseBodies(props.supportContact),
      associationConfig: {
        requestBody: { API_GATEWAY: { defaultSizeInspectionLimit: BODY_INSPECTION_LIMIT.setting } },
      },
      visibilityConfig: visibility('Api'),
    });
    new wafv2.CfnWebACLAssociation(this, 'Association', {
      resourceArn: props.stageArn,
      webAclArn: this.webAcl.attrArn,
    });

    // WAF requires the `aws-waf-logs-` prefix and the log group ARN without the `:*` suffix. The
    // stack id's GUID in the name lets a recreated stack start a new group while the old one is retained.
    const stackGuid = Fn.select(2, Fn.split('/', stack.stackId));
    const logGroupName = `aws-waf-logs-${stack.stackName}-${stackGuid}`;
    this.logGroup = new logs.LogGroup(this, 'Logs', {
      logGroupName,
      retention: props.logRetention ?? logs.RetentionDays.ONE_YEAR,
    });
    acknowledgeLogGroupEncryption(this.logGroup);
    const logging = new wafv2.CfnLoggingConfiguration(this, 'Logging', {
      resourceArn: this.webAcl.attrArn,
      logDestinationConfigs: [
        stack.formatArn({
          service: 'logs',
          resource: 'log-group',
          resourceName: logGroupName,
          arnFormat: ArnFormat.COLON_RESOURCE_NAME,
        }),
      ],
      redactedFields: [
        { singleHeader: { Name: 'authorization' } },
        { singleHeader: { Name: 'cookie' } },
        { queryString: {} },
      ],
    });
    logging.node.addDependency(this.logGroup);
  }
}
