import { mailer } from '#functions/composition/mail';
import { workflowEngine } from '#functions/composition/step-functions';
import { applicationStore, clock, once, registryStore, tableName } from '#functions/composition/stores';
import { documentClient } from '#shared/adapters/dynamodb';
import { dynamoInvitationStore } from '#shared/adapters/invitation-store';
import { invitationEnv, parseEnv } from '#shared/config';

/** The invitation store, and the settings the invitation routes read. */
export const invitationStore = once(() => dynamoInvitationStore(documentClient, tableName()));
export const invitationConfig = once(() => parseEnv(invitationEnv));

/** What accepting a MEMBER invitation needs to file the join application: the usual submission's deps. */
export const submitDeps = () => ({
  applications: applicationStore(),
  registry: registryStore(),
  workflow: workflowEngine(),
  mailer: mailer(),
  clock,
});
