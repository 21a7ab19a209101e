/**
 * The real DynamoDB Local (Amazon's Java emulator), fetched from npm and run
 * as a child process. dynalite and other JS fakes lack transactions and TTL,
 * which the product relies on, so the local runtime and the tests use this.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import {
  type AttributeDefinition,
  CreateTableCommand,
  type CreateTableCommandInput,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  DynamoDBClient,
  type GlobalSecondaryIndex,
  type KeySchemaElement,
  ListTablesCommand,
  type LocalSecondaryIndex,
  type Projection,
  type ProvisionedThroughput,
  ResourceInUseException,
  ResourceNotFoundException,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { type CfnTemplate, LOCAL_REGION, localTableName, resolveIntrinsics } from './cfn.ts';
import { makePrivate, PRIVATE_FILE_MODE } from './private-files.ts';

const execFileAsync = promisify(execFile);

const REPO_ROOT = resolve(import.meta.dirname, '..');
/** npm package that ships DynamoDB Local 1.25.1 (jar, libs, sqlite4java) in `emulator/`. */
const EMULATOR_PACKAGE = 'amplify-dynamodb-simulator@2.9.30';
const DEFAULT_CACHE_DIR = join(REPO_ROOT, '.local', 'dynamodb-local');
const STARTUP_TIMEOUT_MS = 60_000;
const STOP_GRACE_MS = 5_000;

const log = (line: string) => console.log(`[dynamodb-local] ${line}`);

/**
 * Returns the folder holding `DynamoDBLocal.jar` and `DynamoDBLocal_lib/`,
 * downloading it on first use. Only `package/emulator/` of the npm tarball is
 * kept (65 MB); installing the package itself would pull 283 dependencies.
 */
export async function ensureDynamoDbLocal(cacheDir: string = DEFAULT_CACHE_DIR): Promise<string> {
  if (existsSync(join(cacheDir, 'DynamoDBLocal.jar'))) return cacheDir;
  const parent = dirname(cacheDir);
  await mkdir(parent, { recursive: true });
  // Download next to the destination so the final rename never crosses filesystems,
  // and so two processes racing here each work in their own folder.
  const work = await mkdtemp(join(parent, '.dynamodb-local-download-'));
  try {
    log(`downloading ${EMULATOR_PACKAGE} from the npm registry (about 65 MB, once) ...`);
    const { stdout } = await execFileAsync(
      'npm',
      ['pack', EMULATOR_PACKAGE, '--json', '--pack-destination', work],
      {
        cwd: work,
        maxBuffer: 64 * 1024 * 1024,
      },
    );
    const [packed] = JSON.parse(stdout) as Array<{ filename: string }>;
    const tarball = join(
      work,
      packed?.filename ?? (await readdir(work)).find((f) => f.endsWith('.tgz')) ?? '',
    );
    log('extracting package/emulator/ ...');
    await execFileAsync('tar', ['-xzf', tarball, '-C', work, 'package/emulator']);
    const extracted = join(work, 'package', 'emulator');
    if (!existsSync(join(extracted, 'DynamoDBLocal.jar'))) {
      throw new Error(`${EMULATOR_PACKAGE} has no emulator/DynamoDBLocal.jar`);
    }
    try {
      await rename(extracted, cacheDir);
    } catch (error) {
      // Another process finished first: its copy is as good as ours.
      if (!existsSync(join(cacheDir, 'DynamoDBLocal.jar'))) throw error;
    }
    log(`ready in ${cacheDir}`);
    return cacheDir;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

async function javaVersion(): Promise<string | undefined> {
  try {
    // `java -version` prints to stderr.
    const { stderr, stdout } = await execFileAsync('java', ['-version']);
    return (stderr || stdout).split('\n')[0]?.trim() ?? 'java';
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

async function run(command: string, args: string[]): Promise<void> {
  log(`running: ${command} ${args.join(' ')}`);
  await new Promise<void>((resolveRun, reject) => {
    const child = spawn(command, args, {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolveRun() : reject(new Error(`${command} ${args.join(' ')} exited with ${code}`)),
    );
  });
}

/**
 * Makes sure a Java runtime is on the PATH. As root on Debian/Ubuntu it
 * installs one; anywhere else it throws with the command to run, because
 * installing system packages behind someone's back is not ours to do.
 */
export async function ensureJava(): Promise<void> {
  if (await javaVersion()) return;
  const isRoot = process.getuid?.() === 0;
  const hasApt = existsSync('/usr/bin/apt-get') && existsSync('/etc/debian_version');
  if (isRoot && hasApt) {
    log('Java is missing; installing openjdk-17-jre-headless with apt-get');
    await run('apt-get', ['update']);
    await run('apt-get', ['install', '-y', '--no-install-recommends', 'openjdk-17-jre-headless']);
    if (await javaVersion()) return;
    throw new Error('openjdk-17-jre-headless was installed but `java` is still not on the PATH');
  }
  const hint = hasApt
    ? 'sudo apt-get install -y openjdk-17-jre-headless'
    : process.platform === 'darwin'
      ? 'brew install openjdk@17 (then follow brew’s note to put it on the PATH)'
      : existsSync('/usr/bin/dnf')
        ? 'sudo dnf install -y java-17-openjdk-headless'
        : 'install a Java 17 runtime (for example from https://adoptium.net) and put `java` on the PATH';
  throw new Error(`DynamoDB Local needs Java, and \`java\` was not found. Install it with: ${hint}`);
}

async function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolvePort) => {
    const server = createServer();
    server.once('error', () => resolvePort(false));
    // DynamoDB Local binds every interface, so check the same way.
    server.listen({ port, host: '0.0.0.0', exclusive: true }, () => server.close(() => resolvePort(true)));
  });
}

/** A port that was free a moment ago (the OS picks it). */
export async function findFreePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen({ port: 0, host: '0.0.0.0', exclusive: true }, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

// Children alive in this process, killed if the parent goes away first: an
// orphaned JVM keeps the port and the -dbPath files locked for the next start.
const children = new Set<ChildProcess>();
let exitHooksInstalled = false;

/** The wrapper runs in its own process group (with the JVM and the watchdog): kill all of it. */
function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    child.kill(signal);
  }
}

function killAllChildren(): void {
  for (const child of children) killGroup(child, 'SIGKILL');
  children.clear();
}

function installExitHooks(): void {
  if (exitHooksInstalled) return;
  exitHooksInstalled = true;
  process.once('exit', killAllChildren);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    const onSignal = () => {
      // Whoever else handles the signal (the runtime's main) stops everything in order, DynamoDB
      // Local last; if nobody does, stop the children now.
      if (process.listenerCount(signal) > 0) return;
      killAllChildren();
      // Adding a listener disables Node's default "exit on signal". Nobody else handles the
      // signal: restore the default and re-raise it.
      if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
    };
    process.once(signal, onSignal);
  }
}

export function localDynamoDbClient(endpoint: string, opts: { timeoutMs?: number } = {}): DynamoDBClient {
  return new DynamoDBClient({
    endpoint,
    region: LOCAL_REGION,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
    ...(opts.timeoutMs
      ? { requestHandler: { connectionTimeout: opts.timeoutMs, requestTimeout: opts.timeoutMs } }
      : {}),
  });
}

// --- Loopback only --------------------------------------------------------

const LAUNCHER_SOURCE = join(REPO_ROOT, 'local', 'LoopbackDynamoDbLocal.java');
const LAUNCHER_CLASS = 'LoopbackDynamoDbLocal';

/**
 * DynamoDB Local has no bind-address option (1.25.1: see `-help`); its Jetty
 * server listens on every interface. A small launcher (LoopbackDynamoDbLocal.java)
 * binds it to one address. It is compiled once next to the emulator with
 * `javac`; without a JDK the plain jar runs, listening everywhere, and the
 * runtime says so.
 */
async function loopbackLauncher(emulator: string): Promise<string | null> {
  const source = await readFile(LAUNCHER_SOURCE);
  const dir = join(emulator, `loopback-${createHash('sha256').update(source).digest('hex').slice(0, 12)}`);
  if (existsSync(join(dir, `${LAUNCHER_CLASS}.class`))) return dir;
  const work = await mkdtemp(join(emulator, '.loopback-'));
  try {
    await execFileAsync('javac', ['-cp', join(emulator, 'DynamoDBLocal.jar'), '-d', work, LAUNCHER_SOURCE]);
    try {
      await rename(work, dir);
    } catch (error) {
      if (!existsSync(join(dir, `${LAUNCHER_CLASS}.class`))) throw error;
    }
    return dir;
  } catch (error) {
    log(
      `cannot compile the loopback launcher (${(error as Error).message.split('\n')[0]}): DynamoDB Local will ` +
        'listen on every interface. Install a JDK (openjdk-17-jdk-headless) to keep it on 127.0.0.1.',
    );
    return null;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** The `java` command line of DynamoDB Local on `host:port` (the plain jar when no launcher could be built). */
export async function dynamoDbLocalCommand(
  emulator: string,
  opts: { port: number; host: string; dbPath?: string | undefined },
): Promise<string[]> {
  const launcher = await loopbackLauncher(emulator);
  const library = `-Djava.library.path=${join(emulator, 'DynamoDBLocal_lib')}`;
  const main = launcher
    ? [
        `-Ddynamodb.local.host=${opts.host}`,
        '-cp',
        `${join(emulator, 'DynamoDBLocal.jar')}:${launcher}`,
        LAUNCHER_CLASS,
      ]
    : ['-jar', join(emulator, 'DynamoDBLocal.jar')];
  return [
    'java',
    library,
    // A client JIT, the serial collector, no verification of Amazon's own jar and no perf
    // data file: it answers in about 3 s instead of 5-6.5 s.
    '-XX:TieredStopAtLevel=1',
    '-XX:+UseSerialGC',
    '-XX:+UnlockDiagnosticVMOptions',
    '-XX:-BytecodeVerificationRemote',
    '-XX:-UsePerfData',
    ...main,
    '-port',
    String(opts.port),
    '-disableTelemetry',
    '-sharedDb',
    ...(opts.dbPath ? ['-dbPath', opts.dbPath] : ['-inMemory']),
  ];
}

// --- One JVM per data folder, none left behind ----------------------------

/**
 * The JVM runs under a small shell watchdog: its stdin is a pipe from this
 * process, and when that pipe closes (this process exits in any way,
 * `kill -9` included, or stop() closes it) the watchdog stops the JVM. The
 * wrapper also makes the files DynamoDB Local creates private (umask 077)
 * and reports the JVM's pid on fd 3.
 */
const WATCHDOG = [
  'umask 077',
  'exec 4<&0',
  '"$@" 3>&- 4<&- </dev/null &',
  'pid=$!',
  'echo "$pid" >&3',
  'exec 3>&-',
  '{ read -r _line <&4; kill "$pid" 2>/dev/null; } &',
  'watcher=$!',
  'exec 4<&-',
  'wait "$pid"',
  'status=$?',
  'kill "$watcher" 2>/dev/null',
  'exit "$status"',
].join('\n');

export const PID_FILE = 'dynamodb-local.pid';

interface PidRecord {
  /** The JVM. */
  pid: number;
  /** The process that started it (a local runtime, a test run). */
  ownerPid: number;
  dbPath: string;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function commandLineOf(pid: number): Promise<string> {
  try {
    return (await readFile(`/proc/${pid}/cmdline`, 'utf8')).split('\0').join(' ');
  } catch {
    try {
      return (await execFileAsync('ps', ['-o', 'args=', '-p', String(pid)])).stdout.trim();
    } catch {
      return '';
    }
  }
}

async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (isAlive(pid)) {
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 50));
  }
  return true;
}

/**
 * Before a start on `dbPath`: a DynamoDB Local still running on it is either
 * another live runtime's (refused, with what to do) or left by one that is
 * gone (stopped, so two JVMs never share the data files).
 */
export async function clearStaleDynamoDbLocal(dbPath: string): Promise<void> {
  const pidFile = join(dbPath, PID_FILE);
  let record: PidRecord;
  try {
    record = JSON.parse(await readFile(pidFile, 'utf8')) as PidRecord;
  } catch {
    return;
  }
  const command = isAlive(record.pid) ? await commandLineOf(record.pid) : '';
  const isOurs = /DynamoDBLocal|LoopbackDynamoDbLocal/.test(command) && command.includes(dbPath);
  if (isOurs) {
    if (
      record.ownerPid !== process.pid &&
      isAlive(record.ownerPid) &&
      /node/.test(await commandLineOf(record.ownerPid))
    ) {
      throw new Error(
        `DynamoDB Local (pid ${record.pid}) of another running local runtime (pid ${record.ownerPid}) uses ${dbPath}: ` +
          'stop that runtime first, or start this one with another LOCAL_DATA_DIR',
      );
    }
    log(`stopping DynamoDB Local (pid ${record.pid}) left running on ${dbPath} by a process that is gone`);
    process.kill(record.pid, 'SIGTERM');
    if (!(await waitForExit(record.pid, STOP_GRACE_MS))) {
      process.kill(record.pid, 'SIGKILL');
      await waitForExit(record.pid, STOP_GRACE_MS);
    }
  }
  await rm(pidFile, { force: true });
}

export interface DynamoDbLocalHandle {
  endpoint: string;
  port: number;
  stop(): Promise<void>;
}

/**
 * Starts DynamoDB Local and resolves once it answers `ListTables`.
 * `port: 0` (the default) picks a free port; `dbPath` keeps data on disk
 * between runs, else the database lives in memory.
 */
export async function startDynamoDbLocal(
  opts: {
    port?: number;
    dbPath?: string;
    emulatorDir?: string;
    host?: string;
    /** Called once Java is launched, before it answers: callers start other work meanwhile. */
    onSpawned?: () => void;
  } = {},
): Promise<DynamoDbLocalHandle> {
  await ensureJava();
  const emulator = opts.emulatorDir ?? (await ensureDynamoDbLocal());
  const host = opts.host ?? '127.0.0.1';
  const port = opts.port ? opts.port : await findFreePort();
  if (opts.port && !(await portIsFree(port))) {
    throw new Error(`Cannot start DynamoDB Local: port ${port} is already in use`);
  }
  if (opts.dbPath) {
    await makePrivate(opts.dbPath);
    await clearStaleDynamoDbLocal(opts.dbPath);
  }

  const command = await dynamoDbLocalCommand(emulator, { port, host, dbPath: opts.dbPath });
  installExitHooks();
  const child = spawn('sh', ['-c', WATCHDOG, 'dynamodb-local-watchdog', ...command], {
    cwd: emulator,
    // Its own process group: a Ctrl-C reaches this process, which stops it in order.
    detached: true,
    stdio: ['pipe', 'pipe', 'pipe', 'pipe'],
  });
  children.add(child);
  opts.onSpawned?.();
  let output = '';
  const collect = (chunk: Buffer) => {
    // Keep only the tail: enough to explain a failed start.
    output = (output + chunk.toString()).slice(-4000);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<number | null>((resolveExit) => {
    child.once('exit', (code) => {
      children.delete(child);
      resolveExit(code);
    });
    child.once('error', () => resolveExit(-1));
  });
  const javaPid = new Promise<number | undefined>((resolvePid) => {
    let text = '';
    const pidPipe = child.stdio[3] as NodeJS.ReadableStream | null;
    pidPipe?.on('data', (chunk: Buffer) => {
      text += chunk.toString();
    });
    pidPipe?.on('end', () => resolvePid(Number.parseInt(text, 10) || undefined));
    pidPipe?.on('error', () => resolvePid(undefined));
    void exited.then(() => resolvePid(Number.parseInt(text, 10) || undefined));
  });
  const pidFile = opts.dbPath ? join(opts.dbPath, PID_FILE) : undefined;
  if (pidFile) {
    const pid = await javaPid;
    if (pid) {
      const record: PidRecord = { pid, ownerPid: process.pid, dbPath: opts.dbPath ?? '' };
      await writeFile(pidFile, JSON.stringify(record), { mode: PRIVATE_FILE_MODE });
    }
  }

  const endpoint = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`;
  let stopping = false;
  const stop = async () => {
    stopping = true;
    if (child.exitCode === null && child.signalCode === null) {
      // EOF on the watchdog's stdin stops the JVM (SIGTERM); the whole group is killed if it lingers.
      child.stdin?.end();
      const timer = setTimeout(() => killGroup(child, 'SIGKILL'), STOP_GRACE_MS);
      await exited;
      clearTimeout(timer);
    }
    if (pidFile) await rm(pidFile, { force: true });
  };

  const client = localDynamoDbClient(endpoint);
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  let dead = false;
  void exited.then(() => {
    dead = true;
  });
  try {
    for (;;) {
      if (dead) {
        const inUse = /address already in use|BindException/i.test(output);
        throw new Error(
          inUse
            ? `Cannot start DynamoDB Local: port ${port} is already in use`
            : `DynamoDB Local exited during startup (exit code ${child.exitCode}):\n${output}`,
        );
      }
      try {
        await client.send(new ListTablesCommand({ Limit: 1 }));
        break;
      } catch {
        if (Date.now() > deadline) {
          throw new Error(
            `DynamoDB Local did not answer on port ${port} within ${STARTUP_TIMEOUT_MS} ms:\n${output}`,
          );
        }
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  } catch (error) {
    await stop();
    throw error;
  } finally {
    client.destroy();
  }
  // The files it made before the umask applied (an older version's) are private too.
  if (opts.dbPath) await makePrivate(opts.dbPath);
  void exited.then((code) => {
    if (!stopping)
      log(`DynamoDB Local exited unexpectedly (exit code ${code}); /_local/health reports it down`);
  });
  return { endpoint, port, stop };
}

// CloudFormation → CreateTable. Property names match the API's for the parts
// DynamoDB Local understands; everything else (PITR, SSE, tags, deletion
// protection, contributor insights, warm throughput, table class) is dropped.

const DEFAULT_THROUGHPUT: ProvisionedThroughput = { ReadCapacityUnits: 5, WriteCapacityUnits: 5 };

type CfnIndex = {
  IndexName: string;
  KeySchema: KeySchemaElement[];
  Projection?: Projection;
  ProvisionedThroughput?: ProvisionedThroughput;
};

function projection(p: Projection | undefined): Projection {
  return p?.NonKeyAttributes
    ? { ProjectionType: p.ProjectionType, NonKeyAttributes: p.NonKeyAttributes }
    : { ProjectionType: p?.ProjectionType ?? 'ALL' };
}

// biome-ignore lint/suspicious/noExplicitAny: CloudFormation properties are free-form.
function tableInput(tableName: string, props: any, isGlobalTable: boolean): CreateTableCommandInput {
  const onDemand =
    props.BillingMode === 'PAY_PER_REQUEST' || (isGlobalTable && props.BillingMode !== 'PROVISIONED');
  const throughput = (explicit: ProvisionedThroughput | undefined): ProvisionedThroughput | undefined =>
    onDemand ? undefined : (explicit ?? DEFAULT_THROUGHPUT);
  const input: CreateTableCommandInput = {
    TableName: tableName,
    KeySchema: props.KeySchema as KeySchemaElement[],
    AttributeDefinitions: props.AttributeDefinitions as AttributeDefinition[],
    BillingMode: onDemand ? 'PAY_PER_REQUEST' : 'PROVISIONED',
    ProvisionedThroughput: throughput(isGlobalTable ? undefined : props.ProvisionedThroughput),
  };
  const gsis = (props.GlobalSecondaryIndexes ?? []) as CfnIndex[];
  if (gsis.length > 0) {
    input.GlobalSecondaryIndexes = gsis.map(
      (index): GlobalSecondaryIndex => ({
        IndexName: index.IndexName,
        KeySchema: index.KeySchema,
        Projection: projection(index.Projection),
        ProvisionedThroughput: throughput(isGlobalTable ? undefined : index.ProvisionedThroughput),
      }),
    );
  }
  const lsis = (props.LocalSecondaryIndexes ?? []) as CfnIndex[];
  if (lsis.length > 0) {
    input.LocalSecondaryIndexes = lsis.map(
      (index): LocalSecondaryIndex => ({
        IndexName: index.IndexName,
        KeySchema: index.KeySchema,
        Projection: projection(index.Projection),
      }),
    );
  }
  const streamViewType = props.StreamSpecification?.StreamViewType;
  if (streamViewType) input.StreamSpecification = { StreamEnabled: true, StreamViewType: streamViewType };
  return input;
}

async function ensureTimeToLive(
  client: DynamoDBClient,
  tableName: string,
  attributeName: string,
): Promise<void> {
  const current = await client.send(new DescribeTimeToLiveCommand({ TableName: tableName }));
  const status = current.TimeToLiveDescription?.TimeToLiveStatus;
  if (status === 'ENABLED' || status === 'ENABLING') return;
  await client.send(
    new UpdateTimeToLiveCommand({
      TableName: tableName,
      TimeToLiveSpecification: { Enabled: true, AttributeName: attributeName },
    }),
  );
}

/**
 * Adds the template's global secondary indexes that an existing table lacks, as a CloudFormation
 * update would (one at a time): a data folder made by an older version keeps its data.
 * @returns the names of the indexes added.
 */
async function addMissingIndexes(
  client: DynamoDBClient,
  tableName: string,
  // biome-ignore lint/suspicious/noExplicitAny: CloudFormation properties are free-form.
  props: any,
  isGlobalTable: boolean,
): Promise<string[]> {
  const table = (await client.send(new DescribeTableCommand({ TableName: tableName }))).Table;
  const existing = new Set((table?.GlobalSecondaryIndexes ?? []).map((index) => index.IndexName));
  const wanted = tableInput(tableName, props, isGlobalTable);
  const added: string[] = [];
  for (const index of wanted.GlobalSecondaryIndexes ?? []) {
    if (existing.has(index.IndexName)) continue;
    const names = new Set(index.KeySchema?.map((key) => key.AttributeName));
    await client.send(
      new UpdateTableCommand({
        TableName: tableName,
        AttributeDefinitions: wanted.AttributeDefinitions?.filter((definition) =>
          names.has(definition.AttributeName),
        ),
        GlobalSecondaryIndexUpdates: [{ Create: index }],
      }),
    );
    added.push(index.IndexName as string);
    await indexActive(client, tableName, index.IndexName as string);
  }
  return added;
}

/** Waits until a new index has been built over the table's items (queries fail until then). */
async function indexActive(client: DynamoDBClient, tableName: string, indexName: string): Promise<void> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const table = (await client.send(new DescribeTableCommand({ TableName: tableName }))).Table;
    const index = table?.GlobalSecondaryIndexes?.find((candidate) => candidate.IndexName === indexName);
    if (index?.IndexStatus === 'ACTIVE') return;
    if (Date.now() > deadline) throw new Error(`index ${indexName} of ${tableName} never became active`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function tableExists(client: DynamoDBClient, tableName: string): Promise<boolean> {
  try {
    await client.send(new DescribeTableCommand({ TableName: tableName }));
    return true;
  } catch (error) {
    if (error instanceof ResourceNotFoundException) return false;
    throw error;
  }
}

/**
 * Creates every `AWS::DynamoDB::Table` and `AWS::DynamoDB::GlobalTable` of a
 * synthesized template that does not exist yet, and turns on TTL where the
 * template does. Existing tables keep their data and get the indexes they lack.
 *
 * @returns logical id → local table name (the `TableName` property, or the
 *   logical id when the template lets CloudFormation name the table; the same
 *   name a `Ref` to the table resolves to in local/cfn.ts).
 */
export async function createTablesFromTemplate(
  template: CfnTemplate,
  client: DynamoDBClient,
  /** Told of each index added to a table that existed without it (its items need backfilling). */
  onIndexAdded: (tableName: string, indexName: string) => void = () => {},
): Promise<Record<string, string>> {
  const created: Record<string, string> = {};
  for (const [logicalId, resource] of Object.entries(template.Resources)) {
    const isGlobalTable = resource.Type === 'AWS::DynamoDB::GlobalTable';
    if (resource.Type !== 'AWS::DynamoDB::Table' && !isGlobalTable) continue;
    const tableName = localTableName(template, logicalId);
    // biome-ignore lint/suspicious/noExplicitAny: CloudFormation properties are free-form.
    const props = resolveIntrinsics(resource.Properties ?? {}, template) as any;
    if (!(await tableExists(client, tableName))) {
      try {
        await client.send(new CreateTableCommand(tableInput(tableName, props, isGlobalTable)));
      } catch (error) {
        // Created concurrently by another process since we looked: fine.
        if (!(error instanceof ResourceInUseException)) throw error;
      }
    } else {
      for (const index of await addMissingIndexes(client, tableName, props, isGlobalTable)) {
        onIndexAdded(tableName, index);
      }
    }
    const ttl = props.TimeToLiveSpecification;
    if (ttl?.Enabled && ttl.AttributeName) await ensureTimeToLive(client, tableName, ttl.AttributeName);
    created[logicalId] = tableName;
  }
  return created;
}
