import { workflowEngine } from '#functions/composition/step-functions';
import { applicationStore, clock, once, registryStore, taskStore } from '#functions/composition/stores';
import { operatorEnv, parseEnv } from '#shared/config';

/** What the operator console and API read with: the stores, the workflow's run state, the "stuck" settings. */
export const operatorConfig = once(() => {
  const env = parseEnv(operatorEnv);
  return { stuckAfterSeconds: env.STUCK_AFTER_SECONDS, graceSeconds: env.RECONCILE_GRACE_SECONDS };
});

export const operatorReadDeps = () => ({
  applications: applicationStore(),
  tasks: taskStore(),
  registry: registryStore(),
  workflow: workflowEngine(),
  clock,
  config: operatorConfig(),
});
