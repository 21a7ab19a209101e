import { applicationStore, clock, registryStore } from '#functions/composition/stores';
import { closeApplicationSchema } from '#shared/schemas/workflow';
import { stepHandler } from '#shared/steps/step-handler';
import { type CloseApplicationInput, closeApplication } from '#shared/use-cases/close-application';

export const lambdaHandler = (input: CloseApplicationInput) =>
  closeApplication(input, { applications: applicationStore(), registry: registryStore(), clock });

export const handler = stepHandler(closeApplicationSchema, lambdaHandler);
