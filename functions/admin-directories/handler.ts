import { Readable } from 'node:stream';
import { linkCookies, signer } from '#functions/composition/answer-page-deps';
import { operatorGate } from '#functions/composition/operator';
import { applicationStore, registryStore, taskStore } from '#functions/composition/stores';
import { NotFoundError, PayloadTooLargeError, UnsupportedMediaTypeError } from '#shared/errors';
import {
  type ApiEvent,
  type ApiResult,
  json,
  parseJsonBody,
  parsePathParameter,
  parseQuery,
  rawBody,
  requestHeader,
} from '#shared/http/api';
import {
  consoleFormErrors,
  formFields,
  formPage,
  importRowReason,
  isFormRefusal,
  seeOther,
} from '#shared/http/console-forms';
import { operatorHandler } from '#shared/http/operator';
import {
  type ConsoleForm,
  type DirectoryKind,
  directoryListPage,
  importPage,
  newPersonPage,
  personPage,
} from '#shared/pages/admin/directory-pages';
import { pageQuerySchema } from '#shared/schemas/api';
import {
  directoryFormSchemas,
  directoryImportFormSchema,
  expertChangeSchema,
  importQuerySchema,
  newExpertSchema,
  newOfficialSchema,
  officialChangeSchema,
  personIdSchema,
} from '#shared/schemas/directory';
import { parseWith } from '#shared/schemas/parse';
import * as directories from '#shared/use-cases/directories';
import { importExperts, importOfficials } from '#shared/use-cases/import-directory';
import { csvRows } from '#shared/use-cases/import-registry';

/**
 * The expert and official directories for operators: the JSON API under
 * `/admin/api/{experts,officials}` and the console's pages under
 * `/admin/{experts,officials}` (forms posted with the console's CSRF token).
 */

const deps = () => ({ directory: registryStore(), applications: applicationStore(), tasks: taskStore() });
/** The console's CSRF scheme (shared/http/console.ts). */
const csrf = () => ({ signer: signer(), cookies: linkCookies() });

const kindOf = (event: ApiEvent): DirectoryKind =>
  event.resource.includes('/officials') ? 'officials' : 'experts';
const idOf = (event: ApiEvent) =>
  parsePathParameter(event, kindOf(event) === 'experts' ? 'expertId' : 'officialId', personIdSchema);

/** One directory's operations, experts' or officials'. */
const operations = {
  experts: {
    list: directories.listExperts,
    add: (body: unknown) => directories.addExpert(parseWith(newExpertSchema, body, 'the expert'), deps()),
    get: async (id: string) => {
      const { expert, openTasks } = await directories.expertWithTasks(id, deps());
      return { person: expert, openTasks };
    },
    change: async (id: string, body: unknown) => {
      const { expert, openTasks } = await directories.changeExpert(
        id,
        parseWith(expertChangeSchema, body, 'the change'),
        deps(),
      );
      return { person: expert, openTasks };
    },
    import: importExperts,
  },
  officials: {
    list: directories.listOfficials,
    add: (body: unknown) =>
      directories.addOfficial(parseWith(newOfficialSchema, body, 'the official'), deps()),
    get: async (id: string) => {
      const { official, openTasks } = await directories.officialWithTasks(id, deps());
      return { person: official, openTasks };
    },
    change: async (id: string, body: unknown) => {
      const { official, openTasks } = await directories.changeOfficial(
        id,
        parseWith(officialChangeSchema, body, 'the change'),
        deps(),
      );
      return { person: official, openTasks };
    },
    import: importOfficials,
  },
} as const;

const CSV_TYPE = /^text\/csv\b/i;

async function importCsv(kind: DirectoryKind, text: string, dryRun: boolean) {
  const report = await operations[kind].import(csvRows(Readable.from([text])), { ...deps(), dryRun });
  return { ...report, dryRun };
}

// ---- The JSON API -------------------------------------------------------------------

type Route = (event: ApiEvent, operatorId: string) => Promise<ApiResult>;

const api: Record<string, Route> = {
  GET: async (event) =>
    json(200, await operations[kindOf(event)].list(deps(), parseQuery(event, pageQuerySchema))),
  POST: async (event) =>
    json(201, await operations[kindOf(event)].add(parseJsonBody(event, newBodySchema(event)))),
  'GET one': async (event) => {
    const { person, openTasks } = await operations[kindOf(event)].get(idOf(event));
    return json(200, { ...person, openTasks });
  },
  PUT: async (event) => {
    const id = idOf(event);
    const { person, openTasks } = await operations[kindOf(event)].change(
      id,
      parseJsonBody(event, changeBodySchema(event)),
    );
    return json(200, { ...person, openTasks });
  },
  IMPORT: async (event) => {
    const contentType = requestHeader(event, 'content-type') ?? '';
    if (!CSV_TYPE.test(contentType.trim())) {
      throw new UnsupportedMediaTypeError('send the file as text/csv', [
        { path: 'content-type', message: `expected text/csv, got ${contentType || 'nothing'}` },
      ]);
    }
    const { dryRun } = parseQuery(event, importQuerySchema);
    return json(200, await importCsv(kindOf(event), rawBody(event), dryRun));
  },
};

const newBodySchema = (event: ApiEvent) =>
  kindOf(event) === 'experts' ? newExpertSchema : newOfficialSchema;
const changeBodySchema = (event: ApiEvent) =>
  kindOf(event) === 'experts' ? expertChangeSchema : officialChangeSchema;

// ---- The console's pages --------------------------------------------------------------

/**
 * A person's fields as a form posts them (sectors: one value per ticked box), checked by the form's
 * own schema, as the API's body: `{active}` from the deactivate button, the fields otherwise.
 */
function formBody(
  kind: DirectoryKind,
  fields: URLSearchParams,
  mode: 'new' | 'change',
): Record<string, unknown> {
  const raw: Record<string, unknown> = Object.fromEntries(
    [...fields.entries()].filter(([name, value]) => name !== 'sectors' && value.trim() !== ''),
  );
  if (kind === 'experts' && (fields.has('sectors') || mode === 'new' || !('active' in raw))) {
    raw.sectors = fields.getAll('sectors');
  }
  const { csrfToken: _token, ...form } = parseWith(directoryFormSchemas[kind][mode], raw, 'the form');
  return 'active' in form && Object.keys(form).length === 1 ? { active: form.active === 'true' } : form;
}

const formValues = (fields: URLSearchParams): Record<string, string | string[]> => ({
  ...Object.fromEntries(fields),
  sectors: fields.getAll('sectors'),
});

/** A form that failed validation or hit a duplicate: the form again, with the problems marked. */

const pages: Record<string, Route> = {
  LIST: async (event, operatorId) => {
    const kind = kindOf(event);
    const page = await operations[kind].list(deps(), parseQuery(event, pageQuerySchema));
    return formPage(
      operatorId,
      200,
      (csrfToken) => directoryListPage(kind, page, { operatorId, csrfToken }),
      csrf(),
    );
  },
  NEW: (event, operatorId) =>
    formPage(operatorId, 200, (csrfToken) => newPersonPage(kindOf(event), { operatorId, csrfToken }), csrf()),
  ADD: async (event, operatorId) => {
    const kind = kindOf(event);
    const fields = await formFields(event, operatorId, csrf());
    try {
      const person = await operations[kind].add(formBody(kind, fields, 'new'));
      return seeOther(`/admin/${kind}/${'expertId' in person ? person.expertId : person.officialId}?saved=1`);
    } catch (error) {
      if (!isFormRefusal(error)) throw error;
      const problem = error;
      const form = (csrfToken: string): ConsoleForm => ({
        operatorId,
        csrfToken,
        errors: consoleFormErrors(problem),
        values: formValues(fields),
      });
      return formPage(
        operatorId,
        problem.statusCode,
        (csrfToken) => newPersonPage(kind, form(csrfToken)),
        csrf(),
      );
    }
  },
  SHOW: async (event, operatorId) => {
    const kind = kindOf(event);
    const { person, openTasks } = await operations[kind].get(idOf(event));
    const saved = event.queryStringParameters?.saved === '1';
    return formPage(
      operatorId,
      200,
      (csrfToken) => personPage(kind, person, openTasks, { operatorId, csrfToken, saved }),
      csrf(),
    );
  },
  CHANGE: async (event, operatorId) => {
    const kind = kindOf(event);
    const id = idOf(event);
    const fields = await formFields(event, operatorId, csrf());
    try {
      const { person, openTasks } = await operations[kind].change(id, formBody(kind, fields, 'change'));
      return formPage(
        operatorId,
        200,
        (csrfToken) => personPage(kind, person, openTasks, { operatorId, csrfToken, saved: true }),
        csrf(),
      );
    } catch (error) {
      if (!isFormRefusal(error)) throw error;
      const problem = error;
      const { person, openTasks } = await operations[kind].get(id);
      return formPage(
        operatorId,
        problem.statusCode,
        (csrfToken) =>
          personPage(kind, person, openTasks, {
            operatorId,
            csrfToken,
            errors: consoleFormErrors(problem),
            values: formValues(fields),
          }),
        csrf(),
      );
    }
  },
  IMPORT_FORM: (event, operatorId) =>
    formPage(operatorId, 200, (csrfToken) => importPage(kindOf(event), { operatorId, csrfToken }), csrf()),
  IMPORT: async (event, operatorId) => {
    const kind = kindOf(event);
    const refused = (statusCode: number, errors: ConsoleForm['errors'], fields = new URLSearchParams()) =>
      formPage(
        operatorId,
        statusCode,
        (csrfToken) => importPage(kind, { operatorId, csrfToken, errors, values: formValues(fields) }),
        csrf(),
      );
    let fields: URLSearchParams;
    try {
      fields = await formFields(event, operatorId, csrf());
    } catch (error) {
      // Too large to read: the form again (empty), the limit said on its field.
      if (!(error instanceof PayloadTooLargeError)) throw error;
      return refused(error.statusCode, consoleFormErrors(error));
    }
    let report: Awaited<ReturnType<typeof importCsv>>;
    try {
      const form = parseWith(directoryImportFormSchema, Object.fromEntries(fields), 'the form');
      report = await importCsv(kind, form.csv, form.dryRun === 'true');
    } catch (error) {
      if (!isFormRefusal(error)) throw error;
      return refused(error.statusCode, consoleFormErrors(error), fields);
    }
    const view = {
      ...report,
      rejected: report.rejected.map((row) => ({ ...row, reasons: row.reasons.map(importRowReason) })),
    };
    return formPage(
      operatorId,
      200,
      (csrfToken) => importPage(kind, { operatorId, csrfToken }, view),
      csrf(),
    );
  },
};

/** `METHOD resource` → the route; the resource names the directory, so both share these. */
function routeOf(event: ApiEvent): Route | undefined {
  const resource = event.resource
    .replace(/\/(experts|officials)/, '/:kind')
    .replace(/\{(expertId|officialId)\}/, '{id}');
  const table: Record<string, Route | undefined> = {
    'GET /admin/api/:kind': api.GET,
    'POST /admin/api/:kind': api.POST,
    'GET /admin/api/:kind/{id}': api['GET one'],
    'PUT /admin/api/:kind/{id}': api.PUT,
    'POST /admin/api/:kind/import': api.IMPORT,
    'GET /admin/:kind': pages.LIST,
    'POST /admin/:kind': pages.ADD,
    'GET /admin/:kind/new': pages.NEW,
    'GET /admin/:kind/{id}': pages.SHOW,
    'POST /admin/:kind/{id}': pages.CHANGE,
    'GET /admin/:kind/import': pages.IMPORT_FORM,
    'POST /admin/:kind/import': pages.IMPORT,
  };
  return table[`${event.httpMethod} ${resource}`];
}

export const lambdaHandler = async (event: ApiEvent, operatorId: string): Promise<ApiResult> => {
  const route = routeOf(event);
  if (!route) throw new NotFoundError(`no route ${event.httpMethod} ${event.resource}`);
  return route(event, operatorId);
};

export const handler = operatorHandler(lambdaHandler, operatorGate);
