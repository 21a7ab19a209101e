import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Duration, Stack, Tags } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { BuildOptions } from 'esbuild';
import {
  acknowledgeControl,
  acknowledgeLogGroupEncryption,
  acknowledgeWildcardResources,
  NO_RESOURCE_LEVEL_PERMISSIONS,
} from '#infra/nag';
import {
  type FunctionKey,
  type FunctionSpec,
  functionLimits,
  handlerEntry,
  type OperationsFunctionKey,
} from '#shared/catalog';

/** The repository root, from this module's own location (never the working directory). */
export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Tag on every product function: the local runtime maps state machine tasks to handlers by it. */
export const FUNCTION_TAG = 'app:function';

/**
 * The newest Node.js runtime aws-cdk-lib knows (cdk-nag AwsSolutions-L1
 * asks for the latest of the family). The handlers need Node.js 22 or later.
 */
export const FUNCTION_RUNTIME = lambda.Runtime.NODEJS_24_X;

/**
 * Credential providers of the SDK's default chain that never load in Lambda:
 * the runtime always sets AWS_ACCESS_KEY_ID and its siblings, so the chain
 * stops at its first link (environment variables). The others are only
 * reached through dynamic `import()`, so leaving them out of the bundle
 * removes about 130 KB of code every cold start would otherwise parse
 * (measured by `npm run bench`).
 */
export const CREDENTIAL_PROVIDERS_UNUSED_IN_LAMBDA = [
  '@aws-sdk/credential-provider-http',
  '@aws-sdk/credential-provider-ini',
  '@aws-sdk/credential-provider-login',
  '@aws-sdk/credential-provider-process',
  '@aws-sdk/credential-provider-sso',
  '@aws-sdk/credential-provider-web-identity',
  '@aws-sdk/nested-clients',
  '@aws-sdk/token-providers',
  '@smithy/credential-provider-imds',
];

/**
 * ESM output because @middy/core is ESM-only. The banner gives the bundle a
 * `require` for the Node built-ins that bundled CommonJS modules still
 * `require()`. The AWS SDK is bundled, so the code runs with the SDK
 * versions of package-lock.json, the ones the tests and the local runtime
 * use, not whatever the Lambda runtime ships.
 */
export const BUNDLING = {
  minify: true,
  sourceMap: true,
  format: OutputFormat.ESM,
  target: 'node24',
  mainFields: ['module', 'main'],
  banner: "import { createRequire } from 'module'; const require = createRequire(import.meta.url);",
  bundleAwsSDK: true,
  externalModules: CREDENTIAL_PROVIDERS_UNUSED_IN_LAMBDA,
} satisfies NonNullable<ConstructorParameters<typeof NodejsFunction>[2]>['bundling'];

/** The module that traces the SDK clients, and what replaces it in a deployment with tracing off. */
export const TRACING_MODULE = {
  specifier: '#shared/adapters/tracing',
  off: join(REPO_ROOT, 'shared/adapters/tracing-off.ts'),
} as const;

/** esbuild aliases of a deployment: none with tracing on; with it off, the Tracer is left out. */
export function bundleAliases(tracing: boolean): Record<string, string> {
  return tracing ? {} : { [TRACING_MODULE.specifier]: TRACING_MODULE.off };
}

/**
 * The esbuild options CDK derives from BUNDLING, for bundling a handler
 * outside `cdk synth` exactly as it deploys (the benchmark, the bundle test).
 */
export function esbuildOptionsAsDeployed(entry: string, outfile: string, options = { tracing: true }) {
  return {
    alias: bundleAliases(options.tracing),
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: BUNDLING.target,
    minify: BUNDLING.minify,
    sourcemap: BUNDLING.sourceMap,
    mainFields: BUNDLING.mainFields,
    external: BUNDLING.externalModules,
    banner: { js: BUNDLING.banner },
  } satisfies BuildOptions;
}

/** Stack traces point into the TypeScript sources (the bundles carry source maps). */
export const FUNCTION_NODE_OPTIONS = '--enable-source-maps';

/**
 * Tag on the roles of the functions that sign or verify links: the link-key
 * secret's resource policy lets no other role read it (infra/constructs/data.ts).
 */
export const LINK_KEYS_READER_TAG = { key: 'app:link-keys', value: 'read' } as const;

export interface ProductFunctionProps {
  /** The catalog key: `functions/<key>/handler.ts`, exporting `handler`. */
  functionKey: FunctionKey | OperationsFunctionKey;
  spec: Pick<FunctionSpec, 'description' | 'linkKeys' | 'memoryMb' | 'timeoutSeconds'>;
  environment: Record<string, string>;
  /** X-Ray: active tracing and the SDK clients traced (the `tracing` setting). */
  tracing: boolean;
  logRetention?: logs.RetentionDays;
}

/**
 * One product Lambda function with the shared defaults: latest Node.js on
 * arm64, X-Ray tracing, JSON logs into an explicit log group kept a year, source maps, ESM bundle. Its role may write to its own log
 * group only (no AWSLambdaBasicExecutionRole, which allows any log group).
 *
 * When the stack is synthesized without bundling (`aws:cdk:bundling-stacks`
 * excludes it: tests, the local runtime, `cdk list`), esbuild does not run
 * and the code is a placeholder that refuses to run; the template is
 * otherwise the one that deploys.
 */
export class ProductFunction extends Construct {
  readonly function: NodejsFunction;
  readonly logGroup: logs.LogGroup;
  readonly functionKey: FunctionKey | OperationsFunctionKey;
  readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: ProductFunctionProps) {
    super(scope, id);
    this.functionKey = props.functionKey;

    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: props.logRetention ?? logs.RetentionDays.ONE_YEAR,
    });

    const role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `${props.functionKey}: writes its own logs and traces; grants come from shared/catalog.ts`,
    });
    this.role = role;
    this.logGroup.grantWrite(role);
    if (props.spec.linkKeys) Tags.of(role).add(LINK_KEYS_READER_TAG.key, LINK_KEYS_READER_TAG.value);

    const entry = join(REPO_ROOT, handlerEntry(props.functionKey));
    const source = Stack.of(this).bundlingRequired
      ? {
          entry,
          handler: 'handler',
          projectRoot: REPO_ROOT,
          depsLockFilePath: join(REPO_ROOT, 'package-lock.json'),
          bundling: {
            ...BUNDLING,
            esbuildArgs: Object.fromEntries(
              Object.entries(bundleAliases(props.tracing)).map(([from, to]) => [`--alias:${from}`, to]),
            ),
          },
        }
      : {
          code: lambda.Code.fromInline(
            `exports.handler = async () => { throw new Error(${JSON.stringify(
              `${handlerEntry(props.functionKey)} was synthesized without bundling: deploy with bundling on`,
            )}); };`,
          ),
          handler: 'index.handler',
        };

    this.function = new NodejsFunction(this, 'Function', {
      ...source,
      description: props.spec.description,
      runtime: FUNCTION_RUNTIME,
      architecture: lambda.Architecture.ARM_64,
      memorySize: functionLimits(props.spec).memoryMb,
      timeout: Duration.seconds(functionLimits(props.spec).timeoutSeconds),
      tracing: props.tracing ? lambda.Tracing.ACTIVE : lambda.Tracing.DISABLED,
      role,
      logGroup: this.logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      environment: { ...props.environment, NODE_OPTIONS: FUNCTION_NODE_OPTIONS },
    });

    acknowledgeLogGroupEncryption(this.logGroup);
    acknowledgeControl(
      this.function,
      'lambda_inside_vpc_check',
      'CT.LAMBDA.PR.3: the functions reach only AWS service endpoints (DynamoDB, Step Functions, SES, Secrets ' +
        'Manager) over TLS with IAM authentication, and no private network resource. A VPC would add NAT or ' +
        'interface endpoints and cold-start latency without narrowing what they can reach.',
    );
    Tags.of(this).add(FUNCTION_TAG, props.functionKey);
    if (props.tracing) {
      acknowledgeWildcardResources(this, ['*'], `Active tracing: ${NO_RESOURCE_LEVEL_PERMISSIONS}`);
    }
  }

  /**
   * Sets aside `executions` of the account's concurrency for this function
   * alone (and caps it there): other functions cannot starve it.
   */
  reserveConcurrency(executions: number): void {
    (this.function.node.defaultChild as lambda.CfnFunction).reservedConcurrentExecutions = executions;
  }
}
