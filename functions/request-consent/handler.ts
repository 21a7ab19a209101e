import { linkSettings } from '#functions/composition/answer-page-deps';
import { linkStepDeps } from '#functions/composition/link-steps';
import { consentConfig } from '#functions/composition/stores';
import { CONSENT_EMAIL_CONCURRENCY } from '#shared/config-defaults';
import { requestConsentSchema } from '#shared/schemas/workflow';
import { stepHandler } from '#shared/steps/step-handler';
import { type RequestConsentInput, requestConsent } from '#shared/use-cases/request-consent';

export const lambdaHandler = (input: RequestConsentInput) =>
  requestConsent(input, {
    ...linkStepDeps(),
    config: {
      ...linkSettings(),
      consentTimeoutSeconds: consentConfig().CONSENT_TIMEOUT_SECONDS,
      emailConcurrency: CONSENT_EMAIL_CONCURRENCY,
    },
  });

export const handler = stepHandler(requestConsentSchema, lambdaHandler);
