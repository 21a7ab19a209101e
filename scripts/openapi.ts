import { writeFile } from 'node:fs/promises';
import { openApiDocument, requestModelSchemas } from '#shared/openapi/document';

/**
 * `npm run openapi`: regenerates docs/openapi.json and docs/api-gateway-models.json
 * (the request models the CDK app reads; infra/ imports no product code). A test fails when either is stale.
 */
for (const [file, content] of [
  ['openapi.json', openApiDocument()],
  ['api-gateway-models.json', requestModelSchemas()],
] as const) {
  const target = new URL(`../docs/${file}`, import.meta.url);
  await writeFile(target, `${JSON.stringify(content, null, 2)}\n`);
  console.log(`wrote ${target.pathname}`);
}
