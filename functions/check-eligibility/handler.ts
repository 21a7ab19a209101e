import { applicationStore, clock, registryStore, taskStore } from '#functions/composition/stores';
import { applicationStepSchema } from '#shared/schemas/workflow';
import { stepHandler } from '#shared/steps/step-handler';
import { checkEligibility } from '#shared/use-cases/check-eligibility';

export const lambdaHandler = ({ applicationId }: { applicationId: string }) =>
  checkEligibility(applicationId, {
    applications: applicationStore(),
    registry: registryStore(),
    tasks: taskStore(),
    clock,
  });

export const handler = stepHandler(applicationStepSchema, lambdaHandler);
