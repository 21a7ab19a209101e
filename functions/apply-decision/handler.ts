import { applicationStore, clock, registryStore, taskStore } from '#functions/composition/stores';
import { applicationStepSchema } from '#shared/schemas/workflow';
import { stepHandler } from '#shared/steps/step-handler';
import { applyDecision } from '#shared/use-cases/apply-decision';

export const lambdaHandler = ({ applicationId }: { applicationId: string }) =>
  applyDecision(applicationId, {
    applications: applicationStore(),
    registry: registryStore(),
    tasks: taskStore(),
    clock,
  });

export const handler = stepHandler(applicationStepSchema, lambdaHandler);
