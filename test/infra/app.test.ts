import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CfnGuardValidator } from '@cdklabs/cdk-validator-cfnguard';
import { Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
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
import { FUNCTIONS, type FunctionSpec, ROUTES } from '#shared/catalog';
import { DEFAULTS, MAX_RETURNS_PER_APPLICATION } from '#shared/config-defaults';
import { scaled } from '#test/support/timeouts';

const CONSENT_TIMEOUT = 555_000;
const REVIEW_TIMEOUT = 777_000;
const SIGNOFF_TIMEOUT = 999_000;
const ESCALATION_TIMEOUT = 444_000;
const AMENDMENT_TIMEOUT = 333_000;

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
      consentTimeoutSeconds: CONSENT_TIMEOUT,
      reviewTimeoutSeconds: REVIEW_TIMEOUT,
      signoffTimeoutSeconds: SIGNOFF_TIMEOUT,
      escalationTimeoutSeconds: ESCALATION_TIMEOUT,
      amendmentTimeoutSeconds: AMENDMENT_TIMEOUT,
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
}, scaled(120_000));

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

describe('AWS Control Tower proactive controls (cfn-guard)', () => {
  const guardReport = () =>
    validationReport.pluginReports.find(
      (report) => (report.pluginName ?? report.summary?.pluginName) === 'cdk-validator-cfnguard',
    );

  it('ran, and fail nothing that is not acknowledged with its reason', () => {
    const report = guardReport();
    expect(report?.conclusion).toBe('success');
    expect(report?.violations ?? []).toEqual([]);
    for (const suppressed of report?.suppressedViolations ?? []) {
      expect(suppressed.reason?.length ?? 0, suppressed.ruleName).toBeGreaterThan(40);
    }
  });

  it('are acknowledged only for the reviewed rules', () => {
    const acknowledged = new Set(guardReport()?.suppressedViolations?.map((v) => v.ruleName));
    expect([...acknowledged].sort()).toEqual([
      'cloudwatch_log_group_encrypted_check', // AWS-owned encryption; nothing secret is logged
      'lambda_function_public_access_prohibited_check', // CT.LAMBDA.PR.2 false positive on Fn::Join SourceArn
      'lambda_inside_vpc_check', // the functions reach only AWS endpoints
    ]);
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
    expect(timeouts).toEqual({
      RequestConsent: CONSENT_TIMEOUT,
      RequestReview: REVIEW_TIMEOUT,
      RequestSignoff: SIGNOFF_TIMEOUT,
      EscalateSignoff: ESCALATION_TIMEOUT,
      AwaitAmendment: AMENDMENT_TIMEOUT,
    });
  });

  it('lets no execution outlive every deadline: each round of consent, replacement reviews, sign-off and escalation, each amendment, plus a day', () => {
    const round =
      CONSENT_TIMEOUT +
      REVIEW_TIMEOUT * (1 + DEFAULTS.maxReplacementsPerApplication) +
      SIGNOFF_TIMEOUT +
      ESCALATION_TIMEOUT;
    expect(definition.TimeoutSeconds).toBe(
      (1 + MAX_RETURNS_PER_APPLICATION) * round + MAX_RETURNS_PER_APPLICATION * AMENDMENT_TIMEOUT + 86_400,
    );
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

  it("has an operators group on the applicants' user pool, which allows no self sign-up", () => {
    data.hasResourceProperties('AWS::Cognito::UserPoolGroup', {
      GroupName: 'operators',
      UserPoolId: { Ref: Match.stringLikeRegexp('UserPool') },
    });
    data.hasResourceProperties('AWS::Cognito::UserPool', {
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
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

describe('least privilege', () => {
  type Statement = { Effect: string; Action: string | string[]; Resource: unknown; Condition?: unknown };
  const actionsOf = (statement: Statement) => [statement.Action].flat();

  /** The statements of the role of one catalog function (its policies found through the function's Role). */
  function statementsOf(functionKey: string): Statement[] {
    const functions = service.findResources('AWS::Lambda::Function', {
      Properties: { Tags: Match.arrayWith([{ Key: 'app:function', Value: functionKey }]) },
    });
    const [fn] = Object.values(functions);
    const roleId = fn?.Properties.Role['Fn::GetAtt'][0];
    expect(roleId, functionKey).toBeDefined();
    return Object.values(service.findResources('AWS::IAM::Policy'))
      .filter((policy) => policy.Properties.Roles.some((role: { Ref: string }) => role.Ref === roleId))
      .flatMap((policy) => policy.Properties.PolicyDocument.Statement as Statement[]);
  }

  const tableWrites = [
    'dynamodb:PutItem',
    'dynamodb:UpdateItem',
    'dynamodb:DeleteItem',
    'dynamodb:BatchWriteItem',
  ];

  it('lets the public page functions write only application and link items', () => {
    for (const key of ['review-page', 'signoff-page']) {
      const writes = statementsOf(key).filter((statement) =>
        actionsOf(statement).some((action) => tableWrites.includes(action)),
      );
      expect(writes, key).toHaveLength(1);
      expect(writes[0]).toMatchObject({
        Effect: 'Allow',
        Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['APP#*', 'LINK#*'] } },
      });
      expect(actionsOf(writes[0] as Statement).sort()).toEqual(['dynamodb:PutItem', 'dynamodb:UpdateItem']);
    }
  });

  it('grants BatchWriteItem only to the functions that call it: the consent requests and the approved cluster', () => {
    const batchWriters = Object.keys(FUNCTIONS).filter((key) =>
      statementsOf(key).some((statement) => actionsOf(statement).includes('dynamodb:BatchWriteItem')),
    );
    expect(batchWriters.sort()).toEqual(['apply-decision', 'request-consent']);
  });

  it('grants no other function a write it does not declare', () => {
    for (const [key, spec] of Object.entries(FUNCTIONS) as Array<[string, FunctionSpec]>) {
      const writes = statementsOf(key).filter((statement) =>
        actionsOf(statement).some((action) => tableWrites.includes(action)),
      );
      if (!spec.table || spec.table === 'read') expect(writes, key).toEqual([]);
      else expect(writes.length, key).toBe(1);
    }
  });

  it('lets the directory function write only experts and officials, and the figures functions only read', () => {
    const writes = statementsOf('admin-directories').filter((statement) =>
      actionsOf(statement).some((action) => tableWrites.includes(action)),
    );
    expect(writes).toHaveLength(1);
    expect(writes[0]).toMatchObject({
      Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['EXPERT#*', 'OFFICIAL#*'] } },
    });
    for (const key of ['admin-figures', 'publish-figures']) {
      expect(
        statementsOf(key).filter((statement) =>
          actionsOf(statement).some((action) => tableWrites.includes(action)),
        ),
        key,
      ).toEqual([]);
    }
  });

  it('gives API Gateway no test-invoke-stage permission on the functions', () => {
    const permissions = Object.values(service.findResources('AWS::Lambda::Permission'));
    const apiPermissions = permissions.filter(
      (permission) => permission.Properties.Principal === 'apigateway.amazonaws.com',
    );
    expect(apiPermissions).toHaveLength(ROUTES.length);
    expect(JSON.stringify(apiPermissions)).not.toContain('test-invoke-stage');
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
  it('serves every route of the catalog, the applicant routes behind the Cognito authorizer', () => {
    for (const route of ROUTES) {
      service.hasResourceProperties('AWS::ApiGateway::Method', {
        HttpMethod: route.method,
        AuthorizationType: route.auth === 'applicant' ? 'COGNITO_USER_POOLS' : 'NONE',
      });
    }
    service.resourceCountIs('AWS::ApiGateway::Method', ROUTES.length);
  });

  it('serves every /admin method without the gateway authorizer, from a function whose operator gate verifies tokens', () => {
    const adminRoutes = ROUTES.filter((route) => route.path.startsWith('/admin'));
    expect(adminRoutes.length).toBeGreaterThan(0);
    const resources = service.findResources('AWS::ApiGateway::Resource');
    const methods = Object.values(service.findResources('AWS::ApiGateway::Method'));
    // The /admin resource and everything under it.
    const adminResourceIds = new Set<string>();
    const parentOf = (id: string) => resources[id]?.Properties.ParentId?.Ref as string | undefined;
    const pathPart = (id: string) => resources[id]?.Properties.PathPart as string | undefined;
    for (const id of Object.keys(resources)) {
      let at: string | undefined = id;
      while (at && resources[at]) {
        if (pathPart(at) === 'admin' && !parentOf(at)) adminResourceIds.add(id);
        at = parentOf(at);
      }
    }
    const adminMethods = methods.filter((method) => adminResourceIds.has(method.Properties.ResourceId?.Ref));
    expect(adminMethods).toHaveLength(adminRoutes.length);
    // The functions with the operator gate: verifying the pool's ID tokens (AWS), never the local stand-in.
    const gated = Object.entries(
      service.findResources('AWS::Lambda::Function', {
        Properties: { Environment: { Variables: Match.objectLike({ OPERATOR_SIGN_IN: 'cognito' }) } },
      }),
    );
    expect(
      gated
        .map(([, fn]) => fn.Properties.Tags.find((tag: { Key: string }) => tag.Key === 'app:function')?.Value)
        .sort(),
    ).toEqual(['admin-actions', 'admin-api', 'admin-console', 'admin-directories', 'admin-figures']);
    for (const [, fn] of gated) {
      const env = fn.Properties.Environment.Variables as Record<string, unknown>;
      for (const name of [
        'OPERATOR_AUTH_DOMAIN_URL',
        'OPERATOR_CLIENT_ID',
        'OPERATOR_USER_POOL_ID',
        'OPERATOR_TOKEN_CLIENT_IDS',
        'LINK_KEYS_SECRET_ID',
      ]) {
        expect(env[name], name).toBeDefined();
      }
    }
    for (const method of adminMethods) {
      expect(method.Properties.AuthorizationType).toBe('NONE');
      expect(method.Properties.AuthorizerId).toBeUndefined();
      const integration = JSON.stringify(method.Properties.Integration.Uri);
      expect(gated.some(([logicalId]) => integration.includes(logicalId))).toBe(true);
    }
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

describe('the programme figures', () => {
  it('are on a CloudWatch dashboard of the service stack, and published hourly by a scheduled function', () => {
    service.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
    const rules = Object.values(service.findResources('AWS::Events::Rule'));
    expect(rules.some((rule) => rule.Properties.ScheduleExpression === 'rate(1 hour)')).toBe(true);
  });
});

describe('alarms that reach a person', () => {
  const alarms = () => Object.values(service.findResources('AWS::CloudWatch::Alarm'));
  const alarmNamed = (pattern: RegExp) =>
    alarms().filter((alarm) => pattern.test(String(alarm.Properties.AlarmDescription)));

  it('go to a topic the configured address subscribes to', () => {
    service.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'alarms@example.org',
    });
    const topics = Object.keys(service.findResources('AWS::SNS::Topic'));
    for (const alarm of alarms()) {
      expect(alarm.Properties.AlarmActions).toEqual([{ Ref: expect.toBeOneOf(topics) }]);
    }
  });

  it('watch Lambda throttles of every function and DynamoDB throttles of the table and its index', () => {
    const throttles = service.findResources('AWS::CloudWatch::Alarm', {
      Properties: { MetricName: 'Throttles', Namespace: 'AWS/Lambda' },
    });
    expect(Object.keys(throttles)).toHaveLength(Object.keys(FUNCTIONS).length);
    const [table] = alarmNamed(/DynamoDB throttled/);
    const metrics = JSON.stringify(table?.Properties.Metrics);
    for (const name of ['ReadThrottleEvents', 'WriteThrottleEvents', 'GlobalSecondaryIndexName']) {
      expect(metrics).toContain(name);
    }
  });

  it('watch the API 4xx rate as a share of requests', () => {
    const [rate] = alarmNamed(/answered 4xx/);
    const expression = rate?.Properties.Metrics.find((m: { Expression?: string }) => m.Expression);
    expect(expression?.Expression).toMatch(/clientErrors \/ requests/);
    expect(rate?.Properties.Threshold).toBeLessThan(1);
  });

  it('watch firewall blocks, and any refusal on a link page', () => {
    service.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/WAFV2',
      MetricName: 'BlockedRequests',
      Dimensions: Match.arrayWith([{ Name: 'Rule', Value: 'ALL' }]),
    });
    service.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/WAFV2',
      MetricName: 'BlockedRequests',
      Dimensions: Match.arrayWith([{ Name: 'Rule', Value: 'RefuseOnLinkPages' }]),
      Threshold: 1,
    });
  });

  it("watch SES bounce and complaint rates from the configuration set's event destination", () => {
    service.hasResourceProperties('AWS::SES::ConfigurationSetEventDestination', {
      EventDestination: Match.objectLike({
        Enabled: true,
        MatchingEventTypes: Match.arrayWith(['send', 'bounce', 'complaint']),
        CloudWatchDestination: {
          DimensionConfigurations: [Match.objectLike({ DimensionName: 'ses:configuration-set' })],
        },
      }),
    });
    for (const pattern of [/bounced/, /reported as spam/]) {
      const [alarm] = alarmNamed(pattern);
      const metrics = JSON.stringify(alarm?.Properties.Metrics);
      expect(metrics).toContain('AWS/SES');
      expect(metrics).toMatch(/events, 0\) \/ sent/);
    }
  });

  it('watch the functions that email experts, officials, members and partners their links', () => {
    const [alarm] = alarmNamed(/may not have got their link/);
    const metrics = JSON.stringify(alarm?.Properties.Metrics);
    expect(metrics.match(/"MetricName":"Errors"/g)).toHaveLength(3);
    const functionIds = ['request-consent', 'request-review', 'request-signoff'].map((key) => {
      const fn = service.findResources('AWS::Lambda::Function', {
        Properties: { Tags: Match.arrayWith([{ Key: 'app:function', Value: key }]) },
      });
      return Object.keys(fn)[0] as string;
    });
    for (const id of functionIds) expect(metrics).toContain(id);
  });
});
