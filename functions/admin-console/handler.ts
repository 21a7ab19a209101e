import { linkCookies, signer } from '#functions/composition/answer-page-deps';
import { consoleSignInDeps, operatorGate, operatorReadDeps } from '#functions/composition/operator';
import { ValidationError } from '#shared/errors';
import { type ApiEvent, parsePathParameter, parseQuery } from '#shared/http/api';
import { consoleApplicationPage, consoleCookie, htmlPage } from '#shared/http/console';
import { consoleFormErrors } from '#shared/http/console-forms';
import { consoleSignInRoutes } from '#shared/http/console-sign-in';
import { CONSOLE_SIGN_IN_RESOURCES, consoleHandler, operatorHandler, wantsHtml } from '#shared/http/operator';
import { logApplication } from '#shared/logger';
import { applicationsPage } from '#shared/pages/admin/applications-page';
import { adminHomePage } from '#shared/pages/admin/home-page';
import { type OperatorApplicationsQuery, operatorApplicationsQuerySchema } from '#shared/schemas/admin';
import { applicationIdSchema } from '#shared/schemas/api';
import { listApplicationsForOperators } from '#shared/use-cases/operator-applications';

const deps = () => ({ ...operatorReadDeps(), signer: signer(), cookies: linkCookies() });

const DONE = new Set(['redrive', 'reassign', 'cancel'] as const);

/** The console's pages (`GET /admin/...`): server-rendered, no script; every page sets the forms' CSRF cookie. */
export const lambdaHandler = async (event: ApiEvent, operatorId: string) => {
  const cookie = await consoleCookie(operatorId, deps());
  switch (event.resource) {
    case '/admin':
      return htmlPage(200, adminHomePage(operatorId), { 'set-cookie': cookie.setCookie });
    case '/admin/applications': {
      // Filters that do not pass: the list unfiltered (400), the problems on the filters.
      let refused: ValidationError | undefined;
      let query: OperatorApplicationsQuery = operatorApplicationsQuerySchema.parse({});
      try {
        query = parseQuery(event, operatorApplicationsQuerySchema);
      } catch (error) {
        // A client that asks for JSON gets the spec's error body.
        if (!(error instanceof ValidationError) || !wantsHtml(event)) throw error;
        refused = error;
      }
      const page = await listApplicationsForOperators(query, deps());
      const values = Object.fromEntries(
        Object.entries(event.queryStringParameters ?? {}).map(([name, value]) => [name, value ?? '']),
      );
      const errors = refused ? consoleFormErrors(refused) : [];
      return htmlPage(refused ? 400 : 200, applicationsPage(operatorId, query, page, { errors, values }), {
        'set-cookie': cookie.setCookie,
      });
    }
    default: {
      const applicationId = parsePathParameter(event, 'id', applicationIdSchema);
      logApplication(applicationId);
      const done = event.queryStringParameters?.done;
      const state = { done: [...DONE].find((action) => action === done) };
      return consoleApplicationPage(operatorId, applicationId, state, 200, deps());
    }
  }
};

const pages = operatorHandler(lambdaHandler, operatorGate);
/** Signing in and out: the only console routes open to anyone. */
const signIn = consoleHandler(consoleSignInRoutes(consoleSignInDeps), operatorGate);

export const handler: typeof pages = (event, context) =>
  CONSOLE_SIGN_IN_RESOURCES.has(event.resource) ? signIn(event, context) : pages(event, context);
