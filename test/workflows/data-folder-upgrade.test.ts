import { randomBytes } from 'node:crypto';
import { CreateTableCommand, DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import type { CfnTemplate } from '#local/cfn';
import { createTablesFromTemplate, localDynamoDbClient } from '#local/dynamodb-local';
import { dynamoApplicationStore, indexOpenApplications } from '#shared/adapters/application-store';
import { documentClient } from '#shared/adapters/dynamodb';
import { application } from '#test/support/in-memory-stores';
import { suiteDynamoDbEndpoint } from '#test/support/lanes';

const key = (name: string, type: 'HASH' | 'RANGE') => ({ AttributeName: name, KeyType: type });
const attribute = (name: string) => ({ AttributeName: name, AttributeType: 'S' as const });
const gsi = (n: number, projection: 'ALL' | 'KEYS_ONLY') => ({
  IndexName: `GSI${n}`,
  KeySchema: [key(`GSI${n}PK`, 'HASH'), key(`GSI${n}SK`, 'RANGE')],
  Projection: { ProjectionType: projection },
});

describe('a data folder made before the status index', () => {
  it('gets the index at start-up, and its applications are indexed', async () => {
    const client = localDynamoDbClient(suiteDynamoDbEndpoint());
    const tableName = `upgrade-${randomBytes(5).toString('hex')}`;
    // The table as an older version created it: GSI1 only.
    await client.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: 'PAY_PER_REQUEST',
        KeySchema: [key('PK', 'HASH'), key('SK', 'RANGE')],
        AttributeDefinitions: ['PK', 'SK', 'GSI1PK', 'GSI1SK'].map(attribute),
        GlobalSecondaryIndexes: [gsi(1, 'ALL')],
      }),
    );
    const old = application({ applicationId: 'app_0000000000old1', status: 'IN_REVIEW' });
    await documentClient.send(
      new PutCommand({ TableName: tableName, Item: { PK: `APP#${old.applicationId}`, SK: 'META', ...old } }),
    );

    const template: CfnTemplate = {
      Resources: {
        Table: {
          Type: 'AWS::DynamoDB::Table',
          Properties: {
            TableName: tableName,
            BillingMode: 'PAY_PER_REQUEST',
            KeySchema: [key('PK', 'HASH'), key('SK', 'RANGE')],
            AttributeDefinitions: ['PK', 'SK', 'GSI1PK', 'GSI1SK', 'GSI2PK', 'GSI2SK'].map(attribute),
            GlobalSecondaryIndexes: [gsi(1, 'ALL'), gsi(2, 'KEYS_ONLY')],
          },
        },
      },
    };
    const added: string[] = [];
    await createTablesFromTemplate(template, client, (_table, index) => added.push(index));
    expect(added).toEqual(['GSI2']);
    const described = await client.send(new DescribeTableCommand({ TableName: tableName }));
    expect(described.Table?.GlobalSecondaryIndexes?.map((index) => index.IndexName).sort()).toEqual([
      'GSI1',
      'GSI2',
    ]);

    const store = dynamoApplicationStore(documentClient, tableName);
    expect((await store.listOpenIds({ limit: 10 })).items).toEqual([]);
    expect(await indexOpenApplications(documentClient, tableName)).toBe(1);
    expect((await store.listOpenIds({ limit: 10 })).items).toEqual([old.applicationId]);
    expect(await indexOpenApplications(documentClient, tableName)).toBe(0);

    // A second start adds nothing.
    const again: string[] = [];
    await createTablesFromTemplate(template, client, (_table, index) => again.push(index));
    expect(again).toEqual([]);
  });
});
