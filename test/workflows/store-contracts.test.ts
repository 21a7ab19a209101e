import { dynamoApplicationStore } from '#shared/adapters/application-store';
import { documentClient } from '#shared/adapters/dynamodb';
import { dynamoInvitationStore } from '#shared/adapters/invitation-store';
import { dynamoRegistryStore } from '#shared/adapters/registry-store';
import { dynamoTaskStore } from '#shared/adapters/task-store';
import { dynamoReminders } from '#shared/adapters/tasks/reminders';
import { suiteDynamoDbEndpoint } from '#test/support/lanes';
import { describeReminderContracts } from '#test/support/reminder-contracts';
import { describeStoreContracts } from '#test/support/store-contracts';
import { createTestTable } from '#test/support/test-table';

// The same cases run against the in-memory stores in test/unit/contracts/in-memory-stores.test.ts.
describeStoreContracts('DynamoDB Local', async () => {
  const tableName = await createTestTable(suiteDynamoDbEndpoint());
  return {
    applications: dynamoApplicationStore(documentClient, tableName),
    registry: dynamoRegistryStore(documentClient, tableName),
    tasks: dynamoTaskStore(documentClient, tableName),
    invitations: dynamoInvitationStore(documentClient, tableName),
  };
});

describeReminderContracts('DynamoDB Local', async () => {
  const tableName = await createTestTable(suiteDynamoDbEndpoint());
  return {
    tasks: dynamoTaskStore(documentClient, tableName),
    reminders: dynamoReminders(documentClient, tableName),
  };
});
