import { apiHandler, json } from '#shared/http/api';
import document from '../../docs/openapi.json' with { type: 'json' };

/**
 * GET /openapi.json: the committed contract. It is generated from the same zod
 * schemas the handlers parse with (`npm run openapi`) and a test fails if it
 * drifts, so serving the file costs no schema conversion at cold start.
 */
export const lambdaHandler = async () => json(200, document, { 'cache-control': 'public, max-age=300' });

export const handler = apiHandler(lambdaHandler);
