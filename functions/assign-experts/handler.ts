import * as z from 'zod';
import {
  applicationStore,
  clock,
  registryStore,
  reviewConfig,
  taskStore,
} from '#functions/composition/stores';
import {
  type AssignmentStepOutput,
  applicationStepSchema,
  type ReplacementStepOutput,
  replaceExpertSchema,
} from '#shared/schemas/workflow';
import { stepHandler } from '#shared/steps/step-handler';
import { assignExpertsToApplication, replaceRecusedExpert } from '#shared/use-cases/assign-experts';

/** Two steps of one concern, picking experts: the panel (`AssignExperts`) and a replacement (`ReplaceExpert`). */
const assignStepSchema = z.union([replaceExpertSchema, applicationStepSchema]);

export const lambdaHandler = (
  input: z.infer<typeof assignStepSchema>,
): Promise<AssignmentStepOutput | ReplacementStepOutput> => {
  const env = reviewConfig();
  const config = {
    expertsPerCreate: env.EXPERTS_PER_CREATE,
    expertsPerJoin: env.EXPERTS_PER_JOIN,
    reviewTimeoutSeconds: env.REVIEW_TIMEOUT_SECONDS,
    maxReplacementsPerApplication: env.MAX_REPLACEMENTS_PER_APPLICATION,
  };
  const deps = {
    applications: applicationStore(),
    registry: registryStore(),
    tasks: taskStore(),
    clock,
    config,
  };
  const { recusedExpertId } = input;
  return typeof recusedExpertId === 'string'
    ? replaceRecusedExpert({ applicationId: input.applicationId, recusedExpertId }, deps)
    : assignExpertsToApplication(input.applicationId, deps);
};

export const handler = stepHandler(assignStepSchema, lambdaHandler);
