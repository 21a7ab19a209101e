import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The import rules of the layers (README: Layers) are Biome rules
 * (`noRestrictedImports` per folder in biome.json), so `npm run lint` fails
 * on a wrong-way import. These tests put a one-line module into a folder
 * and lint it with the project's biome.json, so a rule that stops matching (a
 * renamed folder, a glob that no longer fits) fails here rather than going
 * quiet. The probes live in a scratch copy of the layout, never in the tree
 * (other suites read it while this one runs).
 */

const ROOT = join(import.meta.dirname, '../../..');
const BIOME = join(ROOT, 'node_modules/.bin/biome');
const run = promisify(execFile);

interface LintResult {
  exitCode: number;
  output: string;
}

let scratch: string;

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'layers-'));
  const config = JSON.parse(await readFile(join(ROOT, 'biome.json'), 'utf8'));
  // The scratch folder is no git work tree; the rules are the project's own.
  await writeFile(join(scratch, 'biome.json'), JSON.stringify({ ...config, vcs: { enabled: false } }));
});

afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

async function lint(paths: string[], cwd = ROOT): Promise<LintResult> {
  try {
    const { stdout, stderr } = await run(BIOME, ['lint', '--max-diagnostics=50', ...paths], {
      cwd,
      maxBuffer: 16 * 1024 * 1024,
    });
    return { exitCode: 0, output: stdout + stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { exitCode: failed.code ?? 1, output: `${failed.stdout ?? ''}${failed.stderr ?? ''}` };
  }
}

/** Lints a module at `folder` of the layout that imports `specifier`. */
async function lintImport(folder: string, specifier: string): Promise<LintResult> {
  const file = join(folder, `layer-probe-${randomBytes(4).toString('hex')}.ts`);
  await mkdir(join(scratch, folder), { recursive: true });
  await writeFile(
    join(scratch, file),
    `import { probe } from '${specifier}';\n\nexport const used = probe;\n`,
  );
  return lint([file], scratch);
}

const WRONG_WAY: ReadonlyArray<[folder: string, specifier: string]> = [
  ['shared/domain', '#shared/adapters/dynamodb'],
  ['shared/domain', '#shared/use-cases/ports'],
  ['shared/domain', '#shared/errors'],
  ['shared/domain', '@aws-sdk/lib-dynamodb'],
  ['shared/use-cases', '#shared/adapters/registry-store'],
  ['shared/use-cases', '#shared/http/api'],
  ['shared/use-cases', '#shared/pages/review-page'],
  ['shared/use-cases', '#functions/composition/stores'],
  ['shared/use-cases', '@aws-sdk/lib-dynamodb'],
  ['shared/use-cases', '../adapters/dynamodb.ts'],
  ['shared/adapters', '#shared/use-cases/check-eligibility'],
  ['shared/adapters', '#shared/http/api'],
  ['shared/pages', '#functions/composition/stores'],
  ['shared/http', '#local/runtime'],
  ['functions/check-eligibility', '#local/runtime'],
  ['infra/constructs', '#shared/errors'],
  ['infra/constructs', '#shared/domain/application'],
  ['infra', '#functions/composition/stores'],
  ['workflows', '#shared/use-cases/ports'],
  ['workflows/fragments', '#shared/schemas/workflow'],
];

const RIGHT_WAY: ReadonlyArray<[folder: string, specifier: string]> = [
  ['shared/domain', '#shared/domain/sectors'],
  ['shared/use-cases', '#shared/use-cases/ports'],
  ['shared/use-cases', '#shared/domain/application'],
  ['shared/use-cases', '#shared/schemas/workflow'],
  ['shared/adapters', '#shared/use-cases/ports'],
  ['shared/adapters', '#shared/domain/registry'],
  ['functions/check-eligibility', '#functions/composition/stores'],
  ['infra/constructs', '#shared/catalog'],
  ['infra/constructs', '#shared/config-defaults'],
  ['infra/constructs', '#shared/http/request-limits'],
  ['workflows', '#shared/catalog'],
  ['local', '#shared/adapters/dynamodb'],
];

describe('the layers, as the linter enforces them', () => {
  it.each(WRONG_WAY)('refuses an import in %s of %s', async (folder, specifier) => {
    const result = await lintImport(folder, specifier);
    expect(result.output).toContain('lint/style/noRestrictedImports');
    expect(result.exitCode).not.toBe(0);
  });

  it.each(RIGHT_WAY)('allows an import in %s of %s', async (folder, specifier) => {
    const result = await lintImport(folder, specifier);
    expect(result.output).not.toContain('noRestrictedImports');
  });

  it('finds no wrong-way import in the tree as it is', async () => {
    const result = await lint(['shared', 'functions', 'infra', 'workflows', 'local']);
    expect(result.output).not.toContain('noRestrictedImports');
  });
});
