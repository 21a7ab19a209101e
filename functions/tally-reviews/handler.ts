import { applicationStore, clock, registryStore, reviewConfig, taskStore } from '#shared/deps';
import { stepHandler } from '#shared/http/step';
import { applicationStepSchema } from '#shared/schemas/workflow';
import { tallyApplicationReviews } from '#shared/use-cases/tally-reviews';

export const lambdaHandler = ({ applicationId }: { applicationId: string }) =>
  tallyApplicationReviews(applicationId, {
    applications: applicationStore(),
    registry: registryStore(),
    tasks: taskStore(),
    clock,
    config: { quorum: reviewConfig().REVIEW_QUORUM },
  });

export const handler = stepHandler(applicationStepSchema, lambdaHandler);
