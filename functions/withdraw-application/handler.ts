import { mailer } from '#functions/composition/mail';
import { workflowEngine } from '#functions/composition/step-functions';
import { applicationStore, clock, registryStore, taskStore } from '#functions/composition/stores';
import { type ApiEvent, apiHandler, json, parsePathParameter, signedInInn } from '#shared/http/api';
import { applicationIdSchema } from '#shared/schemas/api';
import { applicationView } from '#shared/use-cases/application-view';
import { withdrawApplication } from '#shared/use-cases/withdraw-application';

export const lambdaHandler = async (event: ApiEvent) => {
  const inn = signedInInn(event);
  const applicationId = parsePathParameter(event, 'id', applicationIdSchema);
  const application = await withdrawApplication(applicationId, inn, {
    applications: applicationStore(),
    registry: registryStore(),
    workflow: workflowEngine(),
    tasks: taskStore(),
    mailer: mailer(),
    clock,
  });
  return json(
    200,
    await applicationView(application, { applications: applicationStore(), tasks: taskStore() }),
  );
};

export const handler = apiHandler(lambdaHandler);
