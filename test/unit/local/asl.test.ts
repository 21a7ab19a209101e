// biome-ignore-all lint/suspicious/noTemplateCurlyInString: CloudFormation ${...} placeholders, not JS templates.
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type AslDefinition,
  type ExtractedStateMachine,
  extractStateMachines,
  lambdaFunctionKeys,
  unsupportedLocally,
  validateAsl,
} from '#local/asl';
import { type CfnTemplate, resolveIntrinsics } from '#local/cfn';
import { scaled } from '#test/support/timeouts';
import {
  DECISION_TIMEOUT_SECONDS,
  TINY_TABLE_NAME,
  tinyWorkflowTemplate,
} from '../../support/tiny-workflow-stack.ts';

const ARN_PREFIX = 'arn:aws:lambda:local:000000000000:function:';

function logicalIdOfType(template: CfnTemplate, type: string, tagValue?: string): string {
  const found = Object.entries(template.Resources).find(
    ([, resource]) =>
      resource.Type === type &&
      (tagValue === undefined ||
        (resource.Properties?.Tags as Array<{ Key: string; Value: string }> | undefined)?.some(
          (tag) => tag.Key === 'app:function' && tag.Value === tagValue,
        )),
  );
  if (!found) throw new Error(`no ${type} ${tagValue ?? ''} in the template`);
  return found[0];
}

describe('state machine extraction from a synthesized template', () => {
  let template: CfnTemplate;
  let machine: ExtractedStateMachine;
  let workerId: string;
  let notifyId: string;

  beforeAll(() => {
    // Arrange (once: synthesis takes a few seconds)
    template = tinyWorkflowTemplate();
    const machines = extractStateMachines(template);
    expect(machines).toHaveLength(1);
    machine = machines[0] as ExtractedStateMachine;
    workerId = logicalIdOfType(template, 'AWS::Lambda::Function', 'worker');
    notifyId = logicalIdOfType(template, 'AWS::Lambda::Function', 'notify');
  }, scaled(30_000));

  it('produces a definition that asl-validator accepts', () => {
    expect(validateAsl(machine.definition)).toEqual([]);
    expect(machine.definition.StartAt).toBe('Prepare');
    expect(machine.logicalId).toBe(logicalIdOfType(template, 'AWS::StepFunctions::StateMachine'));
    expect(machine.roleLogicalId).toMatch(/^TinyWorkflowRole/);
    expect(template.Resources[machine.roleLogicalId ?? '']?.Type).toBe('AWS::IAM::Role');
  });

  it('replaces a request/response Lambda resource by the placeholder ARN of its logical id', () => {
    const prepare = machine.definition.States.Prepare;
    expect(prepare?.Resource).toBe(`${ARN_PREFIX}${workerId}`);
    expect(prepare?.Parameters).toEqual({ action: 'prepare', 'applicationId.$': '$.applicationId' });
  });

  it('keeps the callback task, its token parameter and its timeout', () => {
    const decision = machine.definition.States.AwaitDecision;
    expect(decision?.Resource).toBe('arn:aws:states:::lambda:invoke.waitForTaskToken');
    expect(decision?.TimeoutSeconds).toBe(DECISION_TIMEOUT_SECONDS);
    expect(decision?.Parameters).toMatchObject({
      FunctionName: `${ARN_PREFIX}${notifyId}`,
      Payload: { 'token.$': '$$.Task.Token' },
    });
  });

  it('resolves references inside the Map item processor, and keeps the Choice and Catch', () => {
    const fanOut = machine.definition.States.FanOut;
    const processor = fanOut?.ItemProcessor as AslDefinition;
    expect(processor.States.AskReviewer?.Parameters).toMatchObject({
      FunctionName: `${ARN_PREFIX}${notifyId}`,
    });
    expect(machine.definition.States.Route?.Type).toBe('Choice');
    expect(machine.definition.States.AwaitDecision?.Catch).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ ErrorEquals: ['States.Timeout'], Next: 'MarkTimedOut' }),
      ]),
    );
  });

  it('maps placeholder ARNs and logical ids to the app:function tag', () => {
    const keys = lambdaFunctionKeys(template);
    expect(keys.get(`${ARN_PREFIX}${workerId}`)).toBe('worker');
    expect(keys.get(notifyId)).toBe('notify');
    expect(lambdaFunctionKeys(template, 'no-such-tag').size).toBe(0);
  });

  it('reports an invalid definition', () => {
    const broken = structuredClone(machine.definition);
    broken.StartAt = 'Nowhere';
    expect(validateAsl(broken).join('\n')).toMatch(/Nowhere/);
  });

  it('flags what the local engine would silently ignore', () => {
    expect(unsupportedLocally(machine.definition)).toEqual([]);
    const withVariables = structuredClone(machine.definition);
    (withVariables.States.Route as Record<string, unknown>).Assign = { x: 1 };
    expect(unsupportedLocally(withVariables)).toEqual(['Route: Assign (JSONata/variables)']);
  });
});

describe('intrinsic function placeholders', () => {
  const template: CfnTemplate = {
    Resources: {
      Fn: { Type: 'AWS::Lambda::Function', Properties: {} },
      Named: { Type: 'AWS::DynamoDB::Table', Properties: { TableName: 'named-table' } },
      Unnamed: { Type: 'AWS::DynamoDB::Table', Properties: {} },
      Bucket: { Type: 'AWS::S3::Bucket' },
    },
  };

  it.each([
    [{ Ref: 'AWS::Partition' }, 'aws'],
    [{ Ref: 'AWS::Region' }, 'local'],
    [{ Ref: 'AWS::AccountId' }, '000000000000'],
    [{ Ref: 'AWS::URLSuffix' }, 'amazonaws.com'],
    [{ Ref: 'Fn' }, 'Fn'],
    [{ Ref: 'Named' }, 'named-table'],
    [{ Ref: 'Unnamed' }, 'Unnamed'],
    [{ 'Fn::GetAtt': ['Fn', 'Arn'] }, `${ARN_PREFIX}Fn`],
    [{ 'Fn::GetAtt': ['Bucket', 'Arn'] }, 'Bucket.Arn'],
    [{ 'Fn::GetAtt': 'Named.StreamArn' }, 'Named.StreamArn'],
    [{ 'Fn::Join': ['-', ['a', { Ref: 'AWS::Region' }]] }, 'a-local'],
    [
      { 'Fn::Sub': 'arn:${AWS::Partition}:x:${AWS::Region}:${Fn.Arn}:${!Literal}' },
      `arn:aws:x:local:${ARN_PREFIX}Fn:\${Literal}`,
    ],
    [{ 'Fn::Sub': ['${Name}-${Named}', { Name: { Ref: 'Fn' } }] }, 'Fn-named-table'],
    [{ 'Fn::Select': [1, { 'Fn::Split': [',', 'a,b,c'] }] }, 'b'],
  ])('%j → %s', (value, expected) => {
    expect(resolveIntrinsics(value, template)).toBe(expected);
  });

  it('refuses an intrinsic it cannot resolve rather than guessing', () => {
    expect(() => resolveIntrinsics({ 'Fn::ImportValue': 'x' }, template)).toThrow(/Fn::ImportValue/);
  });

  it('resolves a plain-string DefinitionString and Definition with DefinitionSubstitutions', () => {
    const definition = { StartAt: 'A', States: { A: { Type: 'Pass', Result: '${Table}', End: true } } };
    const machines = extractStateMachines({
      Resources: {
        ...template.Resources,
        Plain: {
          Type: 'AWS::StepFunctions::StateMachine',
          Properties: { DefinitionString: JSON.stringify(definition) },
        },
        Object: {
          Type: 'AWS::StepFunctions::StateMachine',
          Properties: { Definition: definition, DefinitionSubstitutions: { Table: { Ref: 'Named' } } },
        },
      },
    });
    expect(machines.map((m) => m.definition.States.A?.Result)).toEqual(['${Table}', 'named-table']);
  });

  it('uses the TableName of the tiny stack table', () => {
    expect(
      resolveIntrinsics(
        { Ref: 'X' },
        { Resources: { X: { Type: 'AWS::DynamoDB::Table', Properties: { TableName: TINY_TABLE_NAME } } } },
      ),
    ).toBe(TINY_TABLE_NAME);
  });
});
