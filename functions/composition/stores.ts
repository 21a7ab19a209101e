import { dynamoApplicationStore } from '#shared/adapters/application-store';
import { documentClient } from '#shared/adapters/dynamodb';
import { dynamoFigures } from '#shared/adapters/figures-store';
import { dynamoRegistryStore, type RegistryStore } from '#shared/adapters/registry-store';
import { dynamoTaskStore } from '#shared/adapters/task-store';
import { dynamoReminders } from '#shared/adapters/tasks/reminders';
import { systemClock } from '#shared/clock';
import { consentEnv, parseEnv, reviewEnv, signoffEnv, tableEnv } from '#shared/config';
import type { Applications } from '#shared/use-cases/ports';

/**
 * Adapters wired from the environment, created once per execution
 * environment and only when a handler first asks for them, so each function
 * requires only the variables of the adapters it uses. The table adapters
 * live here; those with their own AWS client (mail, workflow, links) live in
 * the other modules of functions/composition/, so a function bundles only the SDK clients it uses.
 */
export function once<T>(create: () => T): () => T {
  let value: T | undefined;
  return () => {
    value ??= create();
    return value;
  };
}

export const tableName = once(() => parseEnv(tableEnv).TABLE_NAME);
export const applicationStore = once<Applications>(() => dynamoApplicationStore(documentClient, tableName()));
export const registryStore = once<RegistryStore>(() => dynamoRegistryStore(documentClient, tableName()));
export const taskStore = once(() => dynamoTaskStore(documentClient, tableName()));
export const figuresStore = once(() => dynamoFigures(documentClient, tableName()));
export const reminderStore = once(() => dynamoReminders(documentClient, tableName()));
export const consentConfig = once(() => parseEnv(consentEnv));
export const reviewConfig = once(() => parseEnv(reviewEnv));
export const signoffConfig = once(() => parseEnv(signoffEnv));
export const clock = systemClock;
