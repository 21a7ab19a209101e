import { apiHandler, json } from '#shared/http/api';
import { openApiDocument } from '#shared/openapi/document';

/** GET /openapi.json: the contract, generated from the same schemas the handlers parse with. */
const document = openApiDocument();

export const lambdaHandler = async () => json(200, document, { 'cache-control': 'public, max-age=300' });

export const handler = apiHandler(lambdaHandler);
