import { writeFile } from 'node:fs/promises';
import { openApiDocument } from '#shared/openapi/document';

/** `npm run openapi`: regenerates docs/openapi.json (a test fails when it is stale). */
const target = new URL('../docs/openapi.json', import.meta.url);
await writeFile(target, `${JSON.stringify(openApiDocument(), null, 2)}\n`);
console.log(`wrote ${target.pathname}`);
