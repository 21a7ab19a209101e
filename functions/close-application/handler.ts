import { applicationStore, clock, registryStore, taskStore } from '#functions/composition/stores';
import { closeApplicationSchema } from '#shared/schemas/workflow';
import { stepHandler } from '#shared/steps/step-handler';
import { type CloseApplicationInput, closeApplicationAndTasks } from '#shared/use-cases/close-application';

export const lambdaHandler = (input: CloseApplicationInput) =>
  closeApplicationAndTasks(input, {
    applications: applicationStore(),
    registry: registryStore(),
    tasks: taskStore(),
    clock,
  });

export const handler = stepHandler(closeApplicationSchema, lambdaHandler);
