/**
 * The state machine definitions of a synthesized CloudFormation template, as
 * plain Amazon States Language the local engine can run. `DefinitionString`
 * is an `Fn::Join` of strings and references; references become the stable
 * placeholders of local/cfn.ts (a Lambda's ARN is
 * `arn:aws:lambda:local:000000000000:function:<LogicalId>`), so the local
 * runtime can tell which product function a Task state calls.
 */
import { createRequire } from 'node:module';
import { type CfnTemplate, lambdaArnPlaceholder, resolveIntrinsics, resourcesOfType } from './cfn.ts';

export type AslState = { Type: string; [field: string]: unknown };
export interface AslDefinition {
  StartAt: string;
  States: Record<string, AslState>;
  Comment?: string;
  TimeoutSeconds?: number;
  QueryLanguage?: string;
  [field: string]: unknown;
}

export interface ExtractedStateMachine {
  logicalId: string;
  /** `StateMachineName` when the template sets a plain one. */
  stateMachineName?: string;
  definition: AslDefinition;
  /** Logical id of the IAM role in `RoleArn` (`Fn::GetAtt [Role, Arn]`), when it is one. */
  roleLogicalId?: string;
}

/** Every `AWS::StepFunctions::StateMachine` of the template, its definition resolved and parsed. */
export function extractStateMachines(template: CfnTemplate): ExtractedStateMachine[] {
  return resourcesOfType(template, 'AWS::StepFunctions::StateMachine').map((logicalId) => {
    const props = template.Resources[logicalId]?.Properties ?? {};
    let definition: AslDefinition;
    if (props.DefinitionString !== undefined) {
      const text = resolveIntrinsics(props.DefinitionString, template);
      if (typeof text !== 'string')
        throw new Error(`${logicalId}: DefinitionString did not resolve to a string`);
      definition = JSON.parse(
        applySubstitutions(text, props.DefinitionSubstitutions, template),
      ) as AslDefinition;
    } else if (props.Definition !== undefined) {
      const text = JSON.stringify(resolveIntrinsics(props.Definition, template));
      definition = JSON.parse(
        applySubstitutions(text, props.DefinitionSubstitutions, template),
      ) as AslDefinition;
    } else {
      throw new Error(
        `${logicalId}: only DefinitionString or Definition is supported (not DefinitionS3Location)`,
      );
    }
    const role = props.RoleArn?.['Fn::GetAtt'];
    const roleLogicalId = Array.isArray(role) ? String(role[0]) : undefined;
    const name = typeof props.StateMachineName === 'string' ? props.StateMachineName : undefined;
    return {
      logicalId,
      definition,
      ...(name ? { stateMachineName: name } : {}),
      ...(roleLogicalId ? { roleLogicalId } : {}),
    };
  });
}

// `DefinitionSubstitutions` fills `${name}` in the definition. Values go into
// a JSON document, so they are escaped as JSON string content.
function applySubstitutions(text: string, substitutions: unknown, template: CfnTemplate): string {
  if (!substitutions || typeof substitutions !== 'object') return text;
  const values = resolveIntrinsics(substitutions, template) as Record<string, unknown>;
  return text.replace(/\$\{([^}]+)\}/g, (whole, name: string) =>
    name in values ? JSON.stringify(String(values[name])).slice(1, -1) : whole,
  );
}

/**
 * Placeholder ARN (and bare logical id, and explicit `FunctionName` if any)
 * → the function's `tagKey` tag value. The product tags every Lambda with
 * `app:function = <folder under functions/>`, which is how the local runtime
 * finds the handler a Task state means.
 */
export function lambdaFunctionKeys(template: CfnTemplate, tagKey = 'app:function'): Map<string, string> {
  const keys = new Map<string, string>();
  for (const logicalId of resourcesOfType(template, 'AWS::Lambda::Function')) {
    const props = template.Resources[logicalId]?.Properties ?? {};
    const tags = (Array.isArray(props.Tags) ? props.Tags : []) as Array<{ Key?: unknown; Value?: unknown }>;
    const value = tags.find((tag) => tag.Key === tagKey)?.Value;
    if (typeof value !== 'string') continue;
    keys.set(lambdaArnPlaceholder(logicalId), value);
    keys.set(logicalId, value);
    if (typeof props.FunctionName === 'string') {
      keys.set(props.FunctionName, value);
      keys.set(lambdaArnPlaceholder(props.FunctionName), value);
    }
  }
  return keys;
}

type AslValidatorResult = {
  isValid: boolean;
  errors: Array<{ 'Error code': string; Message: string }>;
  errorsText: (separator?: string) => string;
};
type AslValidator = (
  definition: unknown,
  options?: { checkPaths: boolean; checkArn: boolean },
) => AslValidatorResult;

// asl-validator is CommonJS without type declarations.
const aslValidator = createRequire(import.meta.url)('asl-validator') as AslValidator;

/** asl-validator's findings as `"CODE: message"` lines; empty when the definition is valid. */
export function validateAsl(definition: AslDefinition): string[] {
  // The validator writes a default QueryLanguage into every state: give it a copy.
  const result = aslValidator(structuredClone(definition), { checkPaths: true, checkArn: true });
  return result.errors.map((error) => `${error['Error code']}: ${error.Message}`);
}

/** Calls `visit` for every state, descending into Map item processors and Parallel branches. */
export function forEachState(
  definition: Pick<AslDefinition, 'States'>,
  visit: (name: string, state: AslState) => void,
): void {
  for (const [name, state] of Object.entries(definition.States)) {
    visit(name, state);
    const processor = (state.ItemProcessor ?? state.Iterator) as AslDefinition | undefined;
    if (processor?.States) forEachState(processor, visit);
    if (Array.isArray(state.Branches)) {
      for (const branch of state.Branches as AslDefinition[]) forEachState(branch, visit);
    }
  }
}

/**
 * Features aws-local-stepfunctions 3 silently ignores (so a run would give
 * wrong results with no error): JSONata and variables. Returns one line per
 * use found.
 */
export function unsupportedLocally(definition: AslDefinition): string[] {
  const found: string[] = [];
  if (definition.QueryLanguage === 'JSONata') found.push('top-level QueryLanguage JSONata');
  forEachState(definition, (name, state) => {
    if (state.QueryLanguage === 'JSONata') found.push(`${name}: QueryLanguage JSONata`);
    for (const field of ['Assign', 'Arguments', 'Output']) {
      if (field in state) found.push(`${name}: ${field} (JSONata/variables)`);
    }
  });
  return found;
}
