import { applicationStore, clock, registryStore } from '#shared/deps';
import { mailer } from '#shared/deps/mail';
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
