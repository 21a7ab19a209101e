import { workflowEngine } from '#functions/composition/step-functions';
import { applicationStore, clock, taskStore } from '#functions/composition/stores';
import {
  type ApiEvent,
  acceptedApplication,
  apiHandler,
  idempotencyKeyOf,
  parseJsonBody,
  parsePathParameter,
  signedInInn,
} from '#shared/http/api';
import { applicationIdSchema, submitApplicationRequestSchema } from '#shared/schemas/api';
import { resubmitApplication } from '#shared/use-cases/resubmit-application';

/** PUT /applications/{id}: the corrected application after a return for amendment (202). */
export const lambdaHandler = async (event: ApiEvent) => {
  const inn = signedInInn(event);
  const applicationId = parsePathParameter(event, 'id', applicationIdSchema);
  const idempotencyKey = idempotencyKeyOf(event);
  const request = parseJsonBody(event, submitApplicationRequestSchema);
  const application = await resubmitApplication(
    request,
    { inn, applicationId, idempotencyKey },
    { applications: applicationStore(), tasks: taskStore(), workflow: workflowEngine(), clock },
  );
  return acceptedApplication(application);
};

export const handler = apiHandler(lambdaHandler);
