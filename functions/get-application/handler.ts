import { applicationStore, taskStore } from '#functions/composition/stores';
import { NotFoundError } from '#shared/errors';
import {
  type ApiEvent,
  apiHandler,
  json,
  parsePathParameter,
  parseQuery,
  signedInInn,
} from '#shared/http/api';
import { applicationIdSchema, applicationsQuerySchema } from '#shared/schemas/api';
import { applicationView, listOwnApplications, loadOwnApplication } from '#shared/use-cases/application-view';

/** The applicant's reads: its applications (GET /applications) and one of them (GET /applications/{id}). */
const routes: Record<string, (event: ApiEvent, inn: string) => Promise<unknown>> = {
  '/applications': (event, inn) =>
    listOwnApplications(applicationStore(), inn, parseQuery(event, applicationsQuerySchema)),
  '/applications/{id}': async (event, inn) => {
    const applicationId = parsePathParameter(event, 'id', applicationIdSchema);
    const application = await loadOwnApplication(applicationStore(), applicationId, inn);
    return applicationView(application, { applications: applicationStore(), tasks: taskStore() });
  },
};

export const lambdaHandler = async (event: ApiEvent) => {
  const inn = signedInInn(event);
  const route = routes[event.resource];
  if (!route) throw new NotFoundError(`no route ${event.httpMethod} ${event.resource}`);
  return json(200, await route(event, inn));
};

export const handler = apiHandler(lambdaHandler);
