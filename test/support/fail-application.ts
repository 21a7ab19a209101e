import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SendTaskFailureCommand, SFNClient } from '@aws-sdk/client-sfn';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { suiteRuntime, suiteRuntimeUrl } from '#test/support/lanes';
import { suiteAwsCredentials } from '#test/support/local-aws';
import { waits } from '#test/support/timeouts';

/**
 * Makes an application of the suite's runtime FAILED the way a fault does:
 * its waiting review task ends with an error the workflow does not handle
 * (as a downstream outage would make the step fail), so the state machine
 * catches it, records FAILED with the stage, and alarms. The task token is
 * read where it is kept (DynamoDB), through the runtime's AWS endpoints.
 */
export async function failWaitingReview(applicationId: string, expertId: string): Promise<void> {
  const runtime = JSON.parse(await readFile(join(suiteRuntime().dataDir, 'runtime.json'), 'utf8')) as {
    dynamodbEndpoint: string;
    tableName: string;
  };
  const credentials = await suiteAwsCredentials();
  const dynamo = DynamoDBDocumentClient.from(
    new DynamoDBClient({ endpoint: runtime.dynamodbEndpoint, region: 'local', credentials }),
  );
  const sfn = new SFNClient({ endpoint: suiteRuntimeUrl(), region: 'local', credentials });
  const deadline = Date.now() + waits.poll;
  while (Date.now() < deadline) {
    const task = await dynamo.send(
      new GetCommand({
        TableName: runtime.tableName,
        Key: { PK: `APP#${applicationId}`, SK: `REVIEW#${expertId}` },
        ConsistentRead: true,
      }),
    );
    const token = task.Item?.taskToken as string | undefined;
    if (token) {
      await sfn.send(
        new SendTaskFailureCommand({
          taskToken: token,
          error: 'DownstreamOutage',
          cause: 'simulated outage',
        }),
      );
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`the review of ${expertId} on ${applicationId} never stored its task token`);
}
