import * as z from 'zod';
import { ROUTES, type RouteSpec } from '#shared/catalog';
import { MAX_BODY_LABEL } from '#shared/http/request-limits';
import {
  cancelReplySchema,
  cancelRequestSchema,
  operatorApplicationSchema,
  operatorApplicationsQuerySchema,
  operatorListItemSchema,
  reassignReplySchema,
  reassignRequestSchema,
  redriveReplySchema,
} from '#shared/schemas/admin';
import {
  applicationIdSchema,
  applicationsQuerySchema,
  clusterIdSchema,
  consentSubmissionSchema,
  innSchema,
  invitationAnswerSchema,
  invitationIdSchema,
  invitationRequestSchema,
  organizationsQuerySchema,
  pageQuerySchema,
  reviewSubmissionSchema,
  signoffSubmissionSchema,
  submitApplicationRequestSchema,
} from '#shared/schemas/api';
import {
  expertChangeSchema,
  importQuerySchema,
  newExpertSchema,
  newOfficialSchema,
  officialChangeSchema,
  personIdSchema,
} from '#shared/schemas/directory';
import {
  expertSchema,
  expertsPage,
  expertWithTasksSchema,
  importReportSchema,
  officialSchema,
  officialsPage,
  officialWithTasksSchema,
  programmeFiguresSchema,
} from '#shared/schemas/operations-responses';
import {
  applicationListItemSchema,
  applicationViewSchema,
  clusterSchema,
  clusterWithMembersSchema,
  errorBodySchema,
  invitationAnsweredSchema,
  invitationReplySchema,
  invitationViewSchema,
  linkAnswerSchema,
  linkPageDataSchema,
  organizationSchema,
  pageOf,
  submitReplySchema,
} from '#shared/schemas/responses';

/**
 * The API contract, generated: OpenAPI 3.1 for people and clients (served at
 * GET /openapi.json, kept in docs/openapi.json), and JSON Schema draft-4
 * models for API Gateway's request validation, both from the zod schemas the
 * handlers parse with and from the route table both runtimes serve.
 */

type JsonSchema = Record<string, unknown>;

const clustersPage = pageOf(clusterSchema, 'ClusterPage');
const organizationsPage = pageOf(organizationSchema, 'OrganizationPage');
const invitationsPage = pageOf(invitationViewSchema, 'InvitationPage');
const applicationsPage = pageOf(applicationListItemSchema, 'ApplicationPage');
const operatorApplicationsPage = pageOf(operatorListItemSchema, 'OperatorApplicationPage');

const ref = (id: string) => ({ $ref: `#/components/schemas/${id}` });
const idOf = (schema: z.ZodType) => String(z.globalRegistry.get(schema)?.id);

function inlineSchema(schema: z.ZodType): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });
  return rest;
}

const PATH_PARAMETERS: Record<string, z.ZodType> = {
  id: z.union([applicationIdSchema, clusterIdSchema]),
  inn: innSchema,
  reviewId: z.string().min(16).meta({ description: 'The opaque link id from the email' }),
  invitationId: invitationIdSchema,
  signoffId: z.string().min(16).meta({ description: 'The opaque link id from the email' }),
  consentId: z.string().min(16).meta({ description: 'The opaque link id from the email' }),
  expertId: personIdSchema,
  officialId: personIdSchema,
};

/** The directories' lists (API and pages) are paged; their imports may be a dry run. */
const DIRECTORY_LIST = /^\/admin(\/api)?\/(experts|officials)$/;
const DIRECTORY_IMPORT = /^\/admin\/api\/(experts|officials)\/import$/;

const LINK_QUERY = ['kid', 'exp', 'sig'].map((name) => ({
  name,
  in: 'query',
  required: true,
  description: 'Part of the signed link, copied from the email as it is',
  schema: { type: 'string' },
}));

function queryParameters(route: RouteSpec): JsonSchema[] {
  if (route.auth === 'link') return LINK_QUERY;
  const query =
    route.path === '/organizations'
      ? organizationsQuerySchema
      : route.path === '/clusters' || (route.path === '/clusters/{id}/invitations' && route.method === 'GET')
        ? pageQuerySchema
        : route.path === '/applications' && route.method === 'GET'
          ? applicationsQuerySchema
          : route.path === '/admin/api/applications' || route.path === '/admin/applications'
            ? operatorApplicationsQuerySchema
            : DIRECTORY_LIST.test(route.path) && route.method === 'GET'
              ? pageQuerySchema
              : DIRECTORY_IMPORT.test(route.path)
                ? importQuerySchema
                : null;
  if (!query) return [];
  return Object.entries(query.shape).map(([name, schema]) => ({
    name,
    in: 'query',
    required: false,
    schema: inlineSchema(schema as z.ZodType),
  }));
}

const jsonContent = (schema: JsonSchema) => ({ 'application/json': { schema } });
const htmlContent = { 'text/html': { schema: { type: 'string' } } };
/** An error answer: the JSON error body; on the page routes an HTML page too (unless the client posts or asks for JSON). */
const errorResponse = (description: string, page = false) => ({
  description,
  content: { ...(page ? htmlContent : {}), ...jsonContent(ref(idOf(errorBodySchema))) },
});
/** A link route's 200: the page, or as JSON the page's data (GET) or the answer recorded (POST). */
const pageResponse = (route: RouteSpec) => ({
  description: 'A page served as HTML (forms, results) or its data as JSON with `Accept: application/json`',
  content: {
    ...htmlContent,
    ...jsonContent(
      ref(
        idOf(
          route.method !== 'POST'
            ? linkPageDataSchema
            : route.path.startsWith('/invitations/')
              ? invitationAnsweredSchema
              : linkAnswerSchema,
        ),
      ),
    ),
  },
});

/** Request bodies by `METHOD /path`: JSON, and on the link routes the page's form too. */
const BODIES: Record<string, z.ZodType> = {
  'POST /applications': submitApplicationRequestSchema,
  'PUT /applications/{id}': submitApplicationRequestSchema,
  'POST /reviews/{reviewId}': reviewSubmissionSchema,
  'POST /signoff/{signoffId}': signoffSubmissionSchema,
  'POST /clusters/{id}/invitations': invitationRequestSchema,
  'POST /invitations/{invitationId}': invitationAnswerSchema,
  'POST /consents/{consentId}': consentSubmissionSchema,
  'POST /admin/api/applications/{id}/reassign': reassignRequestSchema,
  'POST /admin/api/applications/{id}/cancel': cancelRequestSchema,
  'POST /admin/api/experts': newExpertSchema,
  'PUT /admin/api/experts/{expertId}': expertChangeSchema,
  'POST /admin/api/officials': newOfficialSchema,
  'PUT /admin/api/officials/{officialId}': officialChangeSchema,
};

/** The directories' CSV imports: a `text/csv` body (docs/directory-import.md). */
const CSV_BODY = {
  required: true,
  content: {
    'text/csv': { schema: { type: 'string', description: 'The CSV file: a header row, one person a row' } },
  },
};

/** Whether a client can send the route something to refuse with 400: path parameters, a query or a body. */
function takesInput(route: RouteSpec): boolean {
  return (
    route.path.includes('{') ||
    queryParameters(route).length > 0 ||
    route.method === 'POST' ||
    route.method === 'PUT'
  );
}

/**
 * Every status a route can answer besides its success: its own refusals, and
 * those of the edge (API Gateway, or the local runtime's gateway) in front of
 * every route: 405 (with `Allow`) for another method on a known path, 413 for
 * a body over the API's limit (refused before it is read), 431 for headers over the
 * limit, 500 for a fault on our side.
 */
function errorResponses(route: RouteSpec, key: string): Record<string, unknown> {
  // The link pages and the console's pages answer people with a page.
  const page = route.auth === 'link' || (route.auth === 'operator' && !route.path.startsWith('/admin/api/'));
  const error = (description: string) => errorResponse(description, page);
  const errors: Record<string, unknown> = {};
  if (takesInput(route))
    errors['400'] = error(
      'The request is not valid (a malformed path, query, cursor or body): `details` names the paths at fault',
    );
  if (route.auth === 'operator') {
    errors['403'] = error(
      'Not an operator: no token, or not a member of the `operators` group (applicants and the public)',
    );
  }
  if (route.auth === 'applicant') {
    errors['401'] = error('Not signed in');
    errors['403'] = error('`applicantInn` is not the signed-in organization');
  }
  if (route.path.includes('{')) errors['404'] = error('Not found (or another organization’s application)');
  if (route.auth === 'link') {
    Object.assign(errors, {
      '403': error('The link was tampered with'),
      '409': error('Already used, or the application is closed (wins over 410)'),
      '410': error('The link expired'),
    });
  }
  if (key === 'POST /applications')
    errors['409'] = error('The Idempotency-Key was used with a different body');
  if (key === 'POST /applications/{id}/withdraw') errors['409'] = error('Already decided or closed');
  if (key === 'PUT /applications/{id}')
    errors['409'] = error(
      'Not returned for amendment (any other status), past the amendment deadline, or the Idempotency-Key was used with a different body',
    );
  if (route.auth === 'operator' && route.method === 'POST') {
    errors['409'] = error(
      route.path.endsWith('/redrive')
        ? 'The application is not FAILED (or its name or join slot is taken now)'
        : route.path.endsWith('/reassign')
          ? 'The task is not open (answered, closed, or the application moved on)'
          : 'The application is closed or decided',
    );
    if (!route.path.startsWith('/admin/api/')) errors['415'] = error('Not a form post');
  }
  if (route.path.startsWith('/clusters/{id}/invitations')) {
    errors['403'] = error('The signed-in organization is not the cluster’s coordinator');
    errors['404'] = error('No such cluster (or invitation)');
    if (route.method === 'POST')
      errors['409'] = error(
        'The invitee has an open invitation, is already a member or partner, or the cluster is not active',
      );
    if (route.method === 'DELETE')
      errors['409'] = error('The invitation was already answered, revoked or expired');
  }
  errors['405'] = {
    ...error('Another method on this path: `Allow` lists the methods it takes'),
    headers: { Allow: { description: 'The methods the path takes', schema: { type: 'string' } } },
  };
  if (DIRECTORY_LIST.test(route.path.replace(/\/\{\w+\}$/, '')) && route.path.startsWith('/admin/api/')) {
    if (route.method === 'POST')
      errors['409'] = error('The id, or the email, is in the directory already (`details` says which)');
    if (route.method === 'PUT') errors['409'] = error('The email belongs to another person in the directory');
  }
  if (route.method === 'POST' || route.method === 'PUT')
    errors['413'] = error(`The body is larger than ${MAX_BODY_LABEL} (refused before it is read)`);
  if (BODIES[key] || DIRECTORY_IMPORT.test(route.path))
    errors['415'] = error('The body is not of a media type the route takes');
  errors['431'] = error('The request headers are too large');
  errors['500'] = error('Something went wrong on our side; try again later');
  return Object.fromEntries(Object.entries(errors).sort(([a], [b]) => a.localeCompare(b)));
}

function operation(route: RouteSpec): JsonSchema {
  const key = `${route.method} ${route.path}`;
  const errors = errorResponses(route, key);
  const success: Record<string, Record<string, unknown>> = {
    'POST /applications': {
      '202': {
        description: 'Accepted: the workflow started',
        content: jsonContent(ref(idOf(submitReplySchema))),
      },
    },
    'GET /applications': {
      '200': {
        description: 'The signed-in organization’s applications, newest first',
        content: jsonContent(ref(idOf(applicationsPage))),
      },
    },
    'GET /applications/{id}': {
      '200': { description: 'The application', content: jsonContent(ref(idOf(applicationViewSchema))) },
    },
    'PUT /applications/{id}': {
      '202': {
        description: 'Resubmitted: the corrected application is checked, reviewed and signed off again',
        content: jsonContent(ref(idOf(submitReplySchema))),
      },
    },
    'POST /applications/{id}/withdraw': {
      '200': { description: 'Withdrawn', content: jsonContent(ref(idOf(applicationViewSchema))) },
    },
    'GET /clusters': {
      '200': { description: 'Active clusters', content: jsonContent(ref(idOf(clustersPage))) },
    },
    'GET /clusters/{id}': {
      '200': {
        description: 'The cluster and its members',
        content: jsonContent(ref(idOf(clusterWithMembersSchema))),
      },
    },
    'GET /organizations': {
      '200': { description: 'The participant registry', content: jsonContent(ref(idOf(organizationsPage))) },
    },
    'GET /organizations/{inn}': {
      '200': { description: 'One participant', content: jsonContent(ref(idOf(organizationSchema))) },
    },
    'POST /clusters/{id}/invitations': {
      '201': {
        description: 'Invited: the invitee is emailed a signed link',
        content: jsonContent(ref(idOf(invitationReplySchema))),
      },
    },
    'GET /clusters/{id}/invitations': {
      '200': {
        description: 'The cluster’s invitations, newest first',
        content: jsonContent(ref(idOf(invitationsPage))),
      },
    },
    'DELETE /clusters/{id}/invitations/{invitationId}': {
      '200': {
        description: 'Revoked: its link answers 409',
        content: jsonContent(ref(idOf(invitationViewSchema))),
      },
    },
    'GET /admin/api/applications': {
      '200': {
        description: 'Open applications oldest first, or those in a closed `status` newest first, filtered',
        content: jsonContent(ref(idOf(operatorApplicationsPage))),
      },
    },
    'GET /admin/api/applications/{id}': {
      '200': {
        description: 'The application with its history (actors named), tasks, deadlines and workflow state',
        content: jsonContent(ref(idOf(operatorApplicationSchema))),
      },
    },
    'POST /admin/api/applications/{id}/redrive': {
      '202': {
        description: 'Redriven: a new run from the stage it failed in',
        content: jsonContent(ref(idOf(redriveReplySchema))),
      },
    },
    'POST /admin/api/applications/{id}/reassign': {
      '200': {
        description: 'Reassigned: a new link to `to`; the old one answers 409',
        content: jsonContent(ref(idOf(reassignReplySchema))),
      },
    },
    'POST /admin/api/applications/{id}/cancel': {
      '200': {
        description: 'Cancelled: WITHDRAWN by the operator',
        content: jsonContent(ref(idOf(cancelReplySchema))),
      },
    },
    'GET /openapi.json': {
      '200': { description: 'This document', content: jsonContent({ type: 'object' }) },
    },
    ...directorySuccess('experts', 'expertId', expertsPage, expertSchema, expertWithTasksSchema),
    ...directorySuccess('officials', 'officialId', officialsPage, officialSchema, officialWithTasksSchema),
    'GET /admin/api/metrics': {
      '200': {
        description:
          'The programme figures: counts by status, time per stage, expert load, approval rate, missed deadlines',
        content: jsonContent(ref(idOf(programmeFiguresSchema))),
      },
    },
  };
  const body = BODIES[key];
  const headers =
    key === 'POST /applications' || key === 'PUT /applications/{id}'
      ? [
          {
            name: 'Idempotency-Key',
            in: 'header',
            required: false,
            description: 'Same key and body: the same application, also under concurrent retries',
            schema: { type: 'string', maxLength: 200 },
          },
        ]
      : [];
  const pathParameters = [...route.path.matchAll(/\{(\w+)\}/g)].map(([, name = '']) => ({
    name,
    in: 'path',
    required: true,
    schema: inlineSchema(PATH_PARAMETERS[name] ?? z.string()),
  }));

  return {
    operationId: `${route.method.toLowerCase()}${route.path.replace(/[{}]/g, '').replace(/(^|[/.-])(\w)/g, (_m, _s: string, c: string) => c.toUpperCase())}`,
    summary: route.auth === 'link' ? LINK_SUMMARIES[route.method] : undefined,
    security: route.auth === 'applicant' || route.auth === 'operator' ? [{ [route.auth]: [] }] : [],
    parameters: [...pathParameters, ...queryParameters(route), ...headers],
    ...(DIRECTORY_IMPORT.test(route.path)
      ? { requestBody: CSV_BODY }
      : body
        ? {
            requestBody: {
              required: true,
              content: {
                ...jsonContent(ref(idOf(body))),
                ...(route.auth === 'link'
                  ? { 'application/x-www-form-urlencoded': { schema: ref(idOf(body)) } }
                  : {}),
              },
            },
          }
        : {}),
    responses:
      route.auth === 'link'
        ? { '200': pageResponse(route), ...errors }
        : { ...(success[key] ?? operatorSuccess(route)), ...errors },
  };
}

/** A directory's API answers (experts' or officials'). */
function directorySuccess(
  kind: 'experts' | 'officials',
  idParameter: string,
  page: z.ZodType,
  person: z.ZodType,
  withTasks: z.ZodType,
): Record<string, Record<string, unknown>> {
  const base = `/admin/api/${kind}`;
  return {
    [`GET ${base}`]: { '200': { description: `The ${kind}, paged`, content: jsonContent(ref(idOf(page))) } },
    [`POST ${base}`]: { '201': { description: 'Added', content: jsonContent(ref(idOf(person))) } },
    [`GET ${base}/{${idParameter}}`]: {
      '200': {
        description: 'The person, with the tasks they hold now',
        content: jsonContent(ref(idOf(withTasks))),
      },
    },
    [`PUT ${base}/{${idParameter}}`]: {
      '200': {
        description: 'Changed; a deactivated person comes with the open tasks to reassign',
        content: jsonContent(ref(idOf(withTasks))),
      },
    },
    [`POST ${base}/import`]: {
      '200': {
        description: 'The import’s report: counts, and every rejected row with its line and reasons',
        content: jsonContent(ref(idOf(importReportSchema))),
      },
    },
  };
}

/** The console's pages (HTML; a form post answers with a redirect to the page it changed). */
function operatorSuccess(route: RouteSpec): Record<string, unknown> {
  if (route.auth !== 'operator' || route.path.startsWith('/admin/api/')) return {};
  return route.method === 'POST'
    ? { '303': { description: 'Done: the browser is sent back to the page it acted on' } }
    : { '200': { description: 'A page of the operator console', content: htmlContent } };
}

const LINK_SUMMARIES: Record<RouteSpec['method'], string> = {
  GET: 'Show the page of an emailed link',
  HEAD: 'The status and headers of the page of an emailed link, without the page',
  POST: 'Submit the page of an emailed link',
  PUT: '',
  DELETE: '',
};

export function openApiDocument(): JsonSchema {
  const { schemas } = z.toJSONSchema(z.globalRegistry, {
    io: 'input',
    unrepresentable: 'any',
    uri: (id) => `#/components/schemas/${id}`,
  }) as { schemas: Record<string, JsonSchema> };
  const components = Object.fromEntries(
    Object.entries(schemas).map(([id, { $schema: _dialect, id: _id, ...schema }]) => [id, schema]),
  );
  const paths: Record<string, Record<string, unknown>> = {};
  // The applicant portal's pages and the console's sign-in are for people in a browser, not part of
  // the JSON API's contract (README: "Applicant portal", "Operations").
  for (const route of ROUTES.filter(
    (candidate) => candidate.auth !== 'portal' && candidate.auth !== 'console-sign-in',
  )) {
    paths[route.path] ??= {};
    (paths[route.path] as Record<string, unknown>)[route.method.toLowerCase()] = operation(route);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Cluster membership applications',
      version: '1.0.0',
      description:
        'Participants apply to create or join an innovation cluster; experts review and a department official signs off from signed email links.',
    },
    servers: [{ url: 'http://127.0.0.1:3000', description: 'Local runtime (npm start)' }],
    components: {
      securitySchemes: {
        applicant: {
          type: 'http',
          scheme: 'bearer',
          description:
            'A Cognito ID token with the organization’s INN in `custom:inn` (locally: POST /_local/login)',
        },
        operator: {
          type: 'http',
          scheme: 'bearer',
          description:
            'A Cognito ID token of a user in the `operators` group, verified by the function (a browser signs in at /admin/sign-in and carries a session cookie instead; locally: POST /_local/login {"operator"})',
        },
      },
      schemas: components,
    },
    paths,
  };
}

/** `$ref`s into `definitions` replaced by what they point to: API Gateway models stand alone. */
function inlineDefinitions(schema: JsonSchema): JsonSchema {
  const definitions = (schema.definitions ?? {}) as Record<string, JsonSchema>;
  const resolve = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(resolve);
    if (!node || typeof node !== 'object') return node;
    const { $ref, ...rest } = node as JsonSchema;
    if (typeof $ref === 'string' && $ref.startsWith('#/definitions/')) {
      return resolve(definitions[$ref.slice('#/definitions/'.length)]);
    }
    return Object.fromEntries(Object.entries(rest).map(([key, value]) => [key, resolve(value)]));
  };
  const { definitions: _definitions, $schema, ...root } = schema;
  return { $schema, ...(resolve(root) as JsonSchema) };
}

/** Request body models (draft-4) by `METHOD /path`, for API Gateway's request validator. */
export function requestModelSchemas(): Record<string, JsonSchema> {
  const draft4 = (schema: z.ZodType) =>
    inlineDefinitions(
      z.toJSONSchema(schema, { target: 'draft-4', io: 'input', unrepresentable: 'any' }) as JsonSchema,
    );
  return {
    'POST /applications': draft4(submitApplicationRequestSchema),
    'POST /clusters/{id}/invitations': draft4(invitationRequestSchema),
  };
}
