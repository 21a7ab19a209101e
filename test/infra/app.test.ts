import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CfnGuardValidator } from '@cdklabs/cdk-validator-cfnguard';
import { Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROUTES } from '#functions/catalog';
import { buildApp, type ProductApp } from '#infra/build-app';
import {
  type AslDefinition,
  type AslState,
  extractStateMachines,
  forEachState,
  unsupportedLocally,
  validateAsl,
} from '#local/asl';
import type { CfnTemplate } from '#local/cfn';

const REVIEW_TIMEOUT = 777_000;
const SIGNOFF_TIMEOUT = 999_000;

let built: ProductApp;
let data: Template;
let service: Template;
let definition: AslDefinition;
let synthError: Error | undefined;
let validationReport: {
  pluginReports: Array<{
    conclusion: string;
    summary?: { pluginName?: string };
    pluginName?: string;
    violations?: unknown[];
    suppressedViolations?: Array<{ ruleName: string; reason?: string }>;
  }>;
};

beforeAll(() => {
  const outdir = mkdtempSync(join(tmpdir(), 'cdk-out-'));
  built = buildApp({
    bundling: false,
    outdir,
    context: {
      reviewTimeoutSeconds: REVIEW_TIMEOUT,
      signoffTimeoutSeconds: SIGNOFF_TIMEOUT,
      alarmEmail: 'alarms@example.org',
    },
  });
  // The AWS Control Tower proactive controls (cfn-guard), beside cdk-nag's AwsSolutions pack.
  Validations.of(built.app).addPlugins(new CfnGuardValidator());
  // Synthesis runs both, writes their report and throws on any unacknowledged finding.
  try {
    built.app.synth();
  } catch (error) {
    synthError = error as Error;
  }
  validationReport = JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8'));
  data = Template.fromStack(built.data);
  service = Template.fromStack(built.service);
  const [machine] = extractStateMachines(service.toJSON() as CfnTemplate);
  if (!machine) throw new Error('no state machine in the service stack');
  definition = machine.definition;
}, 120_000);

function callbackTasks(): Array<[string, AslState]> {
  const found: Array<[string, AslState]> = [];
  forEachState(definition, (name, state) => {
    if (state.Type === 'Task' && String(state.Resource).endsWith('.waitForTaskToken'))
      found.push([name, state]);
  });
  return found;
}

describe('cdk-nag AwsSolutions', () => {
  it('reports no finding that is not acknowledged in code', () => {
    expect(synthError?.message).toBeUndefined();
    const failures = validationReport.pluginReports.filter((report) => report.conclusion !== 'success');
    expect(failures).toEqual([]);
  });
});

describe('the application workflow', () => {
  it('is one Standard state machine in the JSONPath query language', () => {
    service.resourceCountIs('AWS::StepFunctions::StateMachine', 1);
    service.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      StateMachineType: 'STANDARD',
      TracingConfiguration: { Enabled: true },
      LoggingConfiguration: Match.objectLike({ IncludeExecutionData: false, Level: 'ALL' }),
    });
    expect(definition.QueryLanguage ?? 'JSONPath').toBe('JSONPath');
    expect(unsupportedLocally(definition)).toEqual([]);
    expect(validateAsl(definition)).toEqual([]);
  });

  it('gives every callback task the TimeoutSeconds of its configured deadline', () => {
    const timeouts = Object.fromEntries(callbackTasks().map(([name, state]) => [name, state.TimeoutSeconds]));
    expect(timeouts).toEqual({ RequestReview: REVIEW_TIMEOUT, RequestSignoff: SIGNOFF_TIMEOUT });
  });

  it('passes task tokens to the request steps and retries transient errors with backoff', () => {
    for (const [, state] of callbackTasks()) {
      expect((state.Parameters as Record<string, Record<string, unknown>>).Payload).toMatchObject({
        'taskToken.$': '$$.Task.Token',
      });
    }
    forEachState(definition, (name, state) => {
      if (state.Type !== 'Task' || String(state.Resource).endsWith('.waitForTaskToken')) return;
      const retry = (state.Retry as Array<{ ErrorEquals: string[]; BackoffRate?: number }> | undefined) ?? [];
      expect(
        retry.some((rule) => rule.ErrorEquals.includes('TransientError') && (rule.BackoffRate ?? 1) > 1),
        name,
      ).toBe(true);
    });
  });

  it('sends every failing step to MarkFailed, which records the cause', () => {
    const uncaught: string[] = [];
    forEachState(definition, (name, state) => {
      if (state.Type !== 'Task' || name === 'MarkFailed') return;
      const catches = (state.Catch as Array<{ ErrorEquals: string[]; Next: string }> | undefined) ?? [];
      const inMap = !definition.States[name];
      if (
        !inMap &&
        !catches.some((rule) => rule.ErrorEquals.includes('States.ALL') && rule.Next === 'MarkFailed')
      ) {
        uncaught.push(name);
      }
    });
    expect(uncaught).toEqual([]);
  });
});

describe('data', () => {
  it('keeps the table with point-in-time recovery, deletion protection and a retain policy', () => {
    data.hasResource('AWS::DynamoDB::GlobalTable', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({
        TimeToLiveSpecification: { AttributeName: 'ttl', Enabled: true },
        Replicas: [
          Match.objectLike({
            DeletionProtectionEnabled: true,
            PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
          }),
        ],
      }),
    });
  });

  it('keeps the link-signing keys in Secrets Manager', () => {
    data.hasResource('AWS::SecretsManager::Secret', { DeletionPolicy: 'Retain' });
  });
});

describe('permissions', () => {
  it('never grants every action on every resource', () => {
    const statements = Object.values({
      ...service.findResources('AWS::IAM::Policy'),
      ...data.findResources('AWS::IAM::Policy'),
    }).flatMap(
      (policy) => (policy.Properties.PolicyDocument.Statement as Array<Record<string, unknown>>) ?? [],
    );
    const asList = (value: unknown) => (Array.isArray(value) ? value : [value]);
    const wide = statements.filter((statement) =>
      asList(statement.Action).some((action) => action === '*' || action === '*:*'),
    );
    expect(statements.length).toBeGreaterThan(10);
    expect(wide).toEqual([]);
  });

  it('grants SendTask* only on the application workflow', () => {
    const policies = service.findResources('AWS::IAM::Policy');
    for (const policy of Object.values(policies)) {
      for (const statement of policy.Properties.PolicyDocument.Statement as Array<Record<string, unknown>>) {
        const actions = [statement.Action].flat() as string[];
        if (actions.some((action) => action.startsWith('states:SendTask'))) {
          expect(JSON.stringify(statement.Resource)).toContain('ApplicationWorkflow');
        }
      }
    }
  });
});

describe('functions', () => {
  it('run on Node.js 22 or newer, arm64, traced, with their own log group', () => {
    const functions = service.findResources('AWS::Lambda::Function', {
      Properties: { Tags: Match.arrayWith([Match.objectLike({ Key: 'app:function' })]) },
    });
    expect(Object.keys(functions).length).toBeGreaterThanOrEqual(15);
    for (const fn of Object.values(functions)) {
      expect(Number(/nodejs(\d+)/.exec(fn.Properties.Runtime)?.[1])).toBeGreaterThanOrEqual(22);
      expect(fn.Properties).toMatchObject({ Architectures: ['arm64'], TracingConfig: { Mode: 'Active' } });
      expect(fn.Properties.LoggingConfig.LogGroup).toBeDefined();
    }
  });
});

describe('the API', () => {
  it('serves every route of the catalog, applicant routes behind the Cognito authorizer', () => {
    for (const route of ROUTES) {
      service.hasResourceProperties('AWS::ApiGateway::Method', {
        HttpMethod: route.method,
        AuthorizationType: route.auth === 'applicant' ? 'COGNITO_USER_POOLS' : 'NONE',
      });
    }
    service.resourceCountIs('AWS::ApiGateway::Method', ROUTES.length);
  });

  it('validates submission bodies against the model generated from the zod schemas', () => {
    service.hasResourceProperties('AWS::ApiGateway::Model', {
      ContentType: 'application/json',
      Schema: Match.objectLike({
        $schema: 'http://json-schema.org/draft-04/schema#',
        oneOf: Match.anyValue(),
      }),
    });
    service.hasResourceProperties('AWS::ApiGateway::Method', {
      HttpMethod: 'POST',
      RequestModels: { 'application/json': Match.anyValue() },
      RequestValidatorId: Match.anyValue(),
    });
  });

  it('answers its own errors with the error body of the spec', () => {
    service.hasResourceProperties('AWS::ApiGateway::GatewayResponse', {
      ResponseType: 'UNAUTHORIZED',
      StatusCode: '401',
      ResponseTemplates: { 'application/json': Match.stringLikeRegexp('"error":\\{"code":"UNAUTHORIZED"') },
    });
    service.hasResourceProperties('AWS::ApiGateway::GatewayResponse', { ResponseType: 'DEFAULT_5XX' });
  });
});

describe('monitoring', () => {
  it('alarms on failed applications and on function errors', () => {
    service.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ExecutionsFailed',
      Namespace: 'AWS/States',
      AlarmActions: Match.anyValue(),
    });
    const errorAlarms = service.findResources('AWS::CloudWatch::Alarm', {
      Properties: { MetricName: 'Errors' },
    });
    expect(Object.keys(errorAlarms).length).toBeGreaterThanOrEqual(15);
  });
});
