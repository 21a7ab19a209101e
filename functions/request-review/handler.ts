import { linkSettings, signer } from '#functions/composition/answer-page-deps';
import { mailer } from '#functions/composition/mail';
import { workflowEngine } from '#functions/composition/step-functions';
import { applicationStore, clock, registryStore, taskStore } from '#functions/composition/stores';
import { requestReviewSchema } from '#shared/schemas/workflow';
import { stepHandler } from '#shared/steps/step-handler';
import { type RequestReviewInput, requestReview } from '#shared/use-cases/request-review';

export const lambdaHandler = (input: RequestReviewInput) =>
  requestReview(input, {
    applications: applicationStore(),
    registry: registryStore(),
    tasks: taskStore(),
    signer: signer(),
    mailer: mailer(),
    workflow: workflowEngine(),
    clock,
    config: linkSettings(),
  });

export const handler = stepHandler(requestReviewSchema, lambdaHandler);
