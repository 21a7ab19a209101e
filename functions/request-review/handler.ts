import {
  applicationStore,
  clock,
  linkConfig,
  mailer,
  registryStore,
  signer,
  taskStore,
  workflowEngine,
} from '#shared/deps';
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
