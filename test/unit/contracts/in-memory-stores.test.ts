import { inMemoryStores } from '#test/support/in-memory-stores';
import { describeReminderContracts } from '#test/support/reminder-contracts';
import { describeStoreContracts } from '#test/support/store-contracts';

// The same cases run against DynamoDB Local in test/workflows/store-contracts.test.ts.
describeStoreContracts('in memory', async () => inMemoryStores());
describeReminderContracts('in memory', async () => inMemoryStores());
