import { linkConfig, signer } from '#functions/composition/answer-page-deps';
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
    config: { publicBaseUrl: linkConfig().PUBLIC_BASE_URL, linkTtlSeconds: linkConfig().LINK_TTL_SECONDS },
  });

export const handler = stepHandler(requestReviewSchema, lambdaHandler);
