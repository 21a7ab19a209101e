import { readFile } from 'node:fs/promises';
import { Validator } from '@seriousme/openapi-schema-validator';
import Ajv from 'ajv-draft-04';
import { describe, expect, it } from 'vitest';
import { ROUTES } from '#shared/catalog';
import { openApiDocument, requestModelSchemas } from '#shared/openapi/document';
import { createClusterBody, joinClusterBody, sample } from '#test/support/api-client';

const document = openApiDocument() as { paths: Record<string, Record<string, unknown>> };

describe('the OpenAPI document', () => {
  it('is the one kept in docs/openapi.json (run `npm run openapi` after changing a schema or route)', async () => {
    const kept = JSON.parse(await readFile(new URL('../../../docs/openapi.json', import.meta.url), 'utf8'));
    expect(kept).toEqual(JSON.parse(JSON.stringify(document)));
  });

  it('comes with the API Gateway request models kept in docs/api-gateway-models.json, which the CDK app reads', async () => {
    const kept = JSON.parse(
      await readFile(new URL('../../../docs/api-gateway-models.json', import.meta.url), 'utf8'),
    );
    expect(kept).toEqual(JSON.parse(JSON.stringify(requestModelSchemas())));
  });

  it('validates as OpenAPI 3.1', async () => {
    const result = await new Validator().validate(structuredClone(document));
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('describes exactly the routes the API serves', () => {
    const documented = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
    );
    const apiRoutes = ROUTES.filter((route) => route.auth !== 'portal' && route.auth !== 'console-sign-in');
    expect(documented.sort()).toEqual(apiRoutes.map((route) => `${route.method} ${route.path}`).sort());
  });
});

describe('the API Gateway request models', () => {
  const model = requestModelSchemas()['POST /applications'] ?? {};
  const validate = new Ajv({ allErrors: true, strict: false }).compile(model);

  it('are plain draft-4 with no references left', () => {
    expect(JSON.stringify(model)).not.toMatch(/"\$ref"|"const"|"\$defs"/);
    expect(model.$schema).toBe('http://json-schema.org/draft-04/schema#');
  });

  it('accept both application types and refuse unknown fields, unknown sectors and wrong types', () => {
    const members = sample.activeIn(['robotics'], 30);
    const create = createClusterBody(members, 'Model Cluster', ['robotics']);
    const join = joinClusterBody(sample.joinCandidate(0), sample.cluster.clusterId);
    expect(validate(create)).toBe(true);
    expect(validate(join)).toBe(true);
    expect(validate({ ...join, colour: 'green' })).toBe(false);
    expect(validate({ ...create, cluster: { ...create.cluster, sectors: ['astrology'] } })).toBe(false);
    expect(validate({ ...join, applicantInn: 7707083893 })).toBe(false);
    expect(validate({ ...join, type: 'MERGE_CLUSTERS' })).toBe(false);
  });
});
