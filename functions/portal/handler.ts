import { portalDeps } from '#functions/composition/portal';
import { portalHandler, portalRoutes } from '#shared/http/portal';

/** GET and POST /portal/...: the applicant portal's pages (shared/http/portal.ts). */
export const lambdaHandler = portalRoutes(portalDeps);

export const handler = portalHandler(lambdaHandler);
