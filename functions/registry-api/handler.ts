import { registryStore } from '#functions/composition/stores';
import { NotFoundError } from '#shared/errors';
import { type ApiEvent, apiHandler, json, parsePathParameter, parseQuery } from '#shared/http/api';
import { clusterIdSchema, innSchema, organizationsQuerySchema, pageQuerySchema } from '#shared/schemas/api';
import {
  getClusterWithMembers,
  getOrganization,
  listClusters,
  listOrganizations,
} from '#shared/use-cases/registry-views';

/** The public, read-only part of the API: one function serves its few routes. */
const routes: Record<string, (event: ApiEvent) => Promise<unknown>> = {
  '/clusters': (event) => listClusters(registryStore(), parseQuery(event, pageQuerySchema)),
  '/clusters/{id}': (event) =>
    getClusterWithMembers(registryStore(), parsePathParameter(event, 'id', clusterIdSchema)),
  '/organizations': (event) =>
    listOrganizations(registryStore(), parseQuery(event, organizationsQuerySchema)),
  '/organizations/{inn}': (event) =>
    getOrganization(registryStore(), parsePathParameter(event, 'inn', innSchema)),
};

export const lambdaHandler = async (event: ApiEvent) => {
  const route = routes[event.resource];
  if (!route) throw new NotFoundError(`no route ${event.httpMethod} ${event.resource}`);
  return json(200, await route(event));
};

export const handler = apiHandler(lambdaHandler);
