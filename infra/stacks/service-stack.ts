import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import type * as cognito from 'aws-cdk-lib/aws-cognito';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import type { AppConfig } from '#infra/config';
import { type JsonSchemaDraft4, ProductApi } from '#infra/constructs/api';
import type { ConsoleSignInSettings, PortalSignInSettings } from '#infra/constructs/applicant-user-pool';
import { Email } from '#infra/constructs/email';
import { ProductFunctions } from '#infra/constructs/functions';
import { Monitoring } from '#infra/constructs/monitoring';
import { ProgrammeDashboard } from '#infra/constructs/programme-dashboard';
import { acknowledgeLogGroupEncryption } from '#infra/nag';
import { FUNCTIONS, type FunctionKey, type FunctionSpec, STEP_FUNCTION_KEYS } from '#shared/catalog';
import { ApplicationWorkflow } from '#workflows/application-workflow';

export interface ServiceStackProps extends StackProps {
  config: AppConfig;
  table: ITableV2;
  linkKeysSecret: ISecret;
  userPool: cognito.IUserPool;
  /** The applicant portal's hosted UI and app client (infra/constructs/applicant-user-pool.ts). */
  portalSignIn?: PortalSignInSettings | undefined;
  consoleSignIn?: ConsoleSignInSettings | undefined;
  requestModels?: Readonly<Record<string, JsonSchemaDraft4>>;
}

/** The name of the application workflow's state machine (fixed: see ProductFunctions). */
export const stateMachineNameFor = (config: AppConfig) => `${config.appName}-ApplicationWorkflow`;

/**
 * The stateless part: functions, the workflow, the API, email sending and
 * alarms. It can be destroyed and redeployed without losing an application.
 */
export class ServiceStack extends Stack {
  readonly workflow: ApplicationWorkflow;
  readonly api: ProductApi;
  readonly functions: ProductFunctions;

  constructor(scope: Construct, id: string, props: ServiceStackProps) {
    super(scope, id, props);
    const { config } = props;
    const stateMachineName = stateMachineNameFor(config);

    const email = new Email(this, 'Email', {
      senderAddress: config.sesSenderAddress,
      senderDomain: config.sesSenderDomain,
      configurationSetName: config.sesConfigurationSetName,
    });
    this.functions = new ProductFunctions(this, 'Functions', {
      table: props.table,
      linkKeysSecret: props.linkKeysSecret,
      email,
      stateMachineName,
      config,
      portalSignIn: props.portalSignIn,
      consoleSignIn: props.consoleSignIn,
    });
    this.workflow = new ApplicationWorkflow(this, 'ApplicationWorkflow', {
      functions: this.functions.stepFunctions(),
      consentTimeout: Duration.seconds(config.consentTimeoutSeconds),
      reviewTimeout: Duration.seconds(config.reviewTimeoutSeconds),
      signoffTimeout: Duration.seconds(config.signoffTimeoutSeconds),
      escalationTimeout: Duration.seconds(config.escalationTimeoutSeconds),
      amendmentTimeout: Duration.seconds(config.amendmentTimeoutSeconds),
      maxReplacementsPerApplication: config.maxReplacementsPerApplication,
      stateMachineName,
      tracing: config.tracing,
    });
    this.startThroughLiveAlias();
    if (config.workflowReservedConcurrency > 0) {
      for (const key of STEP_FUNCTION_KEYS) {
        this.functions.byKey[key].reserveConcurrency(config.workflowReservedConcurrency);
      }
    }
    // The workflow's log group (workflows/application-workflow.ts) is reviewed like every other.
    acknowledgeLogGroupEncryption(this.workflow.node.tryFindChild('Logs') ?? this.workflow);
    this.api = new ProductApi(this, 'Api', {
      functionFor: (key) => this.functions.function(key),
      userPool: props.userPool,
      requestModels: props.requestModels,
      throttling: { rateLimit: config.apiThrottlingRateLimit, burstLimit: config.apiThrottlingBurstLimit },
      supportContact: config.supportContact,
      tracing: config.tracing,
    });
    new Monitoring(this, 'Monitoring', {
      stateMachine: this.workflow.stateMachine,
      functions: Object.fromEntries(
        Object.entries(this.functions.byKey).map(([key, product]) => [key, product.function]),
      ),
      // The workflow steps that email experts and officials their signed links. (An API route that
      // emails a link, as an invitation does, answers its caller 5xx itself when that fails; a
      // delegation's email, sent by the sign-off page, is logged when it fails.)
      linkEmailFunctions: Object.entries(FUNCTIONS)
        .filter(
          ([key, spec]: [string, FunctionSpec]) =>
            spec.sendsEmail && spec.linkKeys && (STEP_FUNCTION_KEYS as readonly string[]).includes(key),
        )
        .map(([key]) => key),
      api: this.api.api,
      table: props.table,
      tableIndexes: ['GSI1'], // the data stack's one index (infra/constructs/data.ts)
      firewall: this.api.firewall,
      sesConfigurationSetName: email.configurationSetName,
      alarmEmail: config.alarmEmail,
    });

    new ProgrammeDashboard(this, 'ProgrammeFigures', { service: config.appName });

    new CfnOutput(this, 'ApiUrl', { value: this.api.api.url, description: 'Base URL of the API' });
    new CfnOutput(this, 'StateMachineArn', { value: this.workflow.stateMachine.stateMachineArn });
    new CfnOutput(this, 'StateMachineLiveAliasArn', { value: this.workflow.liveAlias.ref });
  }

  /**
   * Functions that start executions start them on the live alias, so a new
   * application runs the newest published version while those already
   * running keep the version they started on.
   */
  private startThroughLiveAlias(): void {
    const aliasArn = this.workflow.liveAlias.ref;
    for (const [key, spec] of Object.entries(FUNCTIONS) as Array<
      [FunctionKey, { workflow?: readonly string[] }]
    >) {
      if (!spec.workflow?.includes('start')) continue;
      const fn = this.functions.byKey[key].function;
      fn.addEnvironment('STATE_MACHINE_ARN', aliasArn);
      fn.addToRolePolicy(
        new iam.PolicyStatement({ actions: ['states:StartExecution'], resources: [aliasArn] }),
      );
    }
  }
}
