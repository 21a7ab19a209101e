import { signer } from '#functions/composition/answer-page-deps';
import { mailer } from '#functions/composition/mail';
import { workflowEngine } from '#functions/composition/step-functions';
import { applicationStore, clock, registryStore, taskStore } from '#functions/composition/stores';

/** What the workflow steps that open a human task and email its signed link work with. */
export const linkStepDeps = () => ({
  applications: applicationStore(),
  registry: registryStore(),
  tasks: taskStore(),
  signer: signer(),
  mailer: mailer(),
  workflow: workflowEngine(),
  clock,
});
