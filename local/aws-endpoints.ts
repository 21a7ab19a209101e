import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  AwsAuthError,
  type AwsService,
  awsErrorResponse,
  awsServiceOf,
  sendAwsError,
  sigV4Verifier,
} from './aws-auth.ts';
import type { LocalAwsCredentials } from './aws-credentials.ts';
import { BodyTooLargeError, readLimitedBody, refuseBody } from './request-body.ts';

/** A local AWS service: answers the request (given its body) and resolves true, or false when it is not its. */
export type AwsServiceHandler = (req: IncomingMessage, res: ServerResponse, body: Buffer) => Promise<boolean>;

// Step Functions caps inputs and outputs at 256 KiB; Secrets Manager and SES bodies are smaller.
const MAX_AWS_BODY_BYTES = 1024 * 1024;

/**
 * The AWS protocol requests on the runtime's port (Step Functions, Secrets
 * Manager, SES): each is read (up to 1 MiB), SigV4-checked against the data
 * folder's credentials, checked to be JSON, and only then given to the
 * services in turn. Resolves false for a request that is not an AWS one.
 */
export function awsEndpoints(credentials: LocalAwsCredentials, services: readonly AwsServiceHandler[]) {
  const verify = sigV4Verifier(credentials);
  const serve = async (req: IncomingMessage, res: ServerResponse, service: AwsService) => {
    let body: Buffer;
    try {
      body = await readLimitedBody(req, MAX_AWS_BODY_BYTES);
    } catch (error) {
      if (!(error instanceof BodyTooLargeError)) throw error;
      const refusal = awsErrorResponse(service, 'ValidationException', 'Request body too large');
      refuseBody(req, res, 413, refusal.headers, refusal.body);
      return;
    }
    try {
      await verify(req, body, service);
    } catch (error) {
      if (!(error instanceof AwsAuthError)) throw error;
      sendAwsError(res, service, error.code, error.message);
      return;
    }
    const text = body.toString('utf8');
    if (text.trim() !== '') {
      try {
        JSON.parse(text);
      } catch {
        sendAwsError(res, service, 'SerializationException', 'the request body is not valid JSON');
        return;
      }
    }
    for (const handle of services) if (await handle(req, res, body)) return;
    sendAwsError(res, service, 'UnknownOperationException', `${req.method} ${req.url} is not served locally`);
  };
  return async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    const service = awsServiceOf(req);
    if (!service) return false;
    await serve(req, res, service);
    return true;
  };
}
