import { sfnClient, stepFunctionsEngine, type WorkflowEngine } from '#shared/adapters/workflow-engine';
import { parseEnv, workflowEnv } from '#shared/config';
import { once } from '#shared/deps';

export const workflowEngine = once<WorkflowEngine>(() =>
  stepFunctionsEngine(sfnClient, parseEnv(workflowEnv).STATE_MACHINE_ARN),
);
