import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { apiGateway } from '#local/api-gateway';
import { extractStateMachines, lambdaFunctionKeys } from '#local/asl';
import { localLogin, localTokens, signInKey } from '#local/auth';
import { ensureLocalAwsCredentials, writeLocalAwsConfig } from '#local/aws-credentials';
import { awsEndpoints } from '#local/aws-endpoints';
import { localAwsEnvironment } from '#local/aws-environment';
import type { CfnTemplate } from '#local/cfn';
import {
  createTablesFromTemplate,
  type DynamoDbLocalHandle,
  findFreePort,
  localDynamoDbClient,
} from '#local/dynamodb-local';
import { answerClientError, edgeErrorResponse, MAX_HEADER_BYTES } from '#local/edge-errors';
import { checkHealth, runtimeHealthChecks } from '#local/health';
import { writeJsonFile } from '#local/json-file';
import { invokeFunction } from '#local/lambda-runner';
import {
  copyDatabase,
  firstTableName,
  hasDatabase,
  launchDynamoDb,
  scratchRoot,
} from '#local/local-database';
import { Outbox } from '#local/outbox';
import { makePrivate } from '#local/private-files';
import { BodyTooLargeError, readLimitedBody, refuseBody } from '#local/request-body';
import { type LocalSchedule, scheduledFunctions, startSchedules } from '#local/scheduler';
import { ensureLinkKeyFile, LOCAL_LINK_KEYS_SECRET_ID, secretsHandler } from '#local/secrets';
import { createSfnProtocolHandler } from '#local/sfn-endpoint';
import {
  FileExecutionStore,
  LOCAL_STATE_MACHINE_ARN_PREFIX,
  LocalStepFunctions,
  type LocalStepFunctionsOptions,
  type TaskInvoker,
} from '#local/state-machine-host';
import { cachedTemplates } from '#local/synth-cache';
import { DEFAULTS } from '#shared/config-defaults';
import { parseReminderOffsets } from '#shared/domain/reminders';
import { MAX_BODY_BYTES as API_MAX_BODY_BYTES } from '#shared/http/request-limits';

export interface LocalRuntimeOptions {
  port: number;
  host?: string;
  /** Where DynamoDB data, executions, the outbox and the link key live between restarts. */
  dataDir: string;
  consentTimeoutSeconds?: number | undefined;
  reviewTimeoutSeconds?: number | undefined;
  signoffTimeoutSeconds?: number | undefined;
  escalationTimeoutSeconds?: number | undefined;
  amendmentTimeoutSeconds?: number | undefined;
  linkTtlSeconds?: number | undefined;
  /** REMINDER_BEFORE_SECONDS: seconds before a deadline to remind, comma-separated. */
  reminderBeforeSeconds?: string | undefined;
  /** How often the scheduled functions (the reminders) run locally; default 5 s. */
  scheduleIntervalSeconds?: number | undefined;
  /** How long invitations stay open (only the functions read it: the state machine does not change). */
  invitationTtlSeconds?: number | undefined;
  /** Use a DynamoDB (Local) that is already running instead of starting one (tests). */
  dynamodbEndpoint?: string | undefined;
  /** Wraps how tasks run the product's handlers (tests inject failures here). */
  wrapInvoke?: (invoke: TaskInvoker) => TaskInvoker;
  /** Passed to the engine (tests shorten Retry intervals by state name). */
  engineOverrides?: LocalStepFunctionsOptions['overrides'];
  log?: (line: string) => void;
}

export interface LocalRuntime {
  url: string;
  dataDir: string;
  stateMachineArn: string;
  stepFunctions: LocalStepFunctions;
  outbox: Outbox;
  /** The scheduled functions (EventBridge rules in AWS): `runNow()` runs them at once. */
  schedules: LocalSchedule;
  stop(): Promise<void>;
}

/** How often the scheduled functions run locally: a reminder is sent at most this late. */
const DEFAULT_SCHEDULE_INTERVAL_SECONDS = 5;

/** The API's body limit (shared/http/api.ts), applied before a body is read. */
const MAX_BODY_BYTES = API_MAX_BODY_BYTES;

function sendJson(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

/** The address to reach a listener bound to `host` (a wildcard is reached on loopback). */
function reachableHost(host: string): string {
  if (host === '0.0.0.0' || host === '::' || host === '') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}

async function listen(server: Server, port: number, host: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'EADDRINUSE'
          ? new Error(
              `port ${port} is already in use: stop what runs there, or start with PORT=<another port>`,
            )
          : error,
      );
    });
    server.listen(port, host, () => resolve());
  });
}

/**
 * The whole product on one machine: DynamoDB Local, the synthesized state
 * machine in the local ASL engine, the product's handlers behind an API
 * Gateway stand-in, and local stand-ins for SES (outbox) and Secrets
 * Manager, all reached through the AWS SDK's standard endpoint variables.
 */
export async function startLocalRuntime(options: LocalRuntimeOptions): Promise<LocalRuntime> {
  const log = options.log ?? (() => {});
  // Every listener binds to loopback unless told otherwise (HOST); the runtime reaches itself there.
  const host = options.host ?? '127.0.0.1';
  const url = `http://${reachableHost(host)}:${options.port}`;

  // Bind first: a taken port should fail before anything else starts. Until the
  // system is ready every request gets a 503 (health checks poll for the 200).
  const server = createServer({ maxHeaderSize: MAX_HEADER_BYTES });
  // Malformed requests and oversized headers get the JSON error body, not Node's bare answer.
  server.on('clientError', answerClientError);
  let handle = (_req: IncomingMessage, res: ServerResponse) =>
    sendJson(res, 503, {
      error: { code: 'STARTING', message: 'the local runtime is starting', details: [] },
    });
  server.on('request', (req: IncomingMessage, res: ServerResponse) => handle(req, res));
  // Requests are served before interrupted executions resume (their steps call this server's
  // Step Functions endpoint); health answers 200 only once they have.
  let ready = false;
  await listen(server, options.port, host);
  await makePrivate(options.dataDir);

  let dynamo: DynamoDbLocalHandle | undefined;
  let launched: { port: number; scratch?: string; ready: Promise<DynamoDbLocalHandle> } | undefined;
  let stepFunctions: LocalStepFunctions | undefined;
  let schedules: LocalSchedule | undefined;
  const stop = async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
    await schedules?.stop();
    await stepFunctions?.shutdown();
    await dynamo?.stop();
  };

  try {
    // DynamoDB Local (Java, about 3 s to answer) starts first and boots while this process
    // reads or synthesizes the templates and imports the product's modules.
    const dbPath = join(options.dataDir, 'dynamodb');
    let dynamodbEndpoint = options.dynamodbEndpoint;
    if (!dynamodbEndpoint) {
      const port = await findFreePort();
      // A new data folder is loaded in a scratch database in memory and then copied in: on
      // disk DynamoDB Local syncs every item written, and 7,000 organizations take minutes.
      const scratch = (await hasDatabase(dbPath)) ? undefined : await mkdtemp(join(scratchRoot(), 'seed-'));
      log(scratch ? 'starting DynamoDB Local (new data folder)' : 'starting DynamoDB Local');
      launched = {
        port,
        ...(scratch ? { scratch } : {}),
        ...(await launchDynamoDb(port, scratch ?? dbPath)),
      };
      dynamodbEndpoint = `http://127.0.0.1:${port}`;
    }

    // The functions' PUBLIC_BASE_URL in the template is not what runs locally (the local
    // environment sets it), so the synth uses a fixed one: the cache serves every port.
    const context = {
      publicBaseUrl: 'http://127.0.0.1',
      ...(options.consentTimeoutSeconds ? { consentTimeoutSeconds: options.consentTimeoutSeconds } : {}),
      ...(options.reviewTimeoutSeconds ? { reviewTimeoutSeconds: options.reviewTimeoutSeconds } : {}),
      ...(options.signoffTimeoutSeconds ? { signoffTimeoutSeconds: options.signoffTimeoutSeconds } : {}),
      ...(options.escalationTimeoutSeconds
        ? { escalationTimeoutSeconds: options.escalationTimeoutSeconds }
        : {}),
      ...(options.amendmentTimeoutSeconds
        ? { amendmentTimeoutSeconds: options.amendmentTimeoutSeconds }
        : {}),
      ...(options.linkTtlSeconds ? { linkTtlSeconds: options.linkTtlSeconds } : {}),
    };
    const { templates, hit } = await cachedTemplates({ context, log });
    log(hit ? 'templates from the synth cache' : 'synthesized the CDK app');
    const dataTables = templates.data as unknown as CfnTemplate;
    const tableName = firstTableName(dataTables);
    if (!tableName) throw new Error('the data stack has no table');

    const [machine] = extractStateMachines(templates.service as never);
    if (!machine) throw new Error('the service stack has no state machine');
    const stateMachineArn = `${LOCAL_STATE_MACHINE_ARN_PREFIX}${templates.stateMachineName}`;

    const linkKeyFile = join(options.dataDir, 'link-keys.json');
    await ensureLinkKeyFile(linkKeyFile);
    const awsCredentials = await ensureLocalAwsCredentials(options.dataDir);
    await writeLocalAwsConfig(options.dataDir, { runtimeUrl: url, dynamodbEndpoint });
    Object.assign(
      process.env,
      localAwsEnvironment({
        runtimeUrl: url,
        credentials: awsCredentials,
        dynamodbEndpoint,
        tableName,
        stateMachineArn,
        linkKeysSecretId: LOCAL_LINK_KEYS_SECRET_ID,
        consentTimeoutSeconds: options.consentTimeoutSeconds,
        reviewTimeoutSeconds: options.reviewTimeoutSeconds,
        signoffTimeoutSeconds: options.signoffTimeoutSeconds,
        escalationTimeoutSeconds: options.escalationTimeoutSeconds,
        amendmentTimeoutSeconds: options.amendmentTimeoutSeconds,
        linkTtlSeconds: options.linkTtlSeconds,
        reminderBeforeSeconds: options.reminderBeforeSeconds,
        invitationTtlSeconds: options.invitationTtlSeconds,
      }),
    );

    // Product modules are imported only now: their AWS clients read the endpoints above.
    const { registryStore, applicationStore } = await import('#functions/composition/stores');
    const { seedSampleData } = await import('#local/seed');
    const { stageForStatus } = await import('#shared/domain/application');

    if (launched) dynamo = await launched.ready;
    const addedIndexes: string[] = [];
    await createTablesFromTemplate(dataTables, localDynamoDbClient(dynamodbEndpoint), (_table, index) =>
      addedIndexes.push(index),
    );
    if (addedIndexes.includes('GSI2')) {
      const { indexOpenApplications } = await import('#shared/adapters/application-store');
      const { documentClient } = await import('#shared/adapters/dynamodb');
      const indexed = await indexOpenApplications(documentClient, tableName);
      log(
        `added the open-applications index to an older data folder: ${indexed} open application(s) indexed`,
      );
    }
    await seedSampleData(registryStore(), log);
    if (launched?.scratch) {
      // Same port again, so the product's clients created above keep their endpoint.
      await dynamo?.stop();
      await copyDatabase(launched.scratch, dbPath);
      dynamo = await (await launchDynamoDb(launched.port, dbPath)).ready;
      log('sample data copied into the data folder');
    }

    stepFunctions = new LocalStepFunctions({
      stateMachineArn,
      definition: machine.definition,
      functionKeys: lambdaFunctionKeys(templates.service as never),
      invoke: options.wrapInvoke ? options.wrapInvoke(invokeFunction) : invokeFunction,
      store: new FileExecutionStore(join(options.dataDir, 'executions.json')),
      overrides: options.engineOverrides,
      log,
    });
    const outbox = await Outbox.open(join(options.dataDir, 'outbox.jsonl'));
    const tokens = localTokens(await signInKey(join(options.dataDir, 'sign-in-key.json')));
    const handleSfn = createSfnProtocolHandler(stepFunctions);
    const handleSecrets = secretsHandler(
      new Map([[LOCAL_LINK_KEYS_SECRET_ID, () => ensureLinkKeyFile(linkKeyFile)]]),
    );
    const handleApi = apiGateway({
      invoke: invokeFunction,
      authorize: tokens.authorize,
      log,
    });
    const handleAws = awsEndpoints(awsCredentials, [
      handleSfn,
      (req, res, body) => handleSecrets(req, res, body.toString('utf8')),
      (req, res, body) => outbox.handle(req, res, body.toString('utf8')),
    ]);
    const healthDb = localDynamoDbClient(dynamodbEndpoint, { timeoutMs: 1_500 });
    const healthChecks = runtimeHealthChecks({
      describeTable: () => healthDb.send(new DescribeTableCommand({ TableName: tableName })),
      listExecutions: () =>
        stepFunctions ? stepFunctions.listExecutions({ maxResults: 1 }) : Promise.resolve(),
      outboxFile: join(options.dataDir, 'outbox.jsonl'),
      linkKeyFile,
    });

    const runtimeDeadlines = {
      reviewTimeoutSeconds: options.reviewTimeoutSeconds ?? DEFAULTS.reviewTimeoutSeconds,
      reminderBeforeSeconds: parseReminderOffsets(
        options.reminderBeforeSeconds ?? DEFAULTS.reminderBeforeSeconds,
      ),
      linkTtlSeconds: options.linkTtlSeconds ?? null,
    };
    const localRoutes = async (req: IncomingMessage, res: ServerResponse, body: string): Promise<boolean> => {
      const path = (req.url ?? '/').split('?')[0];
      if (req.method === 'GET' && path === '/_local/health') {
        if (!ready) sendJson(res, 503, { status: 'starting' });
        else {
          const report = await checkHealth(healthChecks);
          // The deadlines it runs with: `npm run demo` waits for a reminder only when one is due soon.
          sendJson(res, report.status === 'ok' ? 200 : 503, { ...report, deadlines: runtimeDeadlines });
        }
      } else if (req.method === 'POST' && path === '/_local/login') {
        const reply = await localLogin(body, req.headers['content-type'], {
          getOrganization: (inn) => registryStore().getOrganization(inn),
          issue: tokens.issue,
          issueOperator: tokens.issueOperator,
        });
        sendJson(res, reply.status, reply.body);
      } else {
        return false;
      }
      return true;
    };

    handle = (req: IncomingMessage, res: ServerResponse) => {
      void (async () => {
        // AWS protocol requests are SigV4-checked before any of them is served (local/aws-endpoints.ts).
        if (await handleAws(req, res)) return;
        let body: string;
        try {
          body = (await readLimitedBody(req, MAX_BODY_BYTES)).toString('utf8');
        } catch (error) {
          if (!(error instanceof BodyTooLargeError)) throw error;
          // Refused unread: the client is told not to send the rest on this connection.
          const path = (req.url ?? '/').split('?')[0] ?? '/';
          const refusal = edgeErrorResponse(
            { path, headers: req.headers },
            413,
            'PAYLOAD_TOO_LARGE',
            error.message,
          );
          refuseBody(req, res, 413, refusal.headers, refusal.body);
          return;
        }
        // The outbox's pages (/_local/outbox, /_local/outbox.json); its SES endpoint is gated above.
        if (await outbox.handle(req, res, body)) return;
        if (await localRoutes(req, res, body)) return;
        if (await handleApi(req, res, body)) return;
        sendJson(res, 404, {
          error: { code: 'NOT_FOUND', message: `no route ${req.method} ${req.url}`, details: [] },
        });
      })().catch((error: unknown) => {
        log(`request failed: ${(error as Error).message}`);
        if (!res.headersSent)
          sendJson(res, 500, { error: { code: 'INTERNAL', message: 'local runtime error', details: [] } });
        else res.end();
      });
    };

    // Applications that were waiting when the runtime stopped pick up where their status says.
    const resumed = await stepFunctions.resumeInterrupted(async (execution) => {
      const { applicationId } = JSON.parse(execution.input) as { applicationId?: string };
      const application = applicationId ? await applicationStore().get(applicationId) : null;
      const stage = application ? stageForStatus(application.status) : null;
      return stage && applicationId ? { applicationId, stage } : null;
    });
    if (resumed > 0) log(`resumed ${resumed} interrupted execution(s)`);
    // ...and open ones whose execution ended (failed in an outage) run again as `<id>-r<n>`: the
    // reconciler's pass, with no grace period (nothing ran before it that could be starting one).
    const reconciled = (await invokeFunction('reconcile-applications', { graceSeconds: 0 })) as {
      resumed: string[];
    };
    if (reconciled.resumed.length > 0)
      log(`restarted ${reconciled.resumed.length} open application(s) whose execution had ended`);
    // Where operator tools (npm run registry:import -- --local) find this runtime's table.
    await writeJsonFile(join(options.dataDir, 'runtime.json'), {
      url,
      dynamodbEndpoint,
      tableName,
      stateMachineArn,
    });
    schedules = startSchedules(scheduledFunctions(templates.service as never), {
      intervalMs: (options.scheduleIntervalSeconds ?? DEFAULT_SCHEDULE_INTERVAL_SECONDS) * 1000,
      invoke: invokeFunction,
      log,
    });
    ready = true;

    return { url, dataDir: options.dataDir, stateMachineArn, stepFunctions, outbox, schedules, stop };
  } catch (error) {
    await stop().catch(() => {});
    if (launched && !dynamo) await launched.ready.then((handle) => handle.stop()).catch(() => {});
    if (launched?.scratch) await rm(launched.scratch, { recursive: true, force: true });
    throw error;
  }
}
