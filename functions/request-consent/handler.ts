import { linkSettings, signer } from '#functions/composition/answer-page-deps';
import { mailer } from '#functions/composition/mail';
import { workflowEngine } from '#functions/composition/step-functions';
import {
  applicationStore,
  clock,
  consentConfig,
  registryStore,
  taskStore,
} from '#functions/composition/stores';
import { CONSENT_EMAIL_CONCURRENCY } from '#shared/config-defaults';
import { requestConsentSchema } from '#shared/schemas/workflow';
import { stepHandler } from '#shared/steps/step-handler';
import { type RequestConsentInput, requestConsent } from '#shared/use-cases/request-consent';

export const lambdaHandler = (input: RequestConsentInput) =>
  requestConsent(input, {
    applications: applicationStore(),
    registry: registryStore(),
    tasks: taskStore(),
    signer: signer(),
    mailer: mailer(),
    workflow: workflowEngine(),
    clock,
    config: {
      ...linkSettings(),
      consentTimeoutSeconds: consentConfig().CONSENT_TIMEOUT_SECONDS,
      emailConcurrency: CONSENT_EMAIL_CONCURRENCY,
    },
  });

export const handler = stepHandler(requestConsentSchema, lambdaHandler);
