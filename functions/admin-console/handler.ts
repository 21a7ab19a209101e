import { NotFoundError } from '#shared/errors';
import type { ApiEvent } from '#shared/http/api';
import { operatorHandler } from '#shared/http/operator';
import { adminHomePage } from '#shared/pages/admin/home-page';
import { PAGE_HEADERS } from '#shared/pages/layout';

/** The console's pages (`GET /admin/...`): server-rendered, no script. */
export const lambdaHandler = async (event: ApiEvent, operatorId: string) => {
  switch (event.resource) {
    case '/admin':
      return { statusCode: 200, headers: { ...PAGE_HEADERS }, body: adminHomePage(operatorId) };
    default:
      throw new NotFoundError(`no console page ${event.resource}`);
  }
};

export const handler = operatorHandler(lambdaHandler);
