import {
  applicationStore,
  clock,
  registryStore,
  reviewConfig,
  taskStore,
} from '#functions/composition/stores';
import { applicationStepSchema } from '#shared/schemas/workflow';
import { stepHandler } from '#shared/steps/step-handler';
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
