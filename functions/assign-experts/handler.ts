import { applicationStore, clock, registryStore, reviewConfig } from '#functions/composition/stores';
import { applicationStepSchema } from '#shared/schemas/workflow';
import { stepHandler } from '#shared/steps/step-handler';
import { assignExpertsToApplication } from '#shared/use-cases/assign-experts';

export const lambdaHandler = ({ applicationId }: { applicationId: string }) => {
  const config = reviewConfig();
  return assignExpertsToApplication(applicationId, {
    applications: applicationStore(),
    registry: registryStore(),
    clock,
    config: {
      expertsPerCreate: config.EXPERTS_PER_CREATE,
      expertsPerJoin: config.EXPERTS_PER_JOIN,
      reviewTimeoutSeconds: config.REVIEW_TIMEOUT_SECONDS,
    },
  });
};

export const handler = stepHandler(applicationStepSchema, lambdaHandler);
