import { linkSettings } from '#functions/composition/answer-page-deps';
import { linkStepDeps } from '#functions/composition/link-steps';
import { requestReviewSchema } from '#shared/schemas/workflow';
import { stepHandler } from '#shared/steps/step-handler';
import { type RequestReviewInput, requestReview } from '#shared/use-cases/request-review';

export const lambdaHandler = (input: RequestReviewInput) =>
  requestReview(input, { ...linkStepDeps(), config: linkSettings() });

export const handler = stepHandler(requestReviewSchema, lambdaHandler);
