import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DynamoDBDocumentClient, GetCommand, QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type DynamoDbLocalHandle,
  findFreePort,
  localDynamoDbClient,
  startDynamoDbLocal,
} from '#local/dynamodb-local';
import { readJsonFile } from '#local/json-file';
import { scratchRoot } from '#local/local-database';
import { type LocalRuntime, startLocalRuntime } from '#local/runtime';
import type { TaskInvoker } from '#local/state-machine-host';
import { executionArnFor } from '#shared/adapters/workflow-engine';
import { normalizeClusterName } from '#shared/domain/eligibility';
import { deterministicId } from '#shared/ids';
import {
  type ApiClient,
  apiClient,
  approveReview,
  createClusterBody,
  joinClusterBody,
  sample,
} from '#test/support/api-client';
import { shortRetryIntervals } from '#test/support/retry-intervals';
import { deadlineSeconds, scaled } from '#test/support/timeouts';

/**
 * Faults injected into the real workflow (the synthesized state machine in
 * the local engine, the product's handlers, DynamoDB Local on disk):
 *
 * 1. DynamoDB Local is stopped and started again (same port, same data)
 *    while applications are in every stage: one in eligibility (its step
 *    running), one waiting for reviews, one waiting for sign-off, one whose
 *    approved decision is being applied; a step fails a set number of times
 *    with a transient error, another once for good (the application ends
 *    FAILED and is redriven with `npm run redrive`).
 * 2. A step and MarkFailed both fail for good, so the execution ends while
 *    the application stays open (what an outage longer than the retries
 *    does); a runtime restart runs it again as `<id>-r1`.
 *
 * Afterwards every application is APPROVED and applied exactly once. The
 * retry schedule is the deployed one with the intervals shortened (a fixed
 * interval per state, long enough that ten retries outlast the outage).
 */
const RETRY_INTERVAL_MS = scaled(1_500);
const WAIT = scaled(30_000);

const injectedError = (name: string, message: string) => Object.assign(new Error(message), { name });

/** Per `<function key>:<application id>`: hold the call until the outage, or fail the next N calls. */
const gates = new Map<string, () => void>();
const faults = new Map<string, { left: number; error: () => Error }>();
const failures: Array<{ key: string; applicationId: string; name: string }> = [];
let outageStarted: Promise<void> = Promise.resolve();

const wrapInvoke =
  (invoke: TaskInvoker): TaskInvoker =>
  async (functionKey, payload) => {
    const applicationId = String((payload as { applicationId?: unknown }).applicationId ?? '');
    const slot = `${functionKey}:${applicationId}`;
    const reached = gates.get(slot);
    if (reached) {
      gates.delete(slot);
      reached();
      await outageStarted;
    }
    const fault = faults.get(slot);
    if (fault && fault.left > 0) {
      fault.left -= 1;
      const error = fault.error();
      failures.push({ key: functionKey, applicationId, name: error.name });
      throw error;
    }
    try {
      return await invoke(functionKey, payload);
    } catch (error) {
      failures.push({ key: functionKey, applicationId, name: (error as Error).name });
      throw error;
    }
  };

let dynamodb: DynamoDbLocalHandle;
let dbPath: string;
let dbPort: number;
let dataDir: string;
let runtimePort: number;
let runtime: LocalRuntime;
let api: ApiClient;
let db: DynamoDBDocumentClient;
let tableName: string;

const startRuntime = async () => {
  runtime = await startLocalRuntime({
    // The same port after a restart: the handlers' clients keep the endpoints they were made with.
    port: runtimePort,
    dataDir,
    dynamodbEndpoint: dynamodb.endpoint,
    reviewTimeoutSeconds: deadlineSeconds(600),
    signoffTimeoutSeconds: deadlineSeconds(600),
    engineOverrides: {
      retryIntervalOverrides: shortRetryIntervals(RETRY_INTERVAL_MS),
    },
    wrapInvoke,
    ...(process.env.OUTAGE_LOG ? { log: (line: string) => console.error(`[runtime] ${line}`) } : {}),
  });
  api = apiClient(runtime.url);
};

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'workflow-outage-'));
  // On disk, DynamoDB Local syncs every write: the 7,000 sample organizations the runtime loads
  // into it would take minutes on a busy machine. In memory-backed files (tmpfs) it keeps the
  // same kill-and-restart durability this suite checks.
  dbPath = await mkdtemp(join(scratchRoot(), 'workflow-outage-dynamodb-'));
  dbPort = await findFreePort();
  runtimePort = await findFreePort();
  dynamodb = await startDynamoDbLocal({ port: dbPort, dbPath });
  db = DynamoDBDocumentClient.from(localDynamoDbClient(dynamodb.endpoint));
  await startRuntime();
  tableName = (await readJsonFile(join(dataDir, 'runtime.json'), { tableName: '' })).tableName;
});

afterAll(async () => {
  await runtime?.stop();
  await dynamodb?.stop();
  if (dbPath) await rm(dbPath, { recursive: true, force: true });
});

// ---- helpers ----------------------------------------------------------------

interface Applicant {
  applicationId: string;
  token: string;
  label: string;
}

/**
 * Submits with an Idempotency-Key, so the application id is known before the
 * workflow starts: `prepare` arms gates and faults for it first.
 */
const submit = async (
  label: string,
  body: { applicantInn: string },
  prepare: (applicationId: string) => void = () => {},
): Promise<Applicant> => {
  const key = `outage-${label}-${randomUUID()}`;
  const applicationId = deterministicId('app', body.applicantInn, key);
  prepare(applicationId);
  const token = await api.login(body.applicantInn);
  const reply = await api.submit(token, body, key);
  expect(reply.status, label).toBe(202);
  expect(reply.body.applicationId, label).toBe(applicationId);
  return { applicationId, token, label };
};

const submitJoin = (label: string, index: number, prepare?: (applicationId: string) => void) =>
  submit(label, joinClusterBody(sample.joinCandidate(index), sample.cluster.clusterId), prepare);

const statusOf = async (app: Applicant) => (await api.getApplication(app.token, app.applicationId)).body;

const waitStatus = (app: Applicant, statuses: string[]) => {
  if (process.env.OUTAGE_LOG) console.error(`[test] ${app.label} waits for ${statuses.join('|')}`);
  return api.waitForStatus(app.token, app.applicationId, statuses, WAIT);
};

/** Answers every review link of the application with an approval. */
async function reviewAll(app: Applicant): Promise<void> {
  await waitStatus(app, ['IN_REVIEW']);
  // A create application enters IN_REVIEW when its consents close, a step before its experts are assigned.
  let assigned = 0;
  await expect
    .poll(async () => (assigned = (await statusOf(app)).reviews?.assigned ?? 0), {
      timeout: WAIT,
      interval: 200,
    })
    .toBeGreaterThan(0);
  const links = await api.waitForLinks(app.applicationId, 'reviews', assigned, WAIT);
  for (const link of links) expect((await api.postLink(link, approveReview)).status, app.label).toBe(200);
}

async function signOff(app: Applicant): Promise<void> {
  await waitStatus(app, ['AWAITING_SIGNOFF']);
  const [link = ''] = await api.waitForLinks(app.applicationId, 'signoff', 1, WAIT);
  const reply = await api.postLink(link, { decision: 'APPROVE', comment: `Approved (${app.label})` });
  expect(reply.status, app.label).toBe(200);
}

/** Resolves once the call is held at its gate. */
const gate = (functionKey: string, applicationId: string) =>
  new Promise<void>((resolve) => gates.set(`${functionKey}:${applicationId}`, resolve));

async function history(applicationId: string) {
  const result = await db.send(
    new QueryCommand({
      TableName: tableName,
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :event)',
      ExpressionAttributeValues: { ':pk': `APP#${applicationId}`, ':event': 'EVENT#' },
    }),
  );
  return (result.Items ?? []) as Array<{ status?: string; action: string }>;
}

const exists = async (PK: string, SK: string) =>
  (await db.send(new GetCommand({ TableName: tableName, Key: { PK, SK }, ConsistentRead: true }))).Item !==
  undefined;

const executionsOf = async (applicationId: string) =>
  (await runtime.stepFunctions.listExecutions({ maxResults: 1000 })).executions.filter(
    (execution) => execution.name === applicationId || execution.name.startsWith(`${applicationId}-r`),
  );

/** Everything an approved application must show, and nothing done twice. */
async function expectAppliedOnce(app: Applicant, clusterId: string) {
  const application = await waitStatus(app, ['APPROVED']);
  // The last steps (the applicant's email) run after the status change: wait for the run to end.
  await expect
    .poll(async () => (await executionsOf(app.applicationId)).filter((e) => e.status === 'RUNNING').length, {
      timeout: WAIT,
      interval: 200,
    })
    .toBe(0);
  const events = await history(app.applicationId);
  const transitions = events
    .filter((event) => event.status)
    .map((event) => `${event.status}/${event.action}`);
  expect(new Set(transitions).size, `${app.label}: ${transitions.join(', ')}`).toBe(transitions.length);
  expect(
    transitions.filter((t) => t.startsWith('APPROVED/')),
    app.label,
  ).toHaveLength(1);

  const messages = (await api.outbox()).filter(
    (message) => message.subject.includes(app.applicationId) || message.text.includes(app.applicationId),
  );
  const kinds = messages.map((message) => `${message.to.join(',')}|${message.subject}`);
  expect(new Set(kinds).size, `${app.label}: ${kinds.join('; ')}`).toBe(kinds.length);
  expect(
    messages.filter((message) => /approved/i.test(message.subject)),
    app.label,
  ).toHaveLength(1);

  const executions = await executionsOf(app.applicationId);
  expect(
    executions.filter((execution) => execution.status === 'RUNNING'),
    app.label,
  ).toEqual([]);
  if (application.type === 'JOIN_CLUSTER') {
    expect(await exists(`CLUSTER#${clusterId}`, `MEMBER#${application.applicantInn}`), app.label).toBe(true);
    expect(await exists(`JOIN#${clusterId}#${application.applicantInn}`, 'GUARD'), app.label).toBe(false);
  }
  return application;
}

// ---- the scenarios --------------------------------------------------------------

describe('DynamoDB Local stopped and restarted with applications in every stage', () => {
  it(
    'rides out the outage, fails one step for good and redrives it, and applies every decision once',
    async () => {
      const clusterId = sample.cluster.clusterId;
      const clusterBefore = (await api.request('GET', `/clusters/${clusterId}`)).body;
      let startOutage = () => {};
      outageStarted = new Promise((resolve) => {
        startOutage = resolve;
      });

      // Waiting for reviews, and waiting for sign-off, when DynamoDB goes away.
      const reviewing = await submitJoin('review waiting', 40);
      const signing = await submitJoin('sign-off waiting', 41);
      await reviewAll(signing);
      await waitStatus(signing, ['AWAITING_SIGNOFF']);
      await waitStatus(reviewing, ['IN_REVIEW']);

      // A decision being applied (a 30-member cluster), and an eligibility check, when it goes.
      const members = sample.activeIn(['robotics'], 30, 5);
      const applying = await submit(
        'applying the decision',
        createClusterBody(members, 'Outage Robotics Alliance', ['robotics']),
      );
      await api.answerConsents(applying.applicationId, 29, { timeoutMs: WAIT });
      await reviewAll(applying);
      const applyHeld = gate('apply-decision', applying.applicationId);
      await signOff(applying);
      let eligibilityHeld: Promise<void> = Promise.resolve();
      const eligibility = await submitJoin('eligibility', 42, (id) => {
        eligibilityHeld = gate('check-eligibility', id);
      });
      await Promise.all([applyHeld, eligibilityHeld]);

      // A step that fails three times (transient), one that fails once for good.
      const flaky = await submitJoin('notify fails 3 times', 43, (id) =>
        faults.set(`notify-applicant:${id}`, {
          left: 3,
          error: () => injectedError('TransientError', 'injected: SES unreachable'),
        }),
      );
      const broken = await submitJoin('apply fails once for good', 44, (id) =>
        faults.set(`apply-decision:${id}`, {
          left: 1,
          error: () => injectedError('Error', 'injected: apply failed'),
        }),
      );

      // The outage: the held steps run against a dead DynamoDB.
      const outageAt = Date.now();
      await dynamodb.stop();
      startOutage();
      await expect
        .poll(
          () =>
            failures.filter(
              (failure) =>
                failure.name === 'TransientError' &&
                [applying.applicationId, eligibility.applicationId].includes(failure.applicationId),
            ).length,
          { timeout: WAIT, interval: 200 },
        )
        .toBeGreaterThanOrEqual(2);
      const health = await api.request('GET', '/_local/health');
      expect(health.status).toBe(503);
      dynamodb = await startDynamoDbLocal({ port: dbPort, dbPath });
      const outageMs = Date.now() - outageAt;

      // Everyone goes on from where they were.
      await reviewAll(reviewing);
      await signOff(reviewing);
      await signOff(signing);
      await reviewAll(eligibility);
      await signOff(eligibility);
      await reviewAll(flaky);
      await signOff(flaky);
      await reviewAll(broken);
      await signOff(broken);

      // The step that failed for good: FAILED with the cause and the stage, then redriven.
      const failed = await waitStatus(broken, ['FAILED']);
      expect(failed.failureCause).toContain('injected: apply failed');
      const redrive = await promisify(execFile)(
        join(process.cwd(), 'node_modules/.bin/tsx'),
        ['scripts/redrive.ts', broken.applicationId, '--local', '--actor', 'test'],
        { env: { ...process.env, LOCAL_DATA_DIR: dataDir }, timeout: WAIT },
      );
      expect(redrive.stdout).toContain(
        `redriven at SIGNOFF (status AWAITING_SIGNOFF, execution ${broken.applicationId}-r1)`,
      );

      const all = [reviewing, signing, applying, eligibility, flaky, broken];
      for (const app of all.filter((app) => app !== applying)) await expectAppliedOnce(app, clusterId);
      const created = await expectAppliedOnce(applying, clusterId);
      const cluster = (await api.request('GET', `/clusters/${created.createdClusterId}`)).body;
      expect(cluster).toMatchObject({ status: 'ACTIVE', memberCount: 30 });
      expect(await exists(`CLUSTERNAME#${normalizeClusterName('Outage Robotics Alliance')}`, 'GUARD')).toBe(
        true,
      );

      const joined = (await api.request('GET', `/clusters/${clusterId}`)).body;
      expect(joined.memberCount).toBe(clusterBefore.memberCount + 5);
      const pending = await db.send(
        new ScanCommand({
          TableName: tableName,
          FilterExpression: 'begins_with(PK, :cluster) AND SK = :meta AND #status = :pending',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':cluster': 'CLUSTER#', ':meta': 'META', ':pending': 'PENDING' },
        }),
      );
      expect(pending.Items).toEqual([]);

      const brokenHistory = (await history(broken.applicationId)).map((event) => event.action);
      expect(brokenHistory.filter((action) => action === 'FAILED')).toHaveLength(1);
      expect(brokenHistory.filter((action) => action === 'REDRIVEN')).toHaveLength(1);
      const redriven = await runtime.stepFunctions.waitForExecution(
        executionArnFor(runtime.stateMachineArn, broken.applicationId, 1),
        WAIT,
      );
      expect(redriven.status).toBe('SUCCEEDED');
      expect(
        failures.filter((f) => f.applicationId === flaky.applicationId && f.key === 'notify-applicant'),
      ).toHaveLength(3);

      console.info(
        `[outage] DynamoDB Local down ${outageMs} ms; ${failures.filter((f) => f.name === 'TransientError').length} ` +
          `transient step failures retried; ${all.length} applications APPROVED and applied once`,
      );
    },
    scaled(120_000),
  );
});

describe('an execution that ended while its application stayed open', () => {
  it(
    'runs again as <applicationId>-r1 when the runtime restarts',
    async () => {
      const stuck = await submitJoin('MarkFailed failed too', 45, (id) => {
        for (const key of ['check-eligibility', 'close-application']) {
          faults.set(`${key}:${id}`, {
            left: Number.POSITIVE_INFINITY,
            error: () => injectedError('Error', 'injected: connection lost for good'),
          });
        }
      });
      const ended = await runtime.stepFunctions.waitForExecution(
        executionArnFor(runtime.stateMachineArn, stuck.applicationId),
        WAIT,
      );
      expect(ended.status).toBe('FAILED');
      // Still open: the failure could not be recorded.
      expect(['SUBMITTED', 'CHECKING_ELIGIBILITY']).toContain((await statusOf(stuck)).status);

      faults.clear();
      await runtime.stop();
      await startRuntime();

      await reviewAll(stuck);
      await signOff(stuck);
      await expectAppliedOnce(stuck, sample.cluster.clusterId);
      const events = (await history(stuck.applicationId)).map((event) => event.action);
      expect(events.filter((action) => action === 'RESUMED')).toHaveLength(1);
      const rerun = await runtime.stepFunctions.waitForExecution(
        executionArnFor(runtime.stateMachineArn, stuck.applicationId, 1),
        WAIT,
      );
      expect(rerun.status).toBe('SUCCEEDED');
    },
    scaled(90_000),
  );
});
