import { applicationStore, clock, registryStore, taskStore } from '#shared/deps';
import { stepHandler } from '#shared/http/step';
import { applicationStepSchema } from '#shared/schemas/workflow';
import { applyDecision } from '#shared/use-cases/apply-decision';

export const lambdaHandler = ({ applicationId }: { applicationId: string }) =>
  applyDecision(applicationId, {
    applications: applicationStore(),
    registry: registryStore(),
    tasks: taskStore(),
    clock,
  });

export const handler = stepHandler(applicationStepSchema, lambdaHandler);
