import { linkSettings, signer } from '#functions/composition/answer-page-deps';
import { mailer } from '#functions/composition/mail';
import { workflowEngine } from '#functions/composition/step-functions';
import {
  applicationStore,
  clock,
  registryStore,
  signoffConfig,
  taskStore,
} from '#functions/composition/stores';
import { requestSignoffSchema } from '#shared/schemas/workflow';
import { stepHandler } from '#shared/steps/step-handler';
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
      ...linkSettings(),
      signoffTimeoutSeconds: signoffConfig().SIGNOFF_TIMEOUT_SECONDS,
    },
  });

export const handler = stepHandler(requestSignoffSchema, lambdaHandler);
