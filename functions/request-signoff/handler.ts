import { applicationStore, clock, registryStore, signoffConfig, taskStore } from '#shared/deps';
import { linkConfig, signer } from '#shared/deps/links';
import { mailer } from '#shared/deps/mail';
import { workflowEngine } from '#shared/deps/workflow';
import { stepHandler } from '#shared/http/step';
import { requestSignoffSchema } from '#shared/schemas/workflow';
import { requestSignoff } from '#shared/use-cases/request-signoff';

export const lambdaHandler = (input: { applicationId: string; taskToken: string }) =>
  requestSignoff(input, {
    applications: applicationStore(),
    registry: registryStore(),
    tasks: taskStore(),
    signer: signer(),
    mailer: mailer(),
    workflow: workflowEngine(),
    clock,
    config: {
      publicBaseUrl: linkConfig().PUBLIC_BASE_URL,
      linkTtlSeconds: linkConfig().LINK_TTL_SECONDS,
      signoffTimeoutSeconds: signoffConfig().SIGNOFF_TIMEOUT_SECONDS,
    },
  });

export const handler = stepHandler(requestSignoffSchema, lambdaHandler);
