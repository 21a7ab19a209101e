import { applicationStore, clock, taskStore } from '#functions/composition/stores';
import { applicationStepSchema } from '#shared/schemas/workflow';
import { stepHandler } from '#shared/steps/step-handler';
import { concludeConsentStage } from '#shared/use-cases/conclude-consent';

export const lambdaHandler = (input: { applicationId: string }) =>
  concludeConsentStage(input.applicationId, {
    applications: applicationStore(),
    tasks: taskStore(),
    clock,
  });

export const handler = stepHandler(applicationStepSchema, lambdaHandler);
