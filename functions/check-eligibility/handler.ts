import { applicationStore, clock, registryStore } from '#shared/deps';
import { stepHandler } from '#shared/http/step';
import { applicationStepSchema } from '#shared/schemas/workflow';
import { checkEligibility } from '#shared/use-cases/check-eligibility';

export const lambdaHandler = ({ applicationId }: { applicationId: string }) =>
  checkEligibility(applicationId, { applications: applicationStore(), registry: registryStore(), clock });

export const handler = stepHandler(applicationStepSchema, lambdaHandler);
