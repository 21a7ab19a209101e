import { once } from '#functions/composition/stores';
import { sfnClient, stepFunctionsEngine } from '#shared/adapters/workflow-engine';
import { parseEnv, workflowEnv } from '#shared/config';
import type { WorkflowEngine } from '#shared/use-cases/ports';

export const workflowEngine = once<WorkflowEngine>(() =>
  stepFunctionsEngine(sfnClient, parseEnv(workflowEnv).STATE_MACHINE_ARN),
);
