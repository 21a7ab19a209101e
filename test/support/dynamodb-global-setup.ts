/**
 * Global setup of the workflow suite: one in-memory DynamoDB Local for the
 * whole run, reached by product code through the standard SDK variables.
 * Tests get the endpoint with `inject('dynamodbEndpoint')`.
 */
import type { TestProject } from 'vitest/node';
import { ensureDynamoDbLocal, ensureJava, startDynamoDbLocal } from '#local/dynamodb-local';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  await ensureJava();
  await ensureDynamoDbLocal();
  const dynamodb = await startDynamoDbLocal({ port: 0 });
  // Set in this process; vitest's workers inherit the environment of the
  // process that starts them, after global setup has run.
  process.env.AWS_ENDPOINT_URL_DYNAMODB = dynamodb.endpoint;
  process.env.AWS_REGION = 'local';
  process.env.AWS_ACCESS_KEY_ID = 'local';
  process.env.AWS_SECRET_ACCESS_KEY = 'local';
  project.provide('dynamodbEndpoint', dynamodb.endpoint);
  return async () => {
    await dynamodb.stop();
  };
}
