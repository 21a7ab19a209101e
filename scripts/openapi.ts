import { execFileSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { openApiDocument, requestModelSchemas } from '#shared/openapi/document';

/**
 * `npm run openapi`: regenerates docs/openapi.json and docs/api-gateway-models.json
 * (the request models the CDK app reads; infra/ imports no product code). A test fails when either is stale.
 * The files are written in the project's format (Biome), so `npm run lint` passes on what it writes.
 */
const written: string[] = [];
for (const [file, content] of [
  ['openapi.json', openApiDocument()],
  ['api-gateway-models.json', requestModelSchemas()],
] as const) {
  const target = fileURLToPath(new URL(`../docs/${file}`, import.meta.url));
  await writeFile(target, `${JSON.stringify(content, null, 2)}\n`);
  written.push(target);
}
execFileSync(
  fileURLToPath(new URL('../node_modules/.bin/biome', import.meta.url)),
  ['format', '--write', ...written],
  {
    stdio: 'ignore',
  },
);
for (const target of written) console.log(`wrote ${target}`);
