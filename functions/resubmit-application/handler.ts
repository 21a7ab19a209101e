import { workflowEngine } from '#functions/composition/step-functions';
import { applicationStore, clock, taskStore } from '#functions/composition/stores';
import {
  type ApiEvent,
  apiHandler,
  idempotencyKeyOf,
  json,
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
  const statusUrl = `/applications/${application.applicationId}`;
  return json(
    202,
    { applicationId: application.applicationId, status: application.status, statusUrl },
    { location: statusUrl },
  );
};

export const handler = apiHandler(lambdaHandler);
