import { ArnFormat, Duration, Stack } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import type { AppConfig } from '#infra/config';
import type { ConsoleSignInSettings, PortalSignInSettings } from '#infra/constructs/applicant-user-pool';
import type { EmailSending } from '#infra/constructs/email';
import { ProductFunction } from '#infra/constructs/product-function';
import { acknowledgeWildcardResources } from '#infra/nag';
import {
  FUNCTIONS,
  type FunctionKey,
  type FunctionSpec,
  STEP_FUNCTION_KEYS,
  type StepFunctionKey,
} from '#shared/catalog';

/** What the functions are wired to: resources as ARNs or names, settings as context values. */
export interface FunctionWiring {
  tableName: string;
  linkKeysSecretArn: string;
  stateMachineArn: string;
  email: Pick<EmailSending, 'fromAddress' | 'configurationSetName'>;
  config: AppConfig;
  portalSignIn?: PortalSignInSettings | undefined;
  consoleSignIn?: ConsoleSignInSettings | undefined;
}

const isStepFunction = (key: FunctionKey): key is StepFunctionKey =>
  (STEP_FUNCTION_KEYS as readonly string[]).includes(key);

/**
 * The environment of one function: what its catalog entry says it needs and
 * nothing else (the variables shared/config.ts parses).
 * - every function: Powertools settings; TABLE_NAME when it uses the table;
 * - `workflow` and the workflow's own steps: STATE_MACHINE_ARN;
 * - `sendsEmail`: MAIL_FROM, SES_CONFIGURATION_SET, PUBLIC_BASE_URL;
 * - `linkKeys`: LINK_KEYS_SECRET_ID, PUBLIC_BASE_URL, LINK_TTL_SECONDS (when set),
 *   REMINDER_BEFORE_SECONDS;
 * - the workflow's steps and the link pages, which act on consent, review and
 *   sign-off deadlines, expert counts and the quorum: those settings;
 * - `invitationSettings`: INVITATION_TTL_SECONDS;
 * - `operatorSettings`: STUCK_AFTER_SECONDS and RECONCILE_GRACE_SECONDS (what the console calls stuck).
 * - `sendsEmail` or `linkKeys` (they render emails or pages): the DEPARTMENT_* settings that are set.
 */
export function functionEnvironment(
  key: FunctionKey,
  spec: FunctionSpec,
  wiring: FunctionWiring,
): Record<string, string> {
  const { config } = wiring;
  const env: Record<string, string> = {
    POWERTOOLS_SERVICE_NAME: config.appName,
    POWERTOOLS_LOG_LEVEL: config.logLevel,
  };
  if (spec.table) env.TABLE_NAME = wiring.tableName;
  if (spec.workflow || isStepFunction(key)) env.STATE_MACHINE_ARN = wiring.stateMachineArn;
  if (spec.sendsEmail) {
    env.MAIL_FROM = wiring.email.fromAddress;
    env.SES_CONFIGURATION_SET = wiring.email.configurationSetName;
    env.PUBLIC_BASE_URL = config.publicBaseUrl;
  }
  if (spec.linkKeys) {
    env.LINK_KEYS_SECRET_ID = wiring.linkKeysSecretArn;
    env.PUBLIC_BASE_URL = config.publicBaseUrl;
    if (config.linkTtlSeconds !== undefined) env.LINK_TTL_SECONDS = String(config.linkTtlSeconds);
    env.REMINDER_BEFORE_SECONDS = config.reminderBeforeSeconds;
  }
  // The reconciler: the only function that asks Step Functions whether a run is still going.
  if (spec.workflow?.includes('describe')) env.RECONCILE_GRACE_SECONDS = String(config.reconcileGraceSeconds);
  if (isStepFunction(key) || spec.linkKeys) {
    env.CONSENT_TIMEOUT_SECONDS = String(config.consentTimeoutSeconds);
    env.REVIEW_TIMEOUT_SECONDS = String(config.reviewTimeoutSeconds);
    env.SIGNOFF_TIMEOUT_SECONDS = String(config.signoffTimeoutSeconds);
    env.ESCALATION_TIMEOUT_SECONDS = String(config.escalationTimeoutSeconds);
    env.AMENDMENT_TIMEOUT_SECONDS = String(config.amendmentTimeoutSeconds);
    env.EXPERTS_PER_CREATE = String(config.expertsPerCreate);
    env.EXPERTS_PER_JOIN = String(config.expertsPerJoin);
    if (config.reviewQuorum !== undefined) env.REVIEW_QUORUM = String(config.reviewQuorum);
    env.MAX_REPLACEMENTS_PER_APPLICATION = String(config.maxReplacementsPerApplication);
  }
  if (spec.invitationSettings) env.INVITATION_TTL_SECONDS = String(config.invitationTtlSeconds);
  if (spec.portalSignIn) {
    if (!wiring.portalSignIn)
      throw new Error(`${key} signs applicants in: the user pool has no portal client`);
    env.PORTAL_SIGN_IN = 'cognito';
    env.PORTAL_AUTH_DOMAIN_URL = wiring.portalSignIn.domainUrl;
    env.PORTAL_CLIENT_ID = wiring.portalSignIn.clientId;
    env.PORTAL_USER_POOL_ID = wiring.portalSignIn.userPoolId;
  }

  if (spec.operatorGate) {
    if (!wiring.consoleSignIn)
      throw new Error(`${key} serves the operator console: the user pool has no console client`);
    env.OPERATOR_SIGN_IN = 'cognito';
    env.OPERATOR_AUTH_DOMAIN_URL = wiring.consoleSignIn.domainUrl;
    env.OPERATOR_CLIENT_ID = wiring.consoleSignIn.clientId;
    env.OPERATOR_USER_POOL_ID = wiring.consoleSignIn.userPoolId;
    env.OPERATOR_TOKEN_CLIENT_IDS = wiring.consoleSignIn.tokenClientIds.join(',');
  }
  if (spec.operatorSettings) {
    env.STUCK_AFTER_SECONDS = String(config.stuckAfterSeconds);
    env.RECONCILE_GRACE_SECONDS = String(config.reconcileGraceSeconds);
  }
  if (spec.sendsEmail || spec.linkKeys) Object.assign(env, departmentEnvironment(config));
  return env;
}

/** The department's name and contact as the functions read them (shared/department.ts); unset ones are left out. */
function departmentEnvironment(config: AppConfig): Record<string, string> {
  const settings = {
    DEPARTMENT_NAME_RU: config.departmentNameRu,
    DEPARTMENT_NAME_EN: config.departmentNameEn,
    DEPARTMENT_EMAIL: config.departmentEmail,
    DEPARTMENT_PHONE: config.departmentPhone,
    DEPARTMENT_HOURS_RU: config.departmentHoursRu,
    DEPARTMENT_HOURS_EN: config.departmentHoursEn,
  };
  return Object.fromEntries(
    Object.entries(settings).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
}

/** Item writes of a `readWrite` function; BatchWriteItem only for functions that declare `batchWrite`. */
export const TABLE_WRITE_ACTIONS = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'];

/**
 * The table grant a catalog entry declares. Reads go through the table's own
 * grant (its indexes and, were it encrypted with a customer key, the key);
 * writes are listed here rather than taken from `grantReadWriteData`, which
 * would add BatchWriteItem to every writer. A `writeKeyPrefixes` entry may
 * put and update only items whose partition key starts with one of them:
 * IAM checks every key of every request (TransactWriteItems included, which
 * IAM authorizes as its Put/Update/ConditionCheck parts).
 */
export function grantTableAccess(table: ITableV2, fn: IFunction, spec: FunctionSpec): void {
  const access = spec.table;
  if (!access) return;
  table.grantReadData(fn);
  if (access === 'read') return;
  const batch = spec.batchWrite ? ['dynamodb:BatchWriteItem'] : [];
  if (access === 'readWrite') {
    fn.addToRolePolicy(
      new iam.PolicyStatement({ actions: [...TABLE_WRITE_ACTIONS, ...batch], resources: [table.tableArn] }),
    );
    return;
  }
  fn.addToRolePolicy(
    new iam.PolicyStatement({
      actions: ['dynamodb:PutItem', 'dynamodb:UpdateItem', ...batch],
      resources: [table.tableArn],
      conditions: {
        'ForAllValues:StringLike': {
          'dynamodb:LeadingKeys': access.writeKeyPrefixes.map((prefix) => `${prefix}*`),
        },
      },
    }),
  );
}

export interface ProductFunctionsProps {
  table: ITableV2;
  linkKeysSecret: ISecret;
  email: EmailSending;
  /**
   * The workflow's fixed name. Its ARN is built from it, not read from the
   * state machine, because the state machine invokes some of these
   * functions: a reference both ways would be a dependency cycle.
   */
  stateMachineName: string;
  config: AppConfig;
  portalSignIn?: PortalSignInSettings | undefined;
  consoleSignIn?: ConsoleSignInSettings | undefined;
}

const constructId = (key: string) =>
  key.replace(/(^|-)([a-z])/g, (_match, _dash: string, letter: string) => letter.toUpperCase());

/**
 * Every function of shared/catalog.ts, with the environment and the
 * least-privilege grants its catalog entry declares.
 */
export class ProductFunctions extends Construct {
  readonly byKey: Readonly<Record<FunctionKey, ProductFunction>>;
  readonly stateMachineArn: string;

  constructor(scope: Construct, id: string, props: ProductFunctionsProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.stateMachineArn = stack.formatArn({
      service: 'states',
      resource: 'stateMachine',
      resourceName: props.stateMachineName,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
    const executionsArn = stack.formatArn({
      service: 'states',
      resource: 'execution',
      resourceName: `${props.stateMachineName}:*`,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
    const wiring: FunctionWiring = {
      tableName: props.table.tableName,
      linkKeysSecretArn: props.linkKeysSecret.secretArn,
      stateMachineArn: this.stateMachineArn,
      email: props.email,
      config: props.config,
      portalSignIn: props.portalSignIn,
      consoleSignIn: props.consoleSignIn,
    };

    const entries = Object.entries(FUNCTIONS) as Array<[FunctionKey, FunctionSpec]>;
    this.byKey = Object.fromEntries(
      entries.map(([key, spec]) => {
        const product = new ProductFunction(this, constructId(key), {
          functionKey: key,
          spec,
          environment: functionEnvironment(key, spec, wiring),
          tracing: props.config.tracing,
        });
        const fn = product.function;

        if (spec.table) {
          grantTableAccess(props.table, fn, spec);
          // Queries by GSI1 need the index ARN, which the grant covers as `<table>/index/*`.
          acknowledgeWildcardResources(
            product,
            [`${props.table.tableArn}/index/*`],
            'The table grant covers its own indexes (`<table>/index/*`, only GSI1 exists): queries by GSI1 need it.',
          );
        }

        for (const action of spec.workflow ?? []) {
          if (action === 'start') {
            fn.addToRolePolicy(
              new iam.PolicyStatement({
                actions: ['states:StartExecution'],
                resources: [this.stateMachineArn],
              }),
            );
          } else if (action === 'stop' || action === 'describe') {
            const permission = action === 'stop' ? 'states:StopExecution' : 'states:DescribeExecution';
            fn.addToRolePolicy(
              new iam.PolicyStatement({ actions: [permission], resources: [executionsArn] }),
            );
            acknowledgeWildcardResources(
              product,
              [executionsArn],
              `${permission} acts on an execution ARN; executions are named by application id at run time, ` +
                'so the grant covers the executions of this one state machine (`execution:<name>:*`).',
            );
          } else {
            // Task tokens stay server-side (DynamoDB); only this state machine's tasks can be completed.
            fn.addToRolePolicy(
              new iam.PolicyStatement({
                actions: ['states:SendTaskSuccess', 'states:SendTaskFailure', 'states:SendTaskHeartbeat'],
                resources: [this.stateMachineArn],
              }),
            );
          }
        }
        if (spec.sendsEmail) {
          fn.addToRolePolicy(
            new iam.PolicyStatement({
              actions: ['ses:SendEmail'],
              resources: [props.email.identityArn, props.email.configurationSetArn],
            }),
          );
        }
        if (spec.linkKeys) props.linkKeysSecret.grantRead(fn);
        const schedule = (spec as FunctionSpec).schedule;
        if (schedule) {
          new events.Rule(product, 'Schedule', {
            description: `Runs ${key} every ${schedule.everyMinutes} minutes`,
            schedule: events.Schedule.rate(Duration.minutes(schedule.everyMinutes)),
            // A missed run is made up by the next one: every run handles all that is due.
            targets: [new targets.LambdaFunction(fn, { retryAttempts: 0 })],
          });
        }
        return [key, product];
      }),
    ) as Record<FunctionKey, ProductFunction>;
  }

  function(key: FunctionKey): IFunction {
    return this.byKey[key].function;
  }

  /** The functions the state machine's tasks invoke. */
  stepFunctions(): Record<StepFunctionKey, IFunction> {
    return Object.fromEntries(STEP_FUNCTION_KEYS.map((key) => [key, this.function(key)])) as Record<
      StepFunctionKey,
      IFunction
    >;
  }
}
