import { applicationStore, clock, mailer, registryStore } from '#shared/deps';
import { stepHandler } from '#shared/http/step';
import { applicationStepSchema } from '#shared/schemas/workflow';
import { notifyApplicant } from '#shared/use-cases/notify-applicant';

export const lambdaHandler = ({ applicationId }: { applicationId: string }) =>
  notifyApplicant(applicationId, {
    applications: applicationStore(),
    registry: registryStore(),
    mailer: mailer(),
    clock,
  });

export const handler = stepHandler(applicationStepSchema, lambdaHandler);
