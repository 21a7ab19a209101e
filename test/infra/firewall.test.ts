import { Readable } from 'node:stream';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { buildApp } from '#infra/build-app';
import {
  BODY_FAMILIES,
  BODY_INSPECTION_LIMIT,
  BODY_LIMIT_MARGIN,
  LINK_PAGE_SEGMENTS,
  sizedByFirewall,
} from '#infra/constructs/firewall';
import { ROUTES } from '#shared/catalog';
import { DIRECTORY_IMPORT_MAX_BYTES, MAX_BODY_BYTES } from '#shared/http/request-limits';
import { expertFromRow, officialFromRow } from '#shared/use-cases/import-directory';
import { csvRows } from '#shared/use-cases/import-registry';
import {
  BODY_ROUTES,
  DIRECTORY_PEOPLE,
  directoryCsv,
  directoryImportBodies,
  largestBodies,
  largestBodyBytes,
  TEXT_FILLERS,
} from '#test/support/request-bodies';
import { scaled } from '#test/support/timeouts';
import { evaluate, inspectionLimitBytes, type WafRequest } from './waf-evaluator';

// The validated synth (cdk-nag, Control Tower controls, CloudFormation validation) is app.test.ts's;
// this file reads the same templates without the 4 s validator.
process.env.CDK_VALIDATION = 'false';

type Json = Record<string, unknown>;

let service: Template;
let acl: Json;
let bodies: Record<string, { ContentType: string; Content: string }>;

beforeAll(() => {
  const built = buildApp({
    bundling: false,
    nag: false,
    context: { alarmEmail: 'alarms@example.org', supportContact: 'clusters@example.city' },
  });
  service = Template.fromStack(built.service);
  const acls = Object.values(service.findResources('AWS::WAFv2::WebACL'));
  expect(acls).toHaveLength(1);
  acl = (acls[0] as { Properties: Json }).Properties;
  bodies = acl.CustomResponseBodies as typeof bodies;
}, scaled(120_000));

/** A request path of a catalog route: with the stage of the execute-api URL, and without (a custom domain). */
function requestPaths(path: string): string[] {
  const concrete = path.replace(/\{[^}]+\}/g, 'a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6');
  return [`/api${concrete}`, concrete];
}

const isLinkRoute = (path: string) => LINK_PAGE_SEGMENTS.includes(path.split('/')[1] ?? '');

describe('the largest valid bodies', () => {
  it('are valid, and no field or list of them can grow', () => {
    for (const route of BODY_ROUTES) {
      for (const body of route.largest(TEXT_FILLERS.cyrillic)) {
        expect(route.schema.safeParse(body).success, route.key).toBe(true);
        for (const grown of grownByOne(body)) {
          expect(route.schema.safeParse(grown.body).success, `${route.key}: ${grown.path} + 1`).toBe(false);
        }
      }
    }
  });

  it('carry every field the schema knows', () => {
    for (const route of BODY_ROUTES) {
      const document = z.toJSONSchema(route.schema, { io: 'input', unrepresentable: 'any' }) as Json;
      const resolve = (node: Json): Json => {
        const ref = node.$ref as string | undefined;
        const defs = (document.$defs ?? {}) as Record<string, Json>;
        return ref ? resolve(defs[ref.replace('#/$defs/', '')] as Json) : node;
      };
      const schema = resolve(document);
      const alternatives = ((schema.oneOf ?? schema.anyOf ?? [schema]) as Json[]).map(resolve);
      const largest = route.largest(TEXT_FILLERS.cyrillic);
      expect(largest).toHaveLength(alternatives.length);
      for (const [index, alternative] of alternatives.entries()) {
        expect(missingProperties(alternative, largest[index]), route.key).toEqual([]);
      }
    }
  });

  it('cover every catalog route that takes a body', () => {
    const posts = ROUTES.filter((route) => route.method === 'POST' || route.method === 'PUT').map(
      (r) => `${r.method} ${r.path}`,
    );
    // The withdrawal takes no body (anything sent is ignored): the 8 KB rule of every other route applies.
    // The directories' CSV imports carry a file, not a schema's fields: sized from a real directory (below).
    const csvImports = ['experts', 'officials'].flatMap((kind) => [
      `POST /admin/api/${kind}/import`,
      `POST /admin/${kind}/import`,
    ]);
    // The console's sign-in form (an operator id) and sign-out (nothing) keep the 8 KB rule too.
    const consoleSignIn = ['POST /admin/sign-in', 'POST /admin/sign-out'];
    expect(
      [
        ...BODY_ROUTES.map((route) => route.key),
        'POST /applications/{id}/withdraw',
        ...csvImports,
        ...consoleSignIn,
      ].sort(),
    ).toEqual(posts.sort());
  });

  it('measure as expected: Cyrillic forms about 30 KB, 2,000 members and 200 partners about 370 KB', () => {
    const size = (key: string, encoding: string, filler = 'cyrillic') =>
      largestBodies().find((b) => b.key === key && b.encoding === encoding && b.filler === filler)?.bytes;
    expect(size('POST /reviews/{reviewId}', 'form')).toBeGreaterThan(30_000);
    expect(size('POST /applications', 'json')).toBeGreaterThan(180_000);
    expect(size('POST /applications', 'jsonAscii')).toBeGreaterThan(360_000);
  });
});

describe('a real directory to import', () => {
  it('is valid, row by row, for both directories', async () => {
    for (const [kind, fromRow] of [
      ['experts', expertFromRow],
      ['officials', officialFromRow],
    ] as const) {
      let rows = 0;
      for await (const { record } of csvRows(Readable.from([directoryCsv(kind, 3)]))) {
        expect(fromRow(record), kind).not.toHaveProperty('reasons');
        rows += 1;
      }
      expect(rows).toBe(3);
    }
  });

  it('measures 1,000 experts at about 230 KB as CSV, 430 KB pasted in the console: beyond what WAF inspects', () => {
    const bytes = (key: string) => directoryImportBodies().find((body) => body.key === key)?.bytes ?? 0;
    expect(bytes('POST /admin/api/experts/import')).toBeGreaterThan(220_000);
    expect(bytes('POST /admin/experts/import')).toBeGreaterThan(420_000);
    expect(bytes('POST /admin/api/officials/import')).toBeGreaterThan(300_000);
    for (const body of directoryImportBodies()) {
      expect(body.bytes, body.key).toBeGreaterThan(BODY_INSPECTION_LIMIT.bytes);
    }
  });
});

/** A route's largest body: from its schema, or for a CSV import from a real directory. */
const largestBytes = (route: string) =>
  Math.max(
    0,
    ...directoryImportBodies()
      .filter((body) => body.key === route)
      .map((body) => body.bytes),
  ) || largestBodyBytes(route);

describe('the firewall', () => {
  it('sizes each route family above its largest valid body, with margin: within what WAF inspects, or at the API limit', () => {
    for (const family of BODY_FAMILIES) {
      if (!sizedByFirewall(family)) {
        expect([MAX_BODY_BYTES, DIRECTORY_IMPORT_MAX_BYTES], family.name).toContain(family.limitBytes);
      }
      for (const route of family.routes) {
        expect(largestBytes(route) + BODY_LIMIT_MARGIN, route).toBeLessThanOrEqual(family.limitBytes);
      }
    }
  });

  it(`lets a directory of ${DIRECTORY_PEOPLE} people through to the import routes, and leaves the larger to the handler`, () => {
    const imports = BODY_FAMILIES.filter((family) => family.name.startsWith('DirectoryImport'));
    expect(imports.flatMap((family) => family.routes).sort()).toEqual(
      ['experts', 'officials']
        .flatMap((kind) => [`POST /admin/api/${kind}/import`, `POST /admin/${kind}/import`])
        .sort(),
    );
    for (const body of directoryImportBodies()) {
      const [method, path = ''] = body.key.split(' ');
      for (const uriPath of requestPaths(path)) {
        for (const bodyBytes of [body.bytes, DIRECTORY_IMPORT_MAX_BYTES + 1]) {
          expect(evaluate(acl, { method: method as string, uriPath, bodyBytes }).action, uriPath).toBe(
            'allow',
          );
        }
      }
    }
  });

  it('lets the largest valid body of every route through, in every encoding', () => {
    const refused: string[] = [];
    for (const body of largestBodies()) {
      const [method, path = ''] = body.key.split(' ');
      for (const uriPath of requestPaths(path)) {
        const verdict = evaluate(acl, { method: method as string, uriPath, bodyBytes: body.bytes });
        if (verdict.action !== 'allow')
          refused.push(`${uriPath} ${body.encoding}/${body.filler} ${body.bytes}`);
      }
    }
    expect(refused).toEqual([]);
  });

  it('lets every route through without a body', () => {
    for (const route of ROUTES) {
      for (const uriPath of requestPaths(route.path)) {
        expect(evaluate(acl, { method: route.method, uriPath, bodyBytes: 0 }).action).toBe('allow');
      }
    }
  });

  it('would refuse the large forms with the common rule set unmodified (the check can fail)', () => {
    const unmodified = structuredClone(acl);
    for (const rule of unmodified.Rules as Json[]) {
      const group = (rule.Statement as Json).ManagedRuleGroupStatement as Json | undefined;
      if (group) delete group.RuleActionOverrides;
    }
    const review = largestBodies().find((b) => b.key === 'POST /reviews/{reviewId}' && b.encoding === 'form');
    expect(
      evaluate(unmodified, { method: 'POST', uriPath: '/api/reviews/x', bodyBytes: review?.bytes ?? 0 })
        .action,
    ).toBe('block');
  });

  it('keeps the link forms within what it inspects whole: only the application bodies and CSV imports are sized by the API', () => {
    expect(BODY_FAMILIES.filter((family) => !sizedByFirewall(family)).flatMap((f) => f.routes)).toEqual([
      'POST /applications',
      'PUT /applications/{id}',
      // The portal's create form and its resubmission: the same application as a form.
      'POST /portal/applications',
      'POST /portal/applications/{id}/resubmit',
      // The directories' CSV imports: a real directory, as text/csv or pasted in the console.
      'POST /admin/api/experts/import',
      'POST /admin/api/officials/import',
      'POST /admin/experts/import',
      'POST /admin/officials/import',
    ]);
  });

  it('inspects every body it sizes whole, and blocks larger ones with 403', () => {
    const limit = inspectionLimitBytes(acl);
    expect(limit).toBe(BODY_INSPECTION_LIMIT.bytes);
    for (const route of ROUTES) {
      const key = `${route.method} ${route.path}`;
      const family = BODY_FAMILIES.find((f) => f.routes.includes(key));
      if (family && !sizedByFirewall(family)) continue;
      const tooLarge = (family?.limitBytes ?? 8 * 1024) + 1;
      for (const uriPath of requestPaths(route.path)) {
        for (const bodyBytes of [tooLarge, limit + 10_000]) {
          const verdict = evaluate(acl, { method: route.method, uriPath, bodyBytes });
          expect(verdict, `${key} ${bodyBytes}`).toMatchObject({ action: 'block', status: 403 });
          expect(verdict.action === 'block' && verdict.bodyKey).toBe(
            isLinkRoute(route.path) ? 'blockedPage' : 'blockedJson',
          );
        }
      }
    }
  });

  it('answers its rate limit with 429 and a Retry-After, a page on link routes', () => {
    for (const route of ROUTES) {
      const request: WafRequest = {
        method: route.method,
        uriPath: requestPaths(route.path)[0] as string,
        bodyBytes: 0,
        rateExceeded: true,
      };
      const verdict = evaluate(acl, request);
      expect(verdict).toMatchObject({ action: 'block', status: 429 });
      expect(verdict.action === 'block' && verdict.bodyKey).toBe(
        isLinkRoute(route.path) ? 'rateLimitedPage' : 'rateLimitedJson',
      );
    }
    const rateRules = (acl.Rules as Json[]).filter((rule) => String(rule.Name).startsWith('RateLimitOn'));
    for (const rule of rateRules) {
      const headers = ((rule.Action as Json).Block as Json).CustomResponse as Json;
      expect(headers.ResponseHeaders).toEqual(
        expect.arrayContaining([{ Name: 'retry-after', Value: expect.stringMatching(/^\d+$/) }]),
      );
    }
  });

  it('answers with a Russian and English page on link routes and the error body of the spec elsewhere', () => {
    expect(bodies.blockedPage?.ContentType).toBe('TEXT_HTML');
    expect(bodies.blockedPage?.Content).toMatch(/отклонён/);
    expect(bodies.blockedPage?.Content).toMatch(/refused by the firewall/);
    expect(bodies.blockedPage?.Content).toContain('clusters@example.city');
    expect(bodies.rateLimitedPage?.ContentType).toBe('TEXT_HTML');
    expect(bodies.blockedJson?.ContentType).toBe('APPLICATION_JSON');
    expect(JSON.parse(bodies.blockedJson?.Content ?? '')).toEqual({
      error: { code: 'FORBIDDEN', message: expect.stringContaining('firewall'), details: [] },
    });
    expect(JSON.parse(bodies.rateLimitedJson?.Content ?? '').error).toMatchObject({
      code: 'TOO_MANY_REQUESTS',
      details: [],
    });
    for (const body of Object.values(bodies)) expect(Buffer.byteLength(body.Content)).toBeLessThan(4096);
    // Blocks inside the AWS managed rule groups are answered by API Gateway.
    service.hasResourceProperties('AWS::ApiGateway::GatewayResponse', {
      ResponseType: 'WAF_FILTERED',
      StatusCode: '403',
      ResponseTemplates: {
        'application/json': Match.stringLikeRegexp('"code":"FORBIDDEN"'),
        'text/html': bodies.blockedPage?.Content,
      },
    });
  });

  it('runs the AWS IP reputation, known bad inputs and common rule sets', () => {
    const groups = (acl.Rules as Json[]).flatMap((rule) => {
      const group = (rule.Statement as Json).ManagedRuleGroupStatement as Json | undefined;
      return group ? [group.Name] : [];
    });
    expect(groups).toEqual(
      expect.arrayContaining([
        'AWSManagedRulesAmazonIpReputationList',
        'AWSManagedRulesKnownBadInputsRuleSet',
        'AWSManagedRulesCommonRuleSet',
      ]),
    );
  });

  it('logs to an aws-waf-logs- group without credentials', () => {
    const [logging] = Object.values(service.findResources('AWS::WAFv2::LoggingConfiguration')) as Array<{
      Properties: Json;
    }>;
    expect(logging?.Properties.RedactedFields).toEqual(
      expect.arrayContaining([
        { SingleHeader: { Name: 'authorization' } },
        { SingleHeader: { Name: 'cookie' } },
        { QueryString: {} },
      ]),
    );
    expect(JSON.stringify(logging?.Properties.LogDestinationConfigs)).toContain(':log-group:aws-waf-logs-');
    service.hasResourceProperties('AWS::Logs::LogGroup', {
      LogGroupName: { 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp('^aws-waf-logs-')])] },
    });
  });
});

/** Copies of `body` with one string field one character longer, or one list one item longer. */
function grownByOne(body: unknown, path = ''): Array<{ path: string; body: unknown }> {
  if (typeof body === 'string') return [{ path, body: body + body.slice(-1) }];
  if (Array.isArray(body)) {
    const grownItems = body.length > 0 ? grownByOne(body[0], `${path}[0]`) : [];
    return [
      { path: `${path}[]`, body: [...body, body.at(-1)] },
      ...grownItems.map((grown) => ({ path: grown.path, body: [grown.body, ...body.slice(1)] })),
    ];
  }
  if (body && typeof body === 'object') {
    return Object.entries(body).flatMap(([key, value]) =>
      grownByOne(value, path ? `${path}.${key}` : key).map((grown) => ({
        path: grown.path,
        body: { ...body, [key]: grown.body },
      })),
    );
  }
  return [];
}

function missingProperties(schema: Json, value: unknown, path = ''): string[] {
  const properties = schema.properties as Record<string, Json> | undefined;
  if (!properties || !value || typeof value !== 'object') return [];
  return Object.entries(properties).flatMap(([key, property]) => {
    const here = path ? `${path}.${key}` : key;
    if (!(key in value)) return [here];
    return missingProperties(property, (value as Json)[key], here);
  });
}
