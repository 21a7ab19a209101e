import { Tracer } from '@aws-lambda-powertools/tracer';

/**
 * X-Ray subsegments for every AWS SDK call, through Powertools Tracer. One
 * tracer per execution environment; its service name comes from
 * POWERTOOLS_SERVICE_NAME. It switches itself off outside Lambda (locally,
 * in tests), where `traced` returns the client as it is. Only the SDK
 * clients are traced (no global HTTP patching): they are the only calls the
 * functions make.
 */
export const tracer = new Tracer({ captureHTTPsRequests: false });

export function traced<Client>(client: Client): Client {
  return tracer.captureAWSv3Client(client);
}
