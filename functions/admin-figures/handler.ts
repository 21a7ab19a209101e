import { operatorGate } from '#functions/composition/operator';
import { clock, figuresStore, registryStore } from '#functions/composition/stores';
import { NotFoundError } from '#shared/errors';
import { type ApiEvent, json } from '#shared/http/api';
import { operatorHandler } from '#shared/http/operator';
import { figuresPage } from '#shared/pages/admin/figures-page';
import { PAGE_HEADERS } from '#shared/pages/layout';
import { programmeFigures } from '#shared/use-cases/programme-figures';

/** The programme figures: `GET /admin/api/metrics` (JSON) and `GET /admin/figures` (the console page). */
export const lambdaHandler = async (event: ApiEvent, operatorId: string) => {
  const figures = () => programmeFigures({ figures: figuresStore(), directory: registryStore(), clock });
  switch (event.resource) {
    case '/admin/api/metrics':
      return json(200, await figures());
    case '/admin/figures':
      return {
        statusCode: 200,
        headers: { ...PAGE_HEADERS },
        body: figuresPage(await figures(), operatorId),
      };
    default:
      throw new NotFoundError(`no route ${event.httpMethod} ${event.resource}`);
  }
};

export const handler = operatorHandler(lambdaHandler, operatorGate);
