import { mailer } from '#functions/composition/mail';
import { workflowEngine } from '#functions/composition/step-functions';
import { applicationStore, clock, registryStore, taskStore } from '#functions/composition/stores';
import { requestAmendmentSchema } from '#shared/schemas/workflow';
import { stepHandler } from '#shared/steps/step-handler';
import { requestAmendment } from '#shared/use-cases/request-amendment';

/** AwaitAmendment: emails the applicant the return and keeps the token until the resubmission. */
export const lambdaHandler = (input: { applicationId: string; taskToken: string }) =>
  requestAmendment(input, {
    applications: applicationStore(),
    registry: registryStore(),
    tasks: taskStore(),
    workflow: workflowEngine(),
    mailer: mailer(),
    clock,
  });

export const handler = stepHandler(requestAmendmentSchema, lambdaHandler);
