import { App, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { type AppConfig, configFromContext } from '#infra/config';
import type { JsonSchemaDraft4 } from '#infra/constructs/api';
import { DataStack } from '#infra/stacks/data-stack';
import { ServiceStack, stateMachineNameFor } from '#infra/stacks/service-stack';
import cdkJson from '../cdk.json' with { type: 'json' };
import apiGatewayModels from '../docs/api-gateway-models.json' with { type: 'json' };

export interface BuildAppOptions {
  /** Context on top of cdk.json's (what `-c key=value` does on the command line). */
  context?: Record<string, unknown>;
  /** False skips esbuild: the template is the deployed one but the code is a placeholder (tests, local runtime). */
  bundling?: boolean;
  /** Run cdk-nag's AwsSolutions checks on synth (default true). */
  nag?: boolean;
  /**
   * aws-cdk-lib's built-in CloudFormation validation (default true). It is most of a synth's
   * time and does not change the templates: the local runtime skips it, `cdk synth` and the
   * infra tests keep it.
   */
  validate?: boolean;
  /** Request body models for API Gateway; by default docs/api-gateway-models.json, generated from the zod schemas. */
  requestModels?: Readonly<Record<string, JsonSchemaDraft4>>;
  outdir?: string;
}

export interface ProductApp {
  app: App;
  config: AppConfig;
  data: DataStack;
  service: ServiceStack;
}

/**
 * The whole CDK app, for `cdk synth`/`deploy` (infra/app.ts), the infra
 * tests and the local runtime alike. An explicit account-less environment
 * keeps synth offline; the region is the one being deployed to.
 */
export function buildApp(options: BuildAppOptions = {}): ProductApp {
  const app = new App({
    context: {
      ...cdkJson.context,
      ...options.context,
      ...(options.bundling === false ? { 'aws:cdk:bundling-stacks': [] } : {}),
    },
    ...(options.outdir ? { outdir: options.outdir } : {}),
    ...(options.validate === false ? { builtinCloudFormationValidation: false } : {}),
  });
  const config = configFromContext(app.node);
  const env = { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION };
  const data = new DataStack(app, `${config.appName}-Data`, {
    env,
    description: 'Cluster membership: state (retained) and the rotation of the link keys',
    config,
  });
  const service = new ServiceStack(app, `${config.appName}-Service`, {
    env,
    description: 'Cluster membership: workflow, functions, API, email, alarms',
    config,
    table: data.data.table,
    linkKeysSecret: data.data.linkKeysSecret,
    userPool: data.applicants.userPool,
    portalSignIn: data.applicants.portalSignIn,
    consoleSignIn: data.applicants.consoleSignIn,
    requestModels: options.requestModels ?? (apiGatewayModels as Record<string, JsonSchemaDraft4>),
  });
  if (options.nag !== false) Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, config, data, service };
}

export interface SynthesizedTemplates {
  data: Record<string, unknown>;
  service: Record<string, unknown>;
  stateMachineName: string;
}

/** The two CloudFormation templates, synthesized in process (the local runtime reads tables and ASL from them). */
export function synthTemplates(options: Omit<BuildAppOptions, 'outdir'> = {}): SynthesizedTemplates {
  const built = buildApp({
    nag: false,
    ...options,
    // Synthesized only to read the tables and the state machine, never deployed: no alarm subscription.
    context: {
      alarmEmailOptOutReason: 'synthesized for the local runtime, never deployed',
      ...options.context,
    },
  });
  return {
    data: Template.fromStack(built.data).toJSON(),
    service: Template.fromStack(built.service).toJSON(),
    stateMachineName: stateMachineNameFor(built.config),
  };
}
