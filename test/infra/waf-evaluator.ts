/**
 * Evaluates a synthesized AWS::WAFv2::WebACL (CloudFormation properties) for
 * one request, rule by rule in priority order, as AWS WAF does: count rules
 * add their labels and go on, the first block or allow ends it. Covers the
 * statements the product's web ACL uses. Managed rule groups are modelled
 * only by what they do to the benign requests of the tests: the common rule
 * set's SizeRestrictions_BODY (bodies over 8 KB), honouring its action
 * override; everything else in them does not match.
 */

type Json = Record<string, unknown>;

export interface WafRequest {
  method: string;
  uriPath: string;
  bodyBytes: number;
  /** The per-address rate limit is exceeded. */
  rateExceeded?: boolean;
}

export type WafVerdict =
  | { action: 'allow'; labels: string[] }
  | { action: 'block'; rule: string; status: number; bodyKey?: string; labels: string[] };

const MANAGED_BODY_LIMIT = 8 * 1024;

export function inspectionLimitBytes(acl: Json): number {
  const setting = (
    (acl.AssociationConfig as Json | undefined)?.RequestBody as Record<string, Json> | undefined
  )?.API_GATEWAY?.DefaultSizeInspectionLimit as string | undefined;
  // API Gateway's default is 16 KB.
  return Number(/^KB_(\d+)$/.exec(setting ?? 'KB_16')?.[1]) * 1024;
}

function matches(statement: Json, request: WafRequest, labels: Set<string>, limit: number): boolean {
  const [[type, body]] = Object.entries(statement) as [[string, Json]];
  const field = (match: Json) => {
    const fieldToMatch = match.FieldToMatch as Json;
    if ('UriPath' in fieldToMatch) return request.uriPath;
    if ('Method' in fieldToMatch) return request.method;
    throw new Error(`field not modelled: ${JSON.stringify(fieldToMatch)}`);
  };
  switch (type) {
    case 'AndStatement':
      return (body.Statements as Json[]).every((s) => matches(s, request, labels, limit));
    case 'OrStatement':
      return (body.Statements as Json[]).some((s) => matches(s, request, labels, limit));
    case 'NotStatement':
      return !matches(body.Statement as Json, request, labels, limit);
    case 'RegexMatchStatement':
      return new RegExp(body.RegexString as string).test(field(body));
    case 'ByteMatchStatement': {
      const value = field(body);
      const search = body.SearchString as string;
      if (body.PositionalConstraint === 'EXACTLY') return value === search;
      if (body.PositionalConstraint === 'STARTS_WITH') return value.startsWith(search);
      if (body.PositionalConstraint === 'CONTAINS') return value.includes(search);
      throw new Error(`positional constraint not modelled: ${body.PositionalConstraint}`);
    }
    case 'LabelMatchStatement':
      return body.Scope === 'LABEL'
        ? labels.has(body.Key as string)
        : [...labels].some((label) => label.startsWith(body.Key as string));
    case 'RateBasedStatement':
      return request.rateExceeded === true;
    case 'SizeConstraintStatement': {
      const fieldToMatch = body.FieldToMatch as Json;
      if (!('Body' in fieldToMatch)) throw new Error('size constraint on a field not modelled');
      const oversize = ((fieldToMatch.Body as Json | undefined)?.OversizeHandling as string) ?? 'CONTINUE';
      let size = request.bodyBytes;
      if (size > limit) {
        if (oversize === 'MATCH') return true;
        if (oversize === 'NO_MATCH') return false;
        size = limit;
      }
      const bound = body.Size as number;
      switch (body.ComparisonOperator) {
        case 'GT':
          return size > bound;
        case 'GE':
          return size >= bound;
        case 'LT':
          return size < bound;
        case 'LE':
          return size <= bound;
        case 'EQ':
          return size === bound;
        default:
          return size !== bound;
      }
    }
    default:
      throw new Error(`statement not modelled: ${type}`);
  }
}

/** The managed rule group's verdict for a benign request: only the common set's 8 KB body rule can fire. */
function managedGroup(group: Json, request: WafRequest, limit: number): 'block' | 'count' | null {
  if (group.VendorName !== 'AWS' || group.Name !== 'AWSManagedRulesCommonRuleSet') return null;
  // SizeRestrictions_BODY sees the inspected part of the body and matches oversize bodies.
  if (Math.min(request.bodyBytes, limit + 1) <= MANAGED_BODY_LIMIT) return null;
  const override = ((group.RuleActionOverrides as Json[] | undefined) ?? []).find(
    (rule) => rule.Name === 'SizeRestrictions_BODY',
  );
  if (!override) return 'block';
  return 'Count' in (override.ActionToUse as Json) ? 'count' : 'block';
}

export function evaluate(acl: Json, request: WafRequest): WafVerdict {
  const limit = inspectionLimitBytes(acl);
  const labels = new Set<string>();
  const rules = [...(acl.Rules as Json[])].sort((a, b) => (a.Priority as number) - (b.Priority as number));
  for (const rule of rules) {
    const statement = rule.Statement as Json;
    const name = rule.Name as string;
    if ('ManagedRuleGroupStatement' in statement) {
      const verdict = managedGroup(statement.ManagedRuleGroupStatement as Json, request, limit);
      const override = rule.OverrideAction as Json;
      if (verdict === 'block' && 'None' in override) {
        // A managed group's own block: API Gateway answers it with its WAF_FILTERED response.
        return { action: 'block', rule: name, status: 403, labels: [...labels] };
      }
      continue;
    }
    if (!matches(statement, request, labels, limit)) continue;
    for (const label of (rule.RuleLabels as Json[] | undefined) ?? []) labels.add(label.Name as string);
    const action = rule.Action as Json;
    if ('Count' in action) continue;
    if ('Allow' in action) return { action: 'allow', labels: [...labels] };
    const custom = (action.Block as Json | undefined)?.CustomResponse as Json | undefined;
    return {
      action: 'block',
      rule: name,
      status: (custom?.ResponseCode as number | undefined) ?? 403,
      bodyKey: custom?.CustomResponseBodyKey as string | undefined,
      labels: [...labels],
    };
  }
  if ('Allow' in (acl.DefaultAction as Json)) return { action: 'allow', labels: [...labels] };
  return { action: 'block', rule: '(default)', status: 403, labels: [...labels] };
}
