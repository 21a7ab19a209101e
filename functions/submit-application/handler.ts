import { mailer } from '#functions/composition/mail';
import { workflowEngine } from '#functions/composition/step-functions';
import { applicationStore, clock, registryStore } from '#functions/composition/stores';
import {
  type ApiEvent,
  apiHandler,
  idempotencyKeyOf,
  json,
  parseJsonBody,
  signedInInn,
} from '#shared/http/api';
import { submitApplicationRequestSchema } from '#shared/schemas/api';
import { submitApplication } from '#shared/use-cases/submit-application';

export const lambdaHandler = async (event: ApiEvent) => {
  const inn = signedInInn(event);
  const idempotencyKey = idempotencyKeyOf(event);
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
