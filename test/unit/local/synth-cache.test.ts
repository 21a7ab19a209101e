import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { SynthesizedTemplates } from '#infra/build-app';
import { appSourceFiles, cachedTemplates, synthCacheKey } from '#local/synth-cache';

/** A throwaway project folder with the files a synth depends on. */
async function project(): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'synth-cache-'));
  await mkdir(join(root, 'infra'), { recursive: true });
  await mkdir(join(root, 'workflows'), { recursive: true });
  await writeFile(join(root, 'infra/build-app.ts'), 'export const app = 1;\n');
  await writeFile(join(root, 'workflows/flow.ts'), 'export const flow = 1;\n');
  await writeFile(join(root, 'cdk.json'), '{"context":{}}\n');
  await writeFile(join(root, 'package-lock.json'), '{"lockfileVersion":3}\n');
  await writeFile(join(root, 'README.md'), 'not an input\n');
  return root;
}

const context = { publicBaseUrl: 'http://127.0.0.1:3000', reviewTimeoutSeconds: 20 };
const env = { CDK_DEFAULT_REGION: 'eu-central-1' };

describe('synth cache key', () => {
  it('is the same for the same inputs, whatever the order of files and context keys', async () => {
    const root = await project();
    const files = ['infra/build-app.ts', 'workflows/flow.ts', 'cdk.json'];
    const key = await synthCacheKey({ root, files, context, env });
    expect(key).toMatch(/^[0-9a-f]{32}$/);
    expect(
      await synthCacheKey({
        root,
        files: [...files].reverse(),
        context: { reviewTimeoutSeconds: 20, publicBaseUrl: 'http://127.0.0.1:3000' },
        env,
      }),
    ).toBe(key);
  });

  it('changes when a file, the context or the environment changes', async () => {
    const root = await project();
    const files = ['infra/build-app.ts', 'workflows/flow.ts'];
    const key = await synthCacheKey({ root, files, context, env });
    expect(
      await synthCacheKey({ root, files, context: { ...context, reviewTimeoutSeconds: 21 }, env }),
    ).not.toBe(key);
    expect(await synthCacheKey({ root, files, context, env: { CDK_DEFAULT_REGION: 'us-east-1' } })).not.toBe(
      key,
    );
    expect(await synthCacheKey({ root, files: [...files, 'workflows/missing.ts'], context, env })).not.toBe(
      key,
    );
    await writeFile(join(root, 'workflows/flow.ts'), 'export const flow = 2;\n');
    expect(await synthCacheKey({ root, files, context, env })).not.toBe(key);
  });
});

describe('cached templates', () => {
  const templates = (n: number): SynthesizedTemplates => ({
    data: { Resources: { n } },
    service: { Resources: {} },
    stateMachineName: `Machine${n}`,
  });

  async function setup() {
    const root = await project();
    let synths = 0;
    const synth = vi.fn(async () => templates(++synths));
    const options = {
      root,
      cacheDir: join(root, '.cache'),
      context,
      env,
      synth,
      sourceFiles: async () => ['cdk.json', 'infra/build-app.ts', 'workflows/flow.ts'],
    };
    return { root, synth, options };
  }

  it('synthesizes once, then serves the same templates from the cache', async () => {
    const { synth, options } = await setup();
    const first = await cachedTemplates(options);
    expect(first.hit).toBe(false);
    expect(synth).toHaveBeenCalledTimes(1);
    expect(synth).toHaveBeenCalledWith(context);
    const second = await cachedTemplates(options);
    expect(second).toEqual({ templates: first.templates, hit: true, key: first.key });
    expect(synth).toHaveBeenCalledTimes(1);
  });

  it('synthesizes again when a source file the app imports changes, not when another file does', async () => {
    const { root, synth, options } = await setup();
    await cachedTemplates(options);
    await writeFile(join(root, 'README.md'), 'edited\n');
    expect((await cachedTemplates(options)).hit).toBe(true);
    await writeFile(join(root, 'workflows/flow.ts'), 'export const flow = 2;\n');
    const after = await cachedTemplates(options);
    expect(after.hit).toBe(false);
    expect(after.templates.stateMachineName).toBe('Machine2');
    expect(synth).toHaveBeenCalledTimes(2);
    expect((await cachedTemplates(options)).hit).toBe(true);
  });

  it('synthesizes again when cdk.json, package-lock.json or the context changes', async () => {
    const { root, synth, options } = await setup();
    await cachedTemplates(options);
    await writeFile(join(root, 'package-lock.json'), '{"lockfileVersion":3,"packages":{}}\n');
    expect((await cachedTemplates(options)).hit).toBe(false);
    await writeFile(join(root, 'cdk.json'), '{"context":{"appName":"X"}}\n');
    expect((await cachedTemplates(options)).hit).toBe(false);
    expect(
      (await cachedTemplates({ ...options, context: { ...context, reviewTimeoutSeconds: 5 } })).hit,
    ).toBe(false);
    expect(synth).toHaveBeenCalledTimes(4);
    // Back to the first context (with today's files): its entry is still there.
    expect((await cachedTemplates(options)).hit).toBe(true);
  });

  it('follows a new import: the importing file changed, and the new file is an input from then on', async () => {
    const { root, options } = await setup();
    const sourceFiles = vi.fn(options.sourceFiles);
    await cachedTemplates({ ...options, sourceFiles });
    await writeFile(join(root, 'workflows/part.ts'), 'export const part = 1;\n');
    await writeFile(join(root, 'workflows/flow.ts'), "export { part } from './part.ts';\n");
    const files = ['cdk.json', 'infra/build-app.ts', 'workflows/flow.ts', 'workflows/part.ts'];
    expect((await cachedTemplates({ ...options, sourceFiles: async () => files })).hit).toBe(false);
    expect(JSON.parse(await readFile(join(root, '.cache/inputs.json'), 'utf8'))).toEqual(files);
    await writeFile(join(root, 'workflows/part.ts'), 'export const part = 2;\n');
    expect((await cachedTemplates({ ...options, sourceFiles: async () => files })).hit).toBe(false);
  });
});

describe('the CDK app sources', () => {
  it('are found from infra/build-app.ts: the stacks, the workflow, the catalog, cdk.json', async () => {
    const files = await appSourceFiles(resolve(import.meta.dirname, '../../..'));
    expect(files).toContain('infra/build-app.ts');
    expect(files).toContain('cdk.json');
    expect(files).toContain('workflows/application-workflow.ts');
    expect(files.some((file) => file.endsWith('catalog.ts'))).toBe(true);
    expect(files.some((file) => file.startsWith('node_modules/'))).toBe(false);
  });
});
