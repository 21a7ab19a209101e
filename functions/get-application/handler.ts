import { applicationStore, taskStore } from '#functions/composition/stores';
import { type ApiEvent, apiHandler, json, parsePathParameter, signedInInn } from '#shared/http/api';
import { applicationIdSchema } from '#shared/schemas/api';
import { applicationView, loadOwnApplication } from '#shared/use-cases/application-view';

export const lambdaHandler = async (event: ApiEvent) => {
  const inn = signedInInn(event);
  const applicationId = parsePathParameter(event, 'id', applicationIdSchema);
  const application = await loadOwnApplication(applicationStore(), applicationId, inn);
  return json(
    200,
    await applicationView(application, { applications: applicationStore(), tasks: taskStore() }),
  );
};

export const handler = apiHandler(lambdaHandler);
