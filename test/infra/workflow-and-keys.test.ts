import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type ProductApp } from '#infra/build-app';
import { linkKeyRetirementSeconds, parseConfig } from '#infra/config';
import { LINK_KEYS_READER_TAG } from '#infra/constructs/product-function';
import { type AslState, extractStateMachines, forEachState } from '#local/asl';
import type { CfnTemplate } from '#local/cfn';
import { FUNCTIONS, STEP_FUNCTION_KEYS } from '#shared/catalog';
import { DEFAULTS } from '#shared/config-defaults';
import { scaled } from '#test/support/timeouts';
import { LAMBDA_SERVICE_ERRORS } from '#workflows/steps';

/**
 * Issue 15, points 2, 4 and 5 in the templates: steps that ride out Lambda
 * throttling and have concurrency of their own, a state machine that
 * survives redeploys (versions, a live alias, retained), and link keys that
 * rotate and that only the link functions may read.
 */
const REVIEW = 10 * 24 * 3600;
const SIGNOFF = 14 * 24 * 3600;

let built: ProductApp;
let data: Template;
let service: Template;
let synthError: Error | undefined;
let validationReport: { pluginReports: Array<{ conclusion: string }> };

type Resource = {
  Type: string;
  Properties: Record<string, unknown>;
  DeletionPolicy?: string;
  UpdateReplacePolicy?: string;
};

beforeAll(() => {
  const outdir = mkdtempSync(join(tmpdir(), 'cdk-out-hardening-'));
  built = buildApp({
    bundling: false,
    outdir,
    context: {
      reviewTimeoutSeconds: REVIEW,
      signoffTimeoutSeconds: SIGNOFF,
      workflowReservedConcurrency: 7,
      alarmEmail: 'alarms@example.org',
    },
  });
  try {
    built.app.synth();
  } catch (error) {
    synthError = error as Error;
  }
  validationReport = JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8'));
  data = Template.fromStack(built.data);
  service = Template.fromStack(built.service);
  // One validated synth with cdk-nag: several seconds on a busy machine.
}, scaled(120_000));

const functionsTagged = (template: Template, key: string) =>
  Object.entries(template.findResources('AWS::Lambda::Function') as Record<string, Resource>).filter(
    ([, fn]) =>
      ((fn.Properties.Tags as Array<{ Key: string; Value: string }>) ?? []).some(
        (tag) => tag.Key === 'app:function' && tag.Value === key,
      ),
  );

/** The properties of the one function tagged `key` (fails the test when there is none). */
function functionProperties(template: Template, key: string): Record<string, unknown> {
  const [found] = functionsTagged(template, key);
  if (!found) throw new Error(`no function tagged ${key}`);
  return found[1].Properties;
}

const variablesOf = (properties: Record<string, unknown>) =>
  (properties.Environment as { Variables: Record<string, unknown> }).Variables;

describe('the templates', () => {
  it('pass cdk-nag with the rotation function and the secret policy in place', () => {
    expect(synthError?.message).toBeUndefined();
    expect(validationReport.pluginReports.filter((report) => report.conclusion !== 'success')).toEqual([]);
  });
});

describe('workflow steps under throttling', () => {
  it('retry Lambda throttling and service errors for minutes, in every task, MarkFailed and callbacks included', () => {
    const [machine] = extractStateMachines(service.toJSON() as CfnTemplate);
    const tasks: string[] = [];
    forEachState(machine?.definition ?? { States: {} }, (name: string, state: AslState) => {
      if (state.Type !== 'Task') return;
      tasks.push(name);
      const retry = (state.Retry as Array<Record<string, unknown>> | undefined) ?? [];
      const lambda = retry.find((rule) =>
        (rule.ErrorEquals as string[]).includes('Lambda.TooManyRequestsException'),
      );
      expect(lambda?.ErrorEquals, name).toEqual([...LAMBDA_SERVICE_ERRORS]);
      // The longest total wait: every interval at its cap, before jitter.
      let wait = 0;
      let interval = lambda?.IntervalSeconds as number;
      for (let attempt = 0; attempt < (lambda?.MaxAttempts as number); attempt++) {
        wait += Math.min(interval, lambda?.MaxDelaySeconds as number);
        interval *= lambda?.BackoffRate as number;
      }
      expect(wait, name).toBeGreaterThanOrEqual(5 * 60);
      expect(lambda?.JitterStrategy, name).toBe('FULL');
    });
    expect(tasks).toEqual(
      expect.arrayContaining(['MarkFailed', 'RequestReview', 'RequestSignoff', 'CheckEligibility']),
    );
  });

  it('reserves the configured concurrency for each step function, and none for the API functions', () => {
    for (const key of STEP_FUNCTION_KEYS) {
      const [[, fn] = ['', undefined]] = functionsTagged(service, key);
      expect(fn?.Properties.ReservedConcurrentExecutions, key).toBe(7);
    }
    for (const key of Object.keys(FUNCTIONS).filter(
      (name) => !(STEP_FUNCTION_KEYS as readonly string[]).includes(name),
    )) {
      const [[, fn] = ['', undefined]] = functionsTagged(service, key);
      expect(fn?.Properties.ReservedConcurrentExecutions, key).toBeUndefined();
    }
  });

  it('reserves ten per step by default and none when set to 0', () => {
    const base = {
      sesSenderAddress: 'a@b.example',
      sesConfigurationSetName: 'x',
      publicBaseUrl: 'https://x.example',
      alarmEmail: 'alarms@example.org',
    };
    expect(parseConfig(base).workflowReservedConcurrency).toBe(10);
    expect(parseConfig({ ...base, workflowReservedConcurrency: '0' }).workflowReservedConcurrency).toBe(0);
  });
});

describe('safe redeploys', () => {
  it('retains the state machine when it is deleted or replaced', () => {
    service.hasResource('AWS::StepFunctions::StateMachine', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
  });

  it('publishes a version for each revision of the definition and points the live alias at it', () => {
    const [machineId] = Object.keys(service.findResources('AWS::StepFunctions::StateMachine'));
    service.hasResourceProperties('AWS::StepFunctions::StateMachineVersion', {
      StateMachineArn: { Ref: machineId },
      StateMachineRevisionId: { 'Fn::GetAtt': [machineId, 'StateMachineRevisionId'] },
    });
    const [versionId] = Object.keys(service.findResources('AWS::StepFunctions::StateMachineVersion'));
    service.hasResourceProperties('AWS::StepFunctions::StateMachineAlias', {
      Name: 'live',
      RoutingConfiguration: [{ StateMachineVersionArn: { 'Fn::GetAtt': [versionId, 'Arn'] }, Weight: 100 }],
    });
  });

  it('starts executions through the live alias, with permission on the alias', () => {
    const [aliasId = ''] = Object.keys(service.findResources('AWS::StepFunctions::StateMachineAlias'));
    expect(variablesOf(functionProperties(service, 'submit-application')).STATE_MACHINE_ARN).toEqual({
      Ref: aliasId,
    });
    service.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Action: 'states:StartExecution', Effect: 'Allow', Resource: { Ref: aliasId } }),
        ]),
      },
    });
  });
});

describe('link-signing keys', () => {
  it('rotate on a schedule through the rotation function, every 30 days by default', () => {
    const [rotatorId] = functionsTagged(data, 'rotate-link-keys').map(([id]) => id);
    expect(rotatorId).toBeDefined();
    data.hasResourceProperties('AWS::SecretsManager::RotationSchedule', {
      RotationLambdaARN: { 'Fn::GetAtt': [rotatorId, 'Arn'] },
      RotationRules: { ScheduleExpression: 'rate(30 days)' },
      RotateImmediatelyOnUpdate: false,
    });
  });

  it('retire keys after the longest link lifetime, derived from the deadlines and the invitations', () => {
    const variables = variablesOf(functionProperties(data, 'rotate-link-keys'));
    // An invitation's link (30 days by default) outlives the sign-off's 14 days.
    expect(Number(variables.RETIRE_AFTER_SECONDS)).toBe(
      Math.max(SIGNOFF, DEFAULTS.invitationTtlSeconds) + 24 * 3600,
    );
    expect(
      linkKeyRetirementSeconds({
        consentTimeoutSeconds: 200,
        reviewTimeoutSeconds: 100,
        signoffTimeoutSeconds: 300,
        linkTtlSeconds: undefined,
      }),
    ).toBe(300 + 86_400);
    expect(
      linkKeyRetirementSeconds({
        consentTimeoutSeconds: 400,
        reviewTimeoutSeconds: 100,
        signoffTimeoutSeconds: 300,
        linkTtlSeconds: undefined,
      }),
    ).toBe(400 + 86_400);
    expect(
      linkKeyRetirementSeconds({
        consentTimeoutSeconds: 200,
        reviewTimeoutSeconds: 100,
        signoffTimeoutSeconds: 300,
        linkTtlSeconds: 50,
      }),
    ).toBe(50 + 86_400);
    expect(
      linkKeyRetirementSeconds({
        consentTimeoutSeconds: 200,
        reviewTimeoutSeconds: 100,
        signoffTimeoutSeconds: 300,
        linkTtlSeconds: 50,
        invitationTtlSeconds: 400,
      }),
    ).toBe(400 + 86_400);
  });

  it('may be read only by roles tagged as link signers and by the rotation function', () => {
    const role = functionProperties(data, 'rotate-link-keys').Role as { 'Fn::GetAtt': [string, string] };
    const rotatorRole = role['Fn::GetAtt'][0];
    data.hasResourceProperties('AWS::SecretsManager::ResourcePolicy', {
      ResourcePolicy: {
        // CDK adds a deny of DeleteSecret by the account root with the rotation schedule.
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Principal: { AWS: '*' },
            Action: 'secretsmanager:GetSecretValue',
            Resource: '*',
            Condition: {
              StringNotEquals: {
                [`aws:PrincipalTag/${LINK_KEYS_READER_TAG.key}`]: LINK_KEYS_READER_TAG.value,
              },
              ArnNotEquals: { 'aws:PrincipalArn': { 'Fn::GetAtt': [rotatorRole, 'Arn'] } },
            },
          }),
        ]),
      },
    });
  });

  it('tags exactly the roles of the functions that sign or verify links', () => {
    const roles = service.findResources('AWS::IAM::Role') as Record<string, Resource>;
    const tagged = Object.values(roles)
      .filter((role) =>
        ((role.Properties.Tags as Array<{ Key: string; Value: string }>) ?? []).some(
          (tag) => tag.Key === LINK_KEYS_READER_TAG.key && tag.Value === LINK_KEYS_READER_TAG.value,
        ),
      )
      .map(
        (role) =>
          (role.Properties.Tags as Array<{ Key: string; Value: string }>).find(
            (tag) => tag.Key === 'app:function',
          )?.Value,
      )
      .sort();
    const signers = Object.entries(FUNCTIONS)
      .filter(([, spec]) => 'linkKeys' in spec && spec.linkKeys)
      .map(([key]) => key)
      .sort();
    expect(tagged).toEqual(signers);
    expect(signers.length).toBeGreaterThanOrEqual(4);
  });
});

describe('the recusal loop', () => {
  it('goes back to RequestReview for a replacement, and the execution outlives its longest chain', () => {
    const [machine] = extractStateMachines(service.toJSON() as CfnTemplate);
    const states: Record<string, AslState> = {};
    forEachState(machine?.definition ?? { States: {} }, (name: string, state: AslState) => {
      states[name] = state;
    });
    expect(states.ReviewByReplacement?.Next).toBe('RequestReview');
    // A recusal is caught (SendTaskFailure): an answered review's path has no extra state.
    expect(states.RequestReview?.Catch).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ ErrorEquals: ['ExpertRecused'], Next: 'ReplaceExpert' }),
      ]),
    );
    expect(states.RequestReview?.End).toBe(true);
    expect(states.ReplaceExpert?.Next).toBe('ReplacementFound?');
    expect(states.RequestReview?.TimeoutSeconds).toBe(REVIEW);
    // Every wait of a human has its deadline.
    for (const [name, state] of Object.entries(states)) {
      if (String(state.Resource ?? '').includes('waitForTaskToken'))
        expect(state.TimeoutSeconds, name).toBeGreaterThan(0);
    }
    const replacements = DEFAULTS.maxReplacementsPerApplication;
    const timeout = machine?.definition.TimeoutSeconds ?? 0;
    expect(timeout).toBeGreaterThanOrEqual((1 + replacements) * REVIEW + SIGNOFF);
  });
});

describe('deadlines on re-entry', () => {
  it('route DeadlinePassed (a step re-entered after its recorded deadline) where States.Timeout goes', () => {
    const [machine] = extractStateMachines(service.toJSON() as CfnTemplate);
    const states: Record<string, AslState> = {};
    forEachState(machine?.definition ?? { States: {} }, (name: string, state: AslState) => {
      states[name] = state;
    });
    const deadlineCatch = (name: string) =>
      (
        (states[name]?.Catch ?? []) as Array<{ ErrorEquals: string[]; Next: string; ResultPath?: unknown }>
      ).find((rule) => rule.ErrorEquals.includes('States.Timeout'));
    expect(deadlineCatch('RequestReview')).toEqual({
      ErrorEquals: ['States.Timeout', 'DeadlinePassed'],
      Next: 'NoAnswerByDeadline',
      ResultPath: null,
    });
    expect(deadlineCatch('RequestSignoff')).toMatchObject({
      ErrorEquals: ['States.Timeout', 'DeadlinePassed'],
      Next: 'EscalateSignoff',
    });
    expect(deadlineCatch('EscalateSignoff')).toMatchObject({
      ErrorEquals: ['States.Timeout', 'DeadlinePassed'],
      Next: 'MarkSignoffExpired',
    });
    // Caught before the catch-all that records FAILED.
    for (const name of ['RequestReview', 'RequestSignoff', 'EscalateSignoff']) {
      const rules = ((states[name]?.Catch ?? []) as Array<{ ErrorEquals: string[] }>).map(
        (rule) => rule.ErrorEquals,
      );
      const deadline = rules.findIndex((errors) => errors.includes('DeadlinePassed'));
      const all = rules.findIndex((errors) => errors.includes('States.ALL'));
      expect(deadline, name).toBeGreaterThanOrEqual(0);
      if (all >= 0) expect(deadline, name).toBeLessThan(all);
    }
  });
});
