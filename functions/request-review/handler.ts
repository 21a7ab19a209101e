import { applicationStore, clock, registryStore, taskStore } from '#shared/deps';
import { linkConfig, signer } from '#shared/deps/links';
import { mailer } from '#shared/deps/mail';
import { workflowEngine } from '#shared/deps/workflow';
import { stepHandler } from '#shared/http/step';
import { requestReviewSchema } from '#shared/schemas/workflow';
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
