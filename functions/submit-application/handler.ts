import { mailer } from '#functions/composition/mail';
import { workflowEngine } from '#functions/composition/step-functions';
import { applicationStore, clock, registryStore } from '#functions/composition/stores';
import { ValidationError } from '#shared/errors';
import { type ApiEvent, apiHandler, json, parseJsonBody, requestHeader, signedInInn } from '#shared/http/api';
import { submitApplicationRequestSchema } from '#shared/schemas/api';
import { submitApplication } from '#shared/use-cases/submit-application';

const MAX_IDEMPOTENCY_KEY = 200;

export const lambdaHandler = async (event: ApiEvent) => {
  const inn = signedInInn(event);
  const idempotencyKey = requestHeader(event, 'idempotency-key')?.trim() || undefined;
  if (idempotencyKey && idempotencyKey.length > MAX_IDEMPOTENCY_KEY) {
    throw new ValidationError('Idempotency-Key is too long', [
      { path: 'Idempotency-Key', message: `at most ${MAX_IDEMPOTENCY_KEY} characters` },
    ]);
  }
  const request = parseJsonBody(event, submitApplicationRequestSchema);
  const { application } = await submitApplication(
    request,
    { inn, idempotencyKey },
    {
      applications: applicationStore(),
      registry: registryStore(),
      workflow: workflowEngine(),
      mailer: mailer(),
      clock,
    },
  );
  const statusUrl = `/applications/${application.applicationId}`;
  return json(
    202,
    { applicationId: application.applicationId, status: application.status, statusUrl },
    { location: statusUrl },
  );
};

export const handler = apiHandler(lambdaHandler);
