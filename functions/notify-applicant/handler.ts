import { mailer } from '#functions/composition/mail';
import { applicationStore, clock, registryStore } from '#functions/composition/stores';
import { applicationStepSchema } from '#shared/schemas/workflow';
import { stepHandler } from '#shared/steps/step-handler';
import { notifyApplicant } from '#shared/use-cases/notify-applicant';

export const lambdaHandler = ({ applicationId }: { applicationId: string }) =>
  notifyApplicant(applicationId, {
    applications: applicationStore(),
    registry: registryStore(),
    mailer: mailer(),
    clock,
  });

export const handler = stepHandler(applicationStepSchema, lambdaHandler);
