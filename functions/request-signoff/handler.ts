import { linkSettings } from '#functions/composition/answer-page-deps';
import { linkStepDeps } from '#functions/composition/link-steps';
import { figuresStore, signoffConfig } from '#functions/composition/stores';
import { requestSignoffSchema } from '#shared/schemas/workflow';
import { stepHandler } from '#shared/steps/step-handler';
import { escalateSignoff } from '#shared/use-cases/escalate-signoff';
import { requestSignoff } from '#shared/use-cases/request-signoff';

const deps = () => ({
  ...linkStepDeps(),
  figures: figuresStore(),
  config: {
    ...linkSettings(),
    signoffTimeoutSeconds: signoffConfig().SIGNOFF_TIMEOUT_SECONDS,
    escalationTimeoutSeconds: signoffConfig().ESCALATION_TIMEOUT_SECONDS,
  },
});

/** RequestSignoff, and with `escalate` the EscalateSignoff step once the sign-off deadline passed. */
export const lambdaHandler = async (input: {
  applicationId: string;
  taskToken: string;
  escalate?: boolean | undefined;
}): Promise<object> => (input.escalate ? escalateSignoff(input, deps()) : requestSignoff(input, deps()));

export const handler = stepHandler(requestSignoffSchema, lambdaHandler);
