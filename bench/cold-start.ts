import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import {
  esbuildOptionsAsDeployed,
  FUNCTION_NODE_OPTIONS,
  REPO_ROOT,
} from '#infra/constructs/product-function';
import { FUNCTIONS, handlerEntry } from '#shared/catalog';

/**
 * Cold-start proxy: every function bundled as CDK bundles it (esbuild,
 * minified ESM with source maps, AWS SDK included but for the credential
 * providers Lambda never loads), its size, and the median time a fresh Node
 * process started with the functions' NODE_OPTIONS takes to load and
 * initialize it. Beside them, bundled and measured the same way, interleaved
 * in one run: an empty handler (the floor) and a handler that only creates
 * the DynamoDB document client (what any function using the SDK pays). Each
 * product function is also built as a deployment with `tracing` off builds it.
 */
export interface ColdStartRow {
  name: string;
  sizeKb: number;
  initMs: number;
  ratioToFloor: number;
  /** Against the bundle that only creates the DynamoDB client: the SDK's own share. */
  ratioToSdkReference: number;
  /** The floor and the SDK reference, not product functions. */
  reference: boolean;
  largestInputs: string[];
  /** The same function built for a deployment with `tracing` off (no Tracer, no X-Ray SDK). */
  tracingOff?: { sizeKb: number; initMs: number; ratioToSdkReference: number };
}

const FLOOR = 'empty handler (floor)';
const SDK_REFERENCE = 'DynamoDB client only (reference)';
const SDK_REFERENCE_SOURCE = `import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
const client = DynamoDBDocumentClient.from(new DynamoDBClient({}));
export const handler = async () => client.config.region;
`;

async function bundle(entry: string, outdir: string, name: string, tracing = true) {
  const outfile = join(outdir, name, 'index.mjs');
  const result = await build({
    ...esbuildOptionsAsDeployed(entry, outfile, { tracing }),
    metafile: true,
    logLevel: 'silent',
  });
  const output = Object.values(result.metafile.outputs).find((file) => file.entryPoint) ?? {
    bytes: 0,
    inputs: {},
  };
  const byPackage = new Map<string, number>();
  for (const [path, input] of Object.entries(output.inputs)) {
    const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path)?.[1] ?? 'project code';
    byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + input.bytesInOutput);
  }
  const largestInputs = [...byPackage.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 3)
    .map(([pkg, bytes]) => `${pkg} ${Math.round(bytes / 1024)} KiB`);
  return { outfile, sizeKb: output.bytes / 1024, largestInputs };
}

function initTime(file: string): number {
  const script = `const t=performance.now();await import(${JSON.stringify(`file://${file}`)});console.log(performance.now()-t)`;
  const run = spawnSync(process.execPath, [FUNCTION_NODE_OPTIONS, '--input-type=module', '-e', script], {
    encoding: 'utf8',
    env: { ...process.env, TABLE_NAME: 't', AWS_REGION: 'us-east-1', POWERTOOLS_LOG_LEVEL: 'ERROR' },
  });
  if (run.status !== 0) throw new Error(`loading ${file} failed: ${run.stderr.slice(0, 500)}`);
  return Number(run.stdout.trim());
}

/** The value below which `p` percent of the values lie (the nearest rank). */
export function percentile(values: number[], p: number) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

const median = (values: number[]) => percentile(values, 50);

export async function measureColdStarts(
  runs: number,
  progress: (line: string) => void,
): Promise<ColdStartRow[]> {
  const outdir = await mkdtemp(join(tmpdir(), 'bench-bundles-'));
  const floorEntry = join(outdir, 'empty.ts');
  await writeFile(floorEntry, 'export const handler = async () => ({});\n');
  // Inside the repository, so esbuild resolves the SDK from its node_modules.
  const sdkDir = await mkdtemp(join(REPO_ROOT, 'bench', '.sdk-reference-'));
  const sdkEntry = join(sdkDir, 'handler.ts');
  await writeFile(sdkEntry, SDK_REFERENCE_SOURCE);
  const sdkReference = await bundle(sdkEntry, outdir, 'sdk-reference').finally(() =>
    rm(sdkDir, { recursive: true }),
  );
  const bundles = [
    { name: FLOOR, ...(await bundle(floorEntry, outdir, 'floor')) },
    { name: SDK_REFERENCE, ...sdkReference },
  ];
  const tracingOff = (name: string) => `${name} (tracing off)`;
  for (const key of Object.keys(FUNCTIONS) as Array<keyof typeof FUNCTIONS>) {
    progress(`bundling ${key}`);
    const entry = join(REPO_ROOT, handlerEntry(key));
    bundles.push({ name: key, ...(await bundle(entry, outdir, key)) });
    bundles.push({ name: tracingOff(key), ...(await bundle(entry, outdir, tracingOff(key), false)) });
  }
  const times = new Map(bundles.map((entry) => [entry.name, [] as number[]]));
  for (let run = 1; run <= runs; run++) {
    progress(`init times: run ${run} of ${runs}`);
    for (const entry of bundles) times.get(entry.name)?.push(initTime(entry.outfile));
  }
  const floor = median(times.get(FLOOR) ?? []);
  const sdk = median(times.get(SDK_REFERENCE) ?? []);
  const offNames = new Set(bundles.map((entry) => tracingOff(entry.name)));
  return bundles
    .filter((entry) => !offNames.has(entry.name))
    .map((entry) => {
      const initMs = median(times.get(entry.name) ?? []);
      const off = bundles.find((other) => other.name === tracingOff(entry.name));
      const offMs = off ? median(times.get(off.name) ?? []) : undefined;
      return {
        name: entry.name,
        sizeKb: entry.sizeKb,
        initMs,
        ratioToFloor: initMs / floor,
        ratioToSdkReference: initMs / sdk,
        reference: entry.name === FLOOR || entry.name === SDK_REFERENCE,
        largestInputs: entry.largestInputs,
        ...(off && offMs !== undefined
          ? { tracingOff: { sizeKb: off.sizeKb, initMs: offMs, ratioToSdkReference: offMs / sdk } }
          : {}),
      };
    });
}
