import { type ApplicationStore, dynamoApplicationStore } from '#shared/adapters/application-store';
import { documentClient } from '#shared/adapters/dynamodb';
import { secretsManagerKeySource } from '#shared/adapters/link-keys';
import { type Mailer, sesClient, sesMailer } from '#shared/adapters/mailer';
import { dynamoRegistryStore, type RegistryStore } from '#shared/adapters/registry-store';
import { dynamoTaskStore } from '#shared/adapters/task-store';
import { sfnClient, stepFunctionsEngine, type WorkflowEngine } from '#shared/adapters/workflow-engine';
import { systemClock } from '#shared/clock';
import { linkEnv, mailEnv, parseEnv, reviewEnv, signoffEnv, tableEnv, workflowEnv } from '#shared/config';
import { type LinkSigner, linkSigner } from '#shared/links/signer';

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
export const applicationStore = once<ApplicationStore>(() =>
  dynamoApplicationStore(documentClient, tableName()),
);
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
export const signoffConfig = once(() => parseEnv(signoffEnv));
export const linkConfig = once(() => parseEnv(linkEnv));
export const signer = once<LinkSigner>(() =>
  linkSigner(secretsManagerKeySource(linkConfig().LINK_KEYS_SECRET_ID)),
);
/** What the review and sign-off pages work with, and how they set cookies. */
export const linkPageDeps = () => ({
  signer: signer(),
  tasks: taskStore(),
  applications: applicationStore(),
  registry: registryStore(),
  workflow: workflowEngine(),
  clock,
});
export const linkCookies = () => ({ secure: linkConfig().PUBLIC_BASE_URL.startsWith('https:') });
export const clock = systemClock;
