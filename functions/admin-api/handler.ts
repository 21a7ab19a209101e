import { operatorGate, operatorReadDeps } from '#functions/composition/operator';
import { type ApiEvent, json, parsePathParameter, parseQuery } from '#shared/http/api';
import { operatorHandler } from '#shared/http/operator';
import { logApplication } from '#shared/logger';
import { operatorApplicationsQuerySchema } from '#shared/schemas/admin';
import { applicationIdSchema } from '#shared/schemas/api';
import {
  listApplicationsForOperators,
  operatorApplicationView,
} from '#shared/use-cases/operator-applications';

/** GET /admin/api/applications (filtered, paged) and GET /admin/api/applications/{id}. */
export const lambdaHandler = async (event: ApiEvent) => {
  if (event.resource === '/admin/api/applications') {
    const query = parseQuery(event, operatorApplicationsQuerySchema);
    return json(200, await listApplicationsForOperators(query, operatorReadDeps()));
  }
  const applicationId = parsePathParameter(event, 'id', applicationIdSchema);
  logApplication(applicationId);
  return json(200, await operatorApplicationView(applicationId, operatorReadDeps()));
};

export const handler = operatorHandler(lambdaHandler, operatorGate);
