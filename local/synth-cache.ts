/**
 * The local runtime's synthesized templates, cached between starts. A synth
 * imports aws-cdk-lib and builds the whole app (seconds); a cache hit reads
 * one JSON file. The key is a hash of everything the templates depend on:
 * every source file the CDK app imports (found by esbuild from
 * infra/build-app.ts, so a file that moves or a new import is followed),
 * cdk.json, package-lock.json (the CDK version), the context passed to synth
 * (deadlines, the runtime's URL) and the CDK_DEFAULT_* environment.
 *
 * The list of source files comes from the last synth (`inputs.json`, like a
 * compiler's dependency file): if none of them changed, no new import can
 * have appeared either, because adding one changes the importing file.
 */
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import type { SynthesizedTemplates } from '#infra/build-app';

const REPO_ROOT = resolve(import.meta.dirname, '..');
/** Bump when the cached entry's shape or what a synth means for the runtime changes. */
const CACHE_FORMAT = 1;
/** The entry point whose import graph is the CDK app, and files every synth depends on. */
const APP_ENTRY = 'infra/build-app.ts';
const ALWAYS = [APP_ENTRY, 'cdk.json', 'package-lock.json'];
/** Environment the CDK app reads while it builds. */
const ENV_KEYS = ['CDK_DEFAULT_ACCOUNT', 'CDK_DEFAULT_REGION'] as const;
/**
 * Entries kept (one per context: port and deadlines); older ones are removed. The test suites
 * alone use more than ten contexts (each workflow file its own deadlines): with fewer entries a
 * run evicts what the next one needs, and every such file synthesizes again (seconds each).
 */
const KEEP_ENTRIES = 32;

export interface SynthKeyInputs {
  /** Folder the file paths are relative to. */
  root: string;
  files: readonly string[];
  context: Readonly<Record<string, unknown>>;
  env: Readonly<Record<string, string | undefined>>;
}

/** JSON with object keys sorted, so equal values always hash the same. */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${stableJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'undefined';
}

/** The cache key: a hash of each file's path and content (or absence), the context and the environment. */
export async function synthCacheKey(inputs: SynthKeyInputs): Promise<string> {
  const hash = createHash('sha256').update(`format ${CACHE_FORMAT}\n`);
  for (const file of [...new Set(inputs.files)].sort()) {
    let content: Buffer | string;
    try {
      content = await readFile(join(inputs.root, file));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      content = '\u0000missing';
    }
    hash.update(`file ${file} ${content.length}\n`).update(content).update('\n');
  }
  hash.update(`context ${stableJson(inputs.context)}\nenv ${stableJson(inputs.env)}\n`);
  return hash.digest('hex').slice(0, 32);
}

/** The project files the CDK app imports, relative to `root`, found by esbuild (no output written). */
export async function appSourceFiles(root: string = REPO_ROOT): Promise<string[]> {
  const { build } = await import('esbuild');
  const result = await build({
    absWorkingDir: root,
    entryPoints: [APP_ENTRY],
    bundle: true,
    write: false,
    metafile: true,
    packages: 'external',
    platform: 'node',
    format: 'esm',
    logLevel: 'silent',
  });
  return Object.keys(result.metafile.inputs)
    .map((file) => relative(root, resolve(root, file)))
    .sort();
}

async function synthWithoutValidation(context: Record<string, unknown>): Promise<SynthesizedTemplates> {
  const { synthTemplates } = await import('#infra/build-app');
  return synthTemplates({ bundling: false, validate: false, context });
}

async function readJson<T>(path: string): Promise<T | undefined> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as T;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

async function writeAtomically(path: string, text: string): Promise<void> {
  const temporary = `${path}.${process.pid}.${Date.now()}.tmp`;
  await writeFile(temporary, text);
  await rename(temporary, path);
}

async function pruneEntries(cacheDir: string): Promise<void> {
  const entries = (await readdir(cacheDir)).filter((name) => /^[0-9a-f]{32}\.json$/.test(name));
  if (entries.length <= KEEP_ENTRIES) return;
  const dated = await Promise.all(
    entries.map(async (name) => ({ name, mtime: (await stat(join(cacheDir, name))).mtimeMs })),
  );
  dated.sort((a, b) => b.mtime - a.mtime);
  await Promise.all(dated.slice(KEEP_ENTRIES).map(({ name }) => rm(join(cacheDir, name), { force: true })));
}

export interface CachedTemplatesOptions {
  context: Record<string, unknown>;
  /** Default: .local/cache/synth in the repository. */
  cacheDir?: string;
  /** Default: the repository (tests point it at a copy). */
  root?: string;
  /** Default: the CDK app without aws-cdk-lib's validation. */
  synth?: (context: Record<string, unknown>) => Promise<SynthesizedTemplates>;
  /** Default: {@link appSourceFiles}. */
  sourceFiles?: (root: string) => Promise<string[]>;
  env?: Readonly<Record<string, string | undefined>>;
  log?: (line: string) => void;
}

/**
 * The templates for this context: from the cache when nothing they depend on
 * changed, else synthesized (and cached). `hit` says which.
 */
export async function cachedTemplates(
  options: CachedTemplatesOptions,
): Promise<{ templates: SynthesizedTemplates; hit: boolean; key: string }> {
  const root = options.root ?? REPO_ROOT;
  const cacheDir = options.cacheDir ?? join(REPO_ROOT, '.local', 'cache', 'synth');
  const env = options.env ?? Object.fromEntries(ENV_KEYS.map((name) => [name, process.env[name]]));
  const keyFor = (files: readonly string[]) =>
    synthCacheKey({ root, files: [...ALWAYS, ...files], context: options.context, env });
  const entryPath = (key: string) => join(cacheDir, `${key}.json`);

  const lastInputs = (await readJson<string[]>(join(cacheDir, 'inputs.json'))) ?? [];
  const key = await keyFor(lastInputs);
  const cached = lastInputs.length > 0 ? await readJson<SynthesizedTemplates>(entryPath(key)) : undefined;
  if (cached) return { templates: cached, hit: true, key };

  // A miss: hash the files the app imports now (before synth reads them), then synthesize.
  const files = await (options.sourceFiles ?? appSourceFiles)(root);
  const freshKey = await keyFor(files);
  const earlier = await readJson<SynthesizedTemplates>(entryPath(freshKey));
  if (earlier) {
    await writeAtomically(join(cacheDir, 'inputs.json'), JSON.stringify(files));
    return { templates: earlier, hit: true, key: freshKey };
  }
  options.log?.('synthesizing the CDK app (its sources changed since the last start, or first start)');
  const templates = await (options.synth ?? synthWithoutValidation)(options.context);
  await mkdir(cacheDir, { recursive: true });
  await writeAtomically(entryPath(freshKey), JSON.stringify(templates));
  await writeAtomically(join(cacheDir, 'inputs.json'), JSON.stringify(files));
  await pruneEntries(cacheDir);
  return { templates, hit: false, key: freshKey };
}
