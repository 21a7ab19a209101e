import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { MAX_BODY_BYTES } from '#shared/http/request-limits';
import { joinClusterBody, sample } from '#test/support/api-client';
import { submitAs, suiteClient } from '#test/support/e2e';
import { suiteRuntimeUrl } from '#test/support/lanes';
import { scaled } from '#test/support/timeouts';

/**
 * The API against its own document: requests generated from the served
 * OpenAPI document (every route; its path parameters, query parameters and
 * bodies, valid and mutated: wrong types, oversize, bad encodings, odd
 * headers and media types) must never get a 5xx, and every answer must be a
 * status the document lists for the route, with a body valid against the
 * schema it documents for that status and media type.
 *
 * Bounded: REQUESTS requests from a fixed seed, CONCURRENCY at a time. Writes
 * stay inside this test's own data: every submission carries one
 * Idempotency-Key (one application at most), and the only link posted with a
 * valid signature is this test's own review link.
 */
const SEED = 20261101;
const REQUESTS = 3000;
const CONCURRENCY = 4;
const BASE_URL = suiteRuntimeUrl();
const SCHEMA_ID = 'https://fuzz.local/openapi.json';

type Json = Record<string, unknown>;
interface Operation {
  method: string;
  path: string;
  parameters: Array<{ name: string; in: string; schema?: Json }>;
  requestBody?: { content: Record<string, unknown> };
  responses: Record<string, { content?: Record<string, { schema: Json }> }>;
}
interface FuzzRequest {
  operation: Operation;
  /** Another method than the operation's, on its path: the document's 405. */
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: Buffer;
  label: string;
}

const client = suiteClient();
const applicant = sample.joinCandidate(23);
const stranger = sample.joinCandidate(24);
const IDEMPOTENCY_KEY = 'openapi-fuzz-0001';
const validJoin = joinClusterBody(applicant, sample.cluster.clusterId);

let operations: Operation[] = [];
const validators = new Map<string, ValidateFunction>();
const known = {
  token: '',
  strangerToken: '',
  applicationId: '',
  reviewLink: new URL('http://x/'),
  clusterCursor: '',
  organizationCursor: '',
};

beforeAll(async () => {
  const document = (await (await fetch(new URL('/openapi.json', BASE_URL))).json()) as {
    paths: Record<string, Record<string, Operation>>;
    components: { schemas: Json };
  };
  operations = Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({
      ...operation,
      method: method.toUpperCase(),
      path,
      parameters: operation.parameters ?? [],
    })),
  );
  // References into the document point at the components of one schema registered under SCHEMA_ID.
  const rebased = (schema: unknown) =>
    JSON.parse(JSON.stringify(schema).replaceAll('"#/components/schemas/', `"${SCHEMA_ID}#/$defs/`));
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats.default(ajv);
  const components = Object.fromEntries(
    Object.entries(rebased(document.components.schemas) as Record<string, Json>).map(
      ([name, { $id: _id, ...schema }]) => [name, schema],
    ),
  );
  ajv.addSchema({ $id: SCHEMA_ID, $defs: components });
  for (const operation of operations) {
    for (const [status, response] of Object.entries(operation.responses)) {
      for (const [mediaType, { schema }] of Object.entries(response.content ?? {})) {
        validators.set(
          `${operation.method} ${operation.path} ${status} ${mediaType}`,
          ajv.compile(rebased(schema)),
        );
      }
    }
  }

  const submitted = await submitAs(client, validJoin, IDEMPOTENCY_KEY);
  known.token = submitted.token;
  known.applicationId = submitted.applicationId;
  known.strangerToken = await client.login(stranger.inn);
  const [link = ''] = await client.waitForLinks(known.applicationId, 'reviews', 1);
  known.reviewLink = new URL(link);
  known.clusterCursor = (await client.request('GET', '/clusters?limit=1')).body.next ?? '';
  known.organizationCursor = (await client.request('GET', '/organizations?limit=1')).body.next ?? '';
});

// ---- generators ----------------------------------------------------------------------------------

const encode = (text: string) => {
  try {
    return encodeURIComponent(text);
  } catch {
    return '%ED%A0%80'; // a lone surrogate, as the bytes a client could send
  }
};

/** Raw path segments a client can send that are not valid percent-encoded UTF-8, or odd ones. */
const rawBadSegments = fc.constantFrom(
  '%',
  '%E0%A4%A',
  '%C0%AF',
  '%FF',
  '%ED%A0%80',
  '%00',
  '..',
  '%2F',
  '%25',
);

const oddText = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.constantFrom(
    '',
    ' ',
    'null',
    '0',
    '-1',
    '1e3',
    'true',
    '[]',
    '{}',
    'a'.repeat(3000),
    '\u0000',
    '\u202e',
  ),
);

function pathValue(name: string): fc.Arbitrary<string> {
  const linkId = known.reviewLink.pathname.split('/')[2] ?? '';
  const valid: Record<string, string[]> = {
    id: [known.applicationId, sample.cluster.clusterId, 'app_0000000000zzzz', 'clu_0000000000zzzz'],
    inn: [applicant.inn, sample.suspended().inn, '7707083893', '7707083894'],
    reviewId: [linkId],
    signoffId: [linkId, 'x'.repeat(24)],
  };
  return fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...(valid[name] ?? ['x'])) },
    // Not empty: `/organizations/` is another route's path, not this one's with an empty parameter.
    { weight: 2, arbitrary: oddText.map(encode).filter((segment) => segment.length > 0) },
    { weight: 1, arbitrary: rawBadSegments },
  );
}

function queryValue(name: string, schema: Json | undefined): fc.Arbitrary<string> {
  const link = known.reviewLink.searchParams;
  const valid: fc.Arbitrary<string> =
    name === 'limit'
      ? fc.integer({ min: 1, max: 100 }).map(String)
      : name === 'cursor'
        ? fc.constantFrom(known.clusterCursor, known.organizationCursor)
        : name === 'sector'
          ? fc.constantFrom(...((schema?.enum as string[] | undefined) ?? ['it']))
          : fc.constant(link.get(name) ?? '');
  const crafted =
    name === 'cursor'
      ? fc.oneof(
          fc.constant('e30'),
          fc.jsonValue().map((value) => Buffer.from(JSON.stringify(value)).toString('base64url')),
          fc
            .record({ PK: fc.string(), SK: fc.string(), GSI1PK: fc.string(), GSI1SK: fc.string() })
            .map((value) => Buffer.from(JSON.stringify(value)).toString('base64url')),
        )
      : fc.constantFrom('0', '101', '-1', '7abc', '1.5', '99999999999999999999', 'NaN');
  return fc.oneof(
    { weight: 3, arbitrary: valid },
    { weight: 1, arbitrary: crafted },
    { weight: 1, arbitrary: oddText },
  );
}

/** A leaf of a JSON value replaced by anything: the mutation of a valid body. */
function mutate(value: unknown, path: readonly (string | number)[], replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const [head, ...rest] = path;
  if (Array.isArray(value))
    return value.map((item, index) => (index === head ? mutate(item, rest, replacement) : item));
  if (value && typeof value === 'object') {
    const copy: Json = { ...(value as Json) };
    copy[String(head)] = mutate(copy[String(head)], rest, replacement);
    return copy;
  }
  return replacement;
}

function leafPaths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(value))
    return [prefix, ...value.slice(0, 3).flatMap((item, index) => leafPaths(item, [...prefix, index]))];
  if (value && typeof value === 'object')
    return [prefix, ...Object.entries(value).flatMap(([key, item]) => leafPaths(item, [...prefix, key]))];
  return [prefix];
}

function validBody(operation: Operation): Json {
  if (operation.path === '/applications') return validJoin;
  if (operation.path.startsWith('/reviews'))
    return { recommendation: 'APPROVE', innovation: 8, feasibility: 7, cooperation: 9, comment: 'Fuzzed' };
  return { decision: 'APPROVE', comment: '' };
}

const formEncode = (body: unknown) =>
  body && typeof body === 'object' && !Array.isArray(body)
    ? new URLSearchParams(
        Object.entries(body).map(([key, value]): [string, string] => [
          key,
          typeof value === 'string' ? value : JSON.stringify(value),
        ]),
      ).toString()
    : String(body);

const CONTENT_TYPES = [
  'application/json',
  'application/json; charset=utf-8',
  'application/vnd.api+json',
  'application/x-www-form-urlencoded',
  'text/plain',
  'multipart/form-data; boundary=x',
  'application/xml',
  'garbage',
  '',
];

function bodyArbitrary(
  operation: Operation,
): fc.Arbitrary<{ body?: Buffer; contentType?: string; kind: string }> {
  const valid = validBody(operation);
  const paths = leafPaths(valid);
  const json = (value: unknown) => Buffer.from(JSON.stringify(value));
  const mutated = fc
    .tuple(
      fc.constantFrom(...paths),
      fc.oneof(fc.jsonValue(), oddText, fc.constantFrom(true, [5], '7', 1e308, -0, null)),
    )
    .map(([path, replacement]) => mutate(valid, path, replacement));
  return fc.oneof(
    {
      weight: 2,
      arbitrary: fc.constant({ body: json(valid), contentType: 'application/json', kind: 'valid' }),
    },
    {
      weight: 8,
      arbitrary: mutated.map((body) => ({
        body: json(body),
        contentType: 'application/json',
        kind: 'mutated',
      })),
    },
    {
      weight: 2,
      arbitrary: fc
        .jsonValue()
        .map((body) => ({ body: json(body), contentType: 'application/json', kind: 'any-json' })),
    },
    {
      weight: 2,
      arbitrary: fc.oneof(fc.constant(valid), mutated).map((body) => ({
        body: Buffer.from(formEncode(body)),
        contentType: 'application/x-www-form-urlencoded',
        kind: 'form',
      })),
    },
    {
      weight: 2,
      arbitrary: fc
        .tuple(
          fc.oneof(fc.string(), fc.constantFrom('{', '{"a":', '[1,]', 'nul', '\u0000', '{}}')),
          fc.constantFrom(...CONTENT_TYPES),
        )
        .map(([text, contentType]) => ({ body: Buffer.from(text), contentType, kind: 'bad-syntax' })),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom(...CONTENT_TYPES).map((contentType) => ({
        body: Buffer.concat([
          Buffer.from('{"comment":"'),
          Buffer.from([0xc3, 0x28, 0xff, 0xfe]),
          Buffer.from('"}'),
        ]),
        contentType,
        kind: 'bad-utf8',
      })),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom(...CONTENT_TYPES).map((contentType) => ({
        body: Buffer.alloc(MAX_BODY_BYTES + 1024, 'a'),
        contentType,
        kind: 'oversize',
      })),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom(...CONTENT_TYPES).map((contentType) => ({ contentType, kind: 'no-body' })),
    },
  );
}

function requestArbitrary(operation: Operation): fc.Arbitrary<FuzzRequest> {
  const pathParameters = operation.parameters.filter((parameter) => parameter.in === 'path');
  const queryParameters = operation.parameters.filter((parameter) => parameter.in === 'query');
  const path = fc
    .tuple(...pathParameters.map((parameter) => pathValue(parameter.name)))
    .map((values) =>
      pathParameters.reduce(
        (out, parameter, index) => out.replace(`{${parameter.name}}`, values[index] ?? ''),
        operation.path,
      ),
    );
  const query = fc
    .tuple(
      ...queryParameters.map((parameter) =>
        fc.option(queryValue(parameter.name, parameter.schema), { freq: 4 }),
      ),
      fc.oneof(
        { weight: 6, arbitrary: fc.constant(null) },
        {
          weight: 1,
          arbitrary: fc.tuple(fc.string({ minLength: 1, maxLength: 10 }), fc.string({ maxLength: 10 })),
        },
      ),
    )
    .map((values) => {
      const search = new URLSearchParams();
      queryParameters.forEach((parameter, index) => {
        const value = values[index];
        if (typeof value === 'string') search.append(parameter.name, value);
      });
      const extra = values.at(-1);
      if (Array.isArray(extra)) search.append(extra[0], extra[1]);
      return search.toString();
    });
  const headers = fc.record({
    authorization: fc.constantFrom(
      'valid',
      'valid',
      'valid',
      'none',
      'stranger',
      'Bearer garbage',
      'Basic Zm9vOmJhcg==',
      'Bearer ',
    ),
    accept: fc.constantFrom(
      '',
      'application/json',
      'text/html',
      '*/*',
      'application/xml',
      'text/html, application/json',
    ),
    odd: fc.oneof(
      { weight: 20, arbitrary: fc.constant('none') },
      { weight: 1, arbitrary: fc.constantFrom('huge', 'many', 'weird-idempotency') },
    ),
    method: fc.oneof(
      { weight: 15, arbitrary: fc.constant(null) },
      { weight: 1, arbitrary: fc.constantFrom('PUT', 'DELETE', 'PATCH') },
    ),
  });
  const body =
    operation.method === 'POST'
      ? bodyArbitrary(operation)
      : fc.constant({ kind: 'none' } as { body?: Buffer; contentType?: string; kind: string });
  return fc.tuple(path, query, headers, body).map(([pathname, search, header, payload]) => {
    const out: Record<string, string> = {};
    if (header.authorization === 'valid') out.authorization = `Bearer ${known.token}`;
    else if (header.authorization === 'stranger') out.authorization = `Bearer ${known.strangerToken}`;
    else if (header.authorization !== 'none') out.authorization = header.authorization;
    if (header.accept) out.accept = header.accept;
    if (payload.contentType) out['content-type'] = payload.contentType;
    if (operation.method === 'POST' && operation.path === '/applications')
      out['idempotency-key'] = header.odd === 'weird-idempotency' ? 'k'.repeat(500) : IDEMPOTENCY_KEY;
    if (header.odd === 'huge') out['x-fuzz'] = 'h'.repeat(20 * 1024);
    if (header.odd === 'many')
      for (let index = 0; index < 60; index++) out[`x-fuzz-${index}`] = 'v'.repeat(40);
    return {
      operation,
      method: header.method ?? operation.method,
      url: `${pathname}${search ? `?${search}` : ''}`,
      headers: out,
      ...(payload.body ? { body: payload.body } : {}),
      label: `${header.method ?? operation.method} ${operation.path} [${payload.kind}, auth ${header.authorization}, ${header.odd}]`,
    };
  });
}

// ---- checking ------------------------------------------------------------------------------------

interface Finding {
  request: string;
  url: string;
  status: number;
  problem: string;
}

/** Answers by status, printed with the run (what the fuzzing reached). */
const statuses = new Map<number, number>();

/**
 * The operation a request reaches. A `..` segment is resolved by the client (as by every URL
 * parser) before anything is sent, so `/clusters/../invitations` goes out as `/invitations` and is
 * answered as that path is: it is held to the document of the route the sent path names, or, when no
 * route does (a path the document does not describe), only to the rule that nothing answers 5xx.
 */
function sentOperation(request: FuzzRequest): Operation | null {
  const sent = new URL(request.url, BASE_URL).pathname;
  const generated = request.url.split('?')[0] ?? '';
  // Another method sent to the generated path is held to that method's operation when the path has
  // one (PUT /applications/{id} is a route; PUT on a review link is a 405 of the link's GET).
  const sameMethod = operations.find(
    (operation) => operation.path === request.operation.path && operation.method === request.method,
  );
  if (sent === generated) return sameMethod ?? request.operation;
  const template = (path: string) => new RegExp(`^${path.replace(/\{\w+\}/g, '[^/]+')}$`);
  const samePath = operations.filter((operation) => template(operation.path).test(sent));
  return samePath.find((operation) => operation.method === request.operation.method) ?? samePath[0] ?? null;
}

async function send(request: FuzzRequest): Promise<Finding | null> {
  const operation = sentOperation(request);
  let response: Response;
  try {
    response = await fetch(new URL(request.url, BASE_URL), {
      method: request.method,
      headers: request.headers,
      ...(request.body ? { body: request.body } : {}),
      redirect: 'manual',
    });
  } catch (error) {
    return {
      request: request.label,
      url: request.url.slice(0, 200),
      status: 0,
      problem: `no answer: ${(error as Error).message}`,
    };
  }
  const text = await response.text();
  statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
  const finding = (problem: string): Finding => ({
    request: request.label,
    url: request.url.slice(0, 200),
    status: response.status,
    problem,
  });
  if (response.status >= 500) return finding(`5xx: ${text.slice(0, 300)}`);
  if (!operation) return null;
  const documented = operation.responses[String(response.status)];
  if (!documented) return finding(`status not in the document: ${text.slice(0, 300)}`);
  if (request.method === 'HEAD') return null;
  const mediaType = (response.headers.get('content-type') ?? '').split(';')[0]?.trim() ?? '';
  if (!documented.content?.[mediaType])
    return finding(`media type "${mediaType}" not documented for ${response.status}`);
  const validate = validators.get(`${operation.method} ${operation.path} ${response.status} ${mediaType}`);
  let value: unknown = text;
  if (mediaType === 'application/json') {
    try {
      value = JSON.parse(text);
    } catch {
      return finding(`not JSON: ${text.slice(0, 200)}`);
    }
  }
  if (validate && !validate(value))
    return finding(`body not valid: ${JSON.stringify(validate.errors?.slice(0, 3))} ${text.slice(0, 200)}`);
  return null;
}

describe('the API fuzzed from its OpenAPI document', () => {
  it(
    `answers ${REQUESTS} generated requests over every route without a 5xx, each as documented`,
    async () => {
      expect(operations.length).toBeGreaterThan(10);
      const requests = fc.sample(fc.oneof(...operations.map((operation) => requestArbitrary(operation))), {
        seed: SEED,
        numRuns: REQUESTS,
      });
      const findings: Finding[] = [];
      let next = 0;
      const worker = async () => {
        while (next < requests.length) {
          const request = requests[next++] as FuzzRequest;
          const finding = await send(request);
          if (finding) findings.push(finding);
        }
      };
      await Promise.all(Array.from({ length: CONCURRENCY }, worker));

      // Every route was exercised.
      const routes = new Set(
        requests.map((request) => `${request.operation.method} ${request.operation.path}`),
      );
      expect(routes.size).toBe(operations.length);
      console.log(
        `openapi fuzz: ${requests.length} requests, answers by status ${JSON.stringify(Object.fromEntries([...statuses].sort(([a], [b]) => a - b)))}`,
      );
      // The refusals the document lists were reached, not only the happy path.
      for (const status of [200, 202, 400, 401, 403, 404, 405, 409, 413, 415, 431])
        expect(statuses.get(status), String(status)).toBeGreaterThan(0);
      const summary = findings.slice(0, 30).map((f) => `${f.status} ${f.request} ${f.url}\n    ${f.problem}`);
      expect(summary, `${findings.length} findings`).toEqual([]);
    },
    scaled(240_000),
  );
});

describe('list cursors', () => {
  it('crafted ones answer 400 naming cursor, on every list', async () => {
    const otherPartition = known.organizationCursor;
    for (const [list, cursor] of [
      ['/clusters', 'e30'],
      ['/clusters', otherPartition],
      ['/clusters', 'not-a-cursor!'],
      ['/organizations', 'e30'],
      ['/organizations', known.clusterCursor],
      ['/organizations?sector=it&limit=1', otherPartition],
    ] as const) {
      const separator = list.includes('?') ? '&' : '?';
      const reply = await client.request('GET', `${list}${separator}cursor=${encodeURIComponent(cursor)}`);
      expect(reply.status, `${list} ${cursor}`).toBe(400);
      expect(reply.body.error).toMatchObject({
        code: 'VALIDATION_ERROR',
        details: [{ path: 'cursor', message: expect.any(String) }],
      });
    }
    const next = await client.request('GET', `/organizations?limit=1&cursor=${otherPartition}`);
    expect(next.status).toBe(200);
  });
});
