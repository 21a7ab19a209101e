/**
 * Just enough of CloudFormation to read a synthesized template locally: the
 * template shape and a resolver that turns intrinsic functions into stable
 * placeholders. The same placeholders are used for the state machine
 * definition (local/asl.ts) and the table names (local/dynamodb-local.ts), so
 * a `Ref` to a table means the same name everywhere in the local runtime.
 */

export type CfnTemplate = {
  // biome-ignore lint/suspicious/noExplicitAny: CloudFormation properties are free-form per resource type.
  Resources: Record<string, { Type: string; Properties?: any; Metadata?: any }>;
  Parameters?: Record<string, { Type?: string; Default?: unknown }>;
};

export const LOCAL_PARTITION = 'aws';
export const LOCAL_REGION = 'local';
export const LOCAL_ACCOUNT = '000000000000';
export const LOCAL_URL_SUFFIX = 'amazonaws.com';

const PSEUDO_PARAMETERS: Record<string, string> = {
  'AWS::Partition': LOCAL_PARTITION,
  'AWS::Region': LOCAL_REGION,
  'AWS::AccountId': LOCAL_ACCOUNT,
  'AWS::URLSuffix': LOCAL_URL_SUFFIX,
  'AWS::StackName': 'local',
  'AWS::StackId': `arn:${LOCAL_PARTITION}:cloudformation:${LOCAL_REGION}:${LOCAL_ACCOUNT}:stack/local/00000000-0000-0000-0000-000000000000`,
  'AWS::NoValue': '',
};

/** The placeholder ARN every reference to a Lambda function's `Arn` resolves to. */
export function lambdaArnPlaceholder(logicalId: string): string {
  return `arn:${LOCAL_PARTITION}:lambda:${LOCAL_REGION}:${LOCAL_ACCOUNT}:function:${logicalId}`;
}

/**
 * The local name of a DynamoDB table: its `TableName` when the template sets
 * a plain one, else its logical id (AWS would generate `Stack-Id-XYZ`; a
 * stable name is what matters locally).
 */
export function localTableName(template: CfnTemplate, logicalId: string): string {
  const name = template.Resources[logicalId]?.Properties?.TableName;
  if (name === undefined) return logicalId;
  const resolved = resolveIntrinsics(name, template);
  return typeof resolved === 'string' && resolved !== '' ? resolved : logicalId;
}

function resolveRef(name: string, template: CfnTemplate): string {
  const pseudo = PSEUDO_PARAMETERS[name];
  if (pseudo !== undefined) return pseudo;
  const parameter = template.Parameters?.[name];
  if (parameter) return typeof parameter.Default === 'string' ? parameter.Default : name;
  const resource = template.Resources[name];
  switch (resource?.Type) {
    case 'AWS::DynamoDB::Table':
    case 'AWS::DynamoDB::GlobalTable':
      return localTableName(template, name);
    case 'AWS::StepFunctions::StateMachine':
      // Ref of a state machine is its ARN.
      return `arn:${LOCAL_PARTITION}:states:${LOCAL_REGION}:${LOCAL_ACCOUNT}:stateMachine:${name}`;
    default:
      // Lambda functions (Ref = function name) and everything else: the logical id.
      return name;
  }
}

function resolveGetAtt(logicalId: string, attribute: string, template: CfnTemplate): string {
  const resource = template.Resources[logicalId];
  if (resource?.Type === 'AWS::Lambda::Function' && attribute === 'Arn')
    return lambdaArnPlaceholder(logicalId);
  return `${logicalId}.${attribute}`;
}

function resolveSub(text: string, variables: Record<string, unknown>, template: CfnTemplate): string {
  return text.replace(/\$\{([^}]*)\}/g, (whole, rawName: string) => {
    // `${!Literal}` is CloudFormation's escape for a literal `${Literal}`.
    if (rawName.startsWith('!')) return `\${${rawName.slice(1)}}`;
    const name = rawName.trim();
    if (name in variables) return String(resolveIntrinsics(variables[name], template));
    const dot = name.indexOf('.');
    if (dot > 0 && !name.startsWith('AWS::')) {
      return resolveGetAtt(name.slice(0, dot), name.slice(dot + 1), template);
    }
    if (name in PSEUDO_PARAMETERS || template.Parameters?.[name] || template.Resources[name]) {
      return resolveRef(name, template);
    }
    throw new Error(`Fn::Sub: cannot resolve \${${name}} in ${JSON.stringify(whole)}`);
  });
}

/**
 * Replaces `Ref`, `Fn::GetAtt`, `Fn::Join`, `Fn::Sub`, `Fn::Select` and
 * `Fn::Split` anywhere in `value` with local placeholders:
 * - `Ref` of a pseudo parameter: `aws`, `local`, `000000000000`, `amazonaws.com`;
 * - `Ref` of a table: its local name ({@link localTableName}); of a state
 *   machine: a local ARN; of anything else (a Lambda function included): the logical id;
 * - `Fn::GetAtt [X, Arn]` of a Lambda function: {@link lambdaArnPlaceholder};
 *   any other `Fn::GetAtt`: `X.Attr`.
 * Any other intrinsic throws, naming it, rather than producing a silently wrong value.
 */
export function resolveIntrinsics(value: unknown, template: CfnTemplate): unknown {
  if (Array.isArray(value)) return value.map((item) => resolveIntrinsics(item, template));
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value as Record<string, unknown>);
  const [first] = entries;
  if (entries.length === 1 && first && (first[0] === 'Ref' || first[0].startsWith('Fn::'))) {
    const [fn, args] = first;
    switch (fn) {
      case 'Ref':
        return resolveRef(String(args), template);
      case 'Fn::GetAtt': {
        const [logicalId, ...attribute] = Array.isArray(args) ? args.map(String) : String(args).split('.');
        return resolveGetAtt(String(logicalId), attribute.join('.'), template);
      }
      case 'Fn::Join': {
        const [separator, parts] = args as [string, unknown];
        const resolved = resolveIntrinsics(parts, template);
        if (!Array.isArray(resolved)) throw new Error('Fn::Join: the second argument is not a list');
        return resolved.map(String).join(separator);
      }
      case 'Fn::Sub': {
        if (typeof args === 'string') return resolveSub(args, {}, template);
        const [text, variables] = args as [string, Record<string, unknown>];
        return resolveSub(text, variables ?? {}, template);
      }
      case 'Fn::Select': {
        const [index, list] = args as [unknown, unknown];
        const resolved = resolveIntrinsics(list, template);
        if (!Array.isArray(resolved)) throw new Error('Fn::Select: the second argument is not a list');
        return resolved[Number(resolveIntrinsics(index, template))];
      }
      case 'Fn::Split': {
        const [separator, text] = args as [string, unknown];
        return String(resolveIntrinsics(text, template)).split(separator);
      }
      default:
        throw new Error(`Unsupported intrinsic function ${fn} in the template`);
    }
  }
  return Object.fromEntries(entries.map(([key, item]) => [key, resolveIntrinsics(item, template)]));
}

/** The logical ids of the template's resources of one type, in template order. */
export function resourcesOfType(template: CfnTemplate, type: string): string[] {
  return Object.entries(template.Resources)
    .filter(([, resource]) => resource.Type === type)
    .map(([logicalId]) => logicalId);
}
