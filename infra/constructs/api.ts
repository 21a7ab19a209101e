import { Duration } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import type * as cognito from 'aws-cdk-lib/aws-cognito';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { Firewall, firewallResponseBodies } from '#infra/constructs/firewall';
import { acknowledge, acknowledgeControl, acknowledgeLogGroupEncryption } from '#infra/nag';
import { type FunctionKey, ROUTES, type RouteSpec } from '#shared/catalog';

/** A JSON Schema (draft-4, the dialect API Gateway models speak). */
export type JsonSchemaDraft4 = Record<string, unknown>;

export interface ProductApiProps {
  functionFor: (key: FunctionKey) => IFunction;
  userPool: cognito.IUserPool;
  /** Request body models by `METHOD /path`: API Gateway refuses a body that breaks its model before any Lambda runs. */
  requestModels?: Readonly<Record<string, JsonSchemaDraft4>>;
  throttling: { rateLimit: number; burstLimit: number };
  logRetention?: logs.RetentionDays;
  /** Shown on the firewall's block pages: whom to contact. */
  supportContact?: string | undefined;
  /** X-Ray tracing of the stage (the `tracing` setting). */
  tracing: boolean;
}

/**
 * Routes behind the Cognito authorizer: the applicants'. The operator routes are not: a browser on
 * the console sends a session cookie, not an Authorization header, and the public must get a 403,
 * not the authorizer's 401; their functions' operator gate (shared/http/operator.ts) verifies the
 * ID token or the sealed session and requires the `operators` group, before anything else runs.
 */
const SIGNED_IN: ReadonlySet<RouteSpec['auth']> = new Set(['applicant']);

/** The spec's error body, for the responses API Gateway writes itself (no Lambda involved). */
function gatewayError(code: string, message: string, details = '[]'): Record<string, string> {
  return {
    'application/json': `{"error":{"code":"${code}","message":${message},"details":${details}}}`,
  };
}

const GATEWAY_RESPONSES: Array<[apigateway.ResponseType, number, string, string, string?]> = [
  [
    apigateway.ResponseType.UNAUTHORIZED,
    401,
    'UNAUTHORIZED',
    '"sign in: send Authorization: Bearer <ID token>"',
  ],
  [apigateway.ResponseType.ACCESS_DENIED, 403, 'FORBIDDEN', '"$context.error.messageString"'],
  [
    apigateway.ResponseType.BAD_REQUEST_BODY,
    400,
    'VALIDATION_ERROR',
    '"the request body does not match the API contract (see /openapi.json)"',
    '[{"path":"$","message":"$util.escapeJavaScript($context.error.validationErrorString)"}]',
  ],
  [apigateway.ResponseType.REQUEST_TOO_LARGE, 413, 'PAYLOAD_TOO_LARGE', '"the request body is too large"'],
  [apigateway.ResponseType.THROTTLED, 429, 'TOO_MANY_REQUESTS', '"too many requests: retry with backoff"'],
  // The managed rule groups' blocks (our own firewall rules answer with their own bodies).
  [
    apigateway.ResponseType.WAF_FILTERED,
    403,
    'FORBIDDEN',
    '"request refused by the firewall: retrying will not help"',
  ],
  [apigateway.ResponseType.DEFAULT_4XX, 400, 'BAD_REQUEST', '"$context.error.messageString"'],
  [apigateway.ResponseType.DEFAULT_5XX, 500, 'INTERNAL', '"internal error; retry later"'],
];

/**
 * The REST API, built route by route from shared/catalog.ts (the table
 * the local runtime serves too). Applicant routes sit behind the Cognito
 * authorizer; the review and sign-off pages are public by design: their
 * signed links are the credential, checked by the page functions.
 */
export class ProductApi extends Construct {
  readonly api: apigateway.RestApi;
  readonly accessLogs: logs.LogGroup;
  readonly firewall: Firewall;

  constructor(scope: Construct, id: string, props: ProductApiProps) {
    super(scope, id);

    this.accessLogs = new logs.LogGroup(this, 'AccessLogs', {
      retention: props.logRetention ?? logs.RetentionDays.ONE_YEAR,
    });
    acknowledgeLogGroupEncryption(this.accessLogs);
    this.api = new apigateway.RestApi(this, 'Api', {
      description: 'Cluster membership applications: applicant API, expert and official pages',
      endpointTypes: [apigateway.EndpointType.REGIONAL],
      // The portal's create form uploads its member list as a file: its body reaches the function whole.
      binaryMediaTypes: ['multipart/form-data'],
      cloudWatchRole: true,
      deployOptions: {
        stageName: 'api',
        tracingEnabled: props.tracing,
        metricsEnabled: true,
        loggingLevel: apigateway.MethodLoggingLevel.ERROR,
        // Request and response bodies are never logged: they carry personal data and link signatures.
        dataTraceEnabled: false,
        throttlingRateLimit: props.throttling.rateLimit,
        throttlingBurstLimit: props.throttling.burstLimit,
        accessLogDestination: new apigateway.LogGroupLogDestination(this.accessLogs),
        accessLogFormat: apigateway.AccessLogFormat.jsonWithStandardFields({
          caller: false,
          httpMethod: true,
          ip: true,
          protocol: true,
          requestTime: true,
          resourcePath: true,
          responseLength: true,
          status: true,
          user: false,
        }),
      },
    });
    acknowledge(
      this.api,
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]',
      'The account-level role that lets API Gateway write CloudWatch logs uses the AWS managed policy ' +
        'AmazonAPIGatewayPushToCloudWatchLogs, which is what AWS documents for it.',
    );

    for (const [type, statusCode, code, message, details] of GATEWAY_RESPONSES) {
      this.api.addGatewayResponse(`${code}${statusCode}${type.responseType}`, {
        type,
        statusCode: String(statusCode),
        templates: {
          ...gatewayError(code, message, details),
          // A managed rule's block seen by a browser (a link page): the firewall's page. API Gateway
          // chooses among a response's templates by content negotiation (Accept); JSON stays the default.
          ...(type === apigateway.ResponseType.WAF_FILTERED
            ? { 'text/html': firewallResponseBodies(props.supportContact).blockedPage.content }
            : {}),
        },
        responseHeaders: { 'Cache-Control': "'no-store'", 'X-Content-Type-Options': "'nosniff'" },
      });
    }

    const authorizer = new apigateway.CognitoUserPoolsAuthorizer(this, 'Applicants', {
      cognitoUserPools: [props.userPool],
      identitySource: apigateway.IdentitySource.header('Authorization'),
      resultsCacheTtl: Duration.minutes(5),
    });
    const validator = this.api.addRequestValidator('BodyAndParameters', {
      validateRequestBody: true,
      validateRequestParameters: true,
    });

    const integrations = new Map<FunctionKey, apigateway.LambdaIntegration>();
    const integrationFor = (key: FunctionKey) => {
      let integration = integrations.get(key);
      if (!integration) {
        integration = new apigateway.LambdaIntegration(props.functionFor(key), {
          proxy: true,
          // No Lambda permission for the console's test-invoke-stage: only the deployed stage calls the functions.
          allowTestInvoke: false,
        });
        integrations.set(key, integration);
      }
      return integration;
    };

    for (const route of ROUTES) {
      const resource = this.api.root.resourceForPath(route.path);
      const schema = props.requestModels?.[`${route.method} ${route.path}`];
      const method = resource.addMethod(route.method, integrationFor(route.function), {
        ...this.access(route, authorizer),
        requestValidator: validator,
        ...(schema ? { requestModels: { 'application/json': this.model(route, schema) } } : {}),
      });
      if (!SIGNED_IN.has(route.auth)) this.acknowledgeOpenMethod(method, route);
      acknowledgeControl(
        method,
        'lambda_function_public_access_prohibited_check',
        'CT.LAMBDA.PR.2 false positive: the permission is for the apigateway.amazonaws.com principal with a ' +
          'SourceArn of this API, method and path, which the rule cannot read because it is an Fn::Join.',
      );
    }

    this.firewall = new Firewall(this, 'Firewall', {
      stageArn: this.api.deploymentStage.stageArn,
      rateLimitPerSecond: props.throttling.rateLimit,
      supportContact: props.supportContact,
    });
  }

  private access(route: RouteSpec, authorizer: apigateway.IAuthorizer): apigateway.MethodOptions {
    if (!SIGNED_IN.has(route.auth)) return { authorizationType: apigateway.AuthorizationType.NONE };
    return { authorizationType: apigateway.AuthorizationType.COGNITO, authorizer };
  }

  private model(route: RouteSpec, schema: JsonSchemaDraft4): apigateway.IModel {
    const name = `${route.method}${route.path}`
      .replace(/[^A-Za-z0-9]/g, ' ')
      .replace(/\b\w/g, (c) => c.toUpperCase());
    return this.api.addModel(name.replace(/ /g, ''), {
      contentType: 'application/json',
      schema: schema as apigateway.JsonSchema,
    });
  }

  private acknowledgeOpenMethod(method: apigateway.Method, route: RouteSpec): void {
    const reason =
      route.auth === 'portal'
        ? 'The applicant portal serves people in a browser, which send a session cookie, not an Authorization ' +
          'header: the portal function verifies its sealed session cookie (from the Cognito hosted UI sign-in) ' +
          'and the CSRF token of every form before it shows or does anything for an applicant.'
        : route.auth === 'operator'
          ? 'The operator console serves operators in a browser (a session cookie) and scripts (a bearer ID ' +
            "token): the function verifies the ID token with the user pool's keys (aws-jwt-verify) or its " +
            'sealed session cookie, and requires the operators group, before anything runs; the public gets 403.'
          : route.auth === 'console-sign-in'
            ? 'Signing in to the operator console: it redirects to the Cognito hosted UI and takes its callback ' +
              '(authorization code with PKCE); only a member of the operators group gets a session.'
            : route.auth === 'link'
              ? 'Experts and officials act from an emailed link and have no account: the HMAC-signed, expiring, ' +
                'single-use link is the credential, verified by the page function before anything is shown or done.'
              : 'The cluster list, the participant registry and the API contract are public by the spec.';
    acknowledge(method, 'AwsSolutions-APIG4', reason);
    acknowledge(method, 'AwsSolutions-COG4', reason);
  }
}
