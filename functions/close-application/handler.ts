import { applicationStore, clock, registryStore } from '#shared/deps';
import { stepHandler } from '#shared/http/step';
import { closeApplicationSchema } from '#shared/schemas/workflow';
import { type CloseApplicationInput, closeApplication } from '#shared/use-cases/close-application';

export const lambdaHandler = (input: CloseApplicationInput) =>
  closeApplication(input, { applications: applicationStore(), registry: registryStore(), clock });

export const handler = stepHandler(closeApplicationSchema, lambdaHandler);
