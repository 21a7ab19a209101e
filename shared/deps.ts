import { type ApplicationStore, dynamoApplicationStore } from '#shared/adapters/application-store';
import { documentClient } from '#shared/adapters/dynamodb';
import { type Mailer, sesClient, sesMailer } from '#shared/adapters/mailer';
import { dynamoRegistryStore, type RegistryStore } from '#shared/adapters/registry-store';
import { dynamoTaskStore } from '#shared/adapters/task-store';
import { sfnClient, stepFunctionsEngine, type WorkflowEngine } from '#shared/adapters/workflow-engine';
import { mailEnv, parseEnv, reviewEnv, tableEnv, workflowEnv } from '#shared/config';
import { systemClock } from '#shared/clock';

/**
 * Adapters wired from the environment, created once per execution
 * environment and only when a handler first asks for them, so each function
 * requires only the variables of the adapters it uses.
 */
function once<T>(create: () => T): () => T {
  let value: T | undefined;
  return () => {
    value ??= create();
    return value;
  };
}

export const tableName = once(() => parseEnv(tableEnv).TABLE_NAME);
export const applicationStore = once<ApplicationStore>(() => dynamoApplicationStore(documentClient, tableName()));
export const registryStore = once<RegistryStore>(() => dynamoRegistryStore(documentClient, tableName()));
export const workflowEngine = once<WorkflowEngine>(() =>
  stepFunctionsEngine(sfnClient, parseEnv(workflowEnv).STATE_MACHINE_ARN),
);
export const mailer = once<Mailer>(() => {
  const env = parseEnv(mailEnv);
  return sesMailer(sesClient, env.MAIL_FROM, env.SES_CONFIGURATION_SET);
});
export const taskStore = once(() => dynamoTaskStore(documentClient, tableName()));
export const reviewConfig = once(() => parseEnv(reviewEnv));
export const clock = systemClock;
