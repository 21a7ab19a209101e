import { mailer } from '#functions/composition/mail';
import { workflowEngine } from '#functions/composition/step-functions';
import { applicationStore, clock, registryStore } from '#functions/composition/stores';
import {
  type ApiEvent,
  acceptedApplication,
  apiHandler,
  idempotencyKeyOf,
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
  return acceptedApplication(application);
};

export const handler = apiHandler(lambdaHandler);
