import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '#local/runtime';
import { documentClient } from '#shared/adapters/dynamodb';
import { executionArnFor } from '#shared/adapters/workflow-engine';
import {
  type ApiClient,
  approveReview,
  createClusterBody,
  joinClusterBody,
  sample,
} from '#test/support/api-client';
import { startTestRuntime } from '#test/support/test-runtime';
import { deadlineSeconds, waits } from '#test/support/timeouts';

/**
 * Task tokens live only while their task is open: an application withdrawn
 * in review, one whose review deadline passed without a quorum and one whose
 * sign-off expired keep no `taskToken` attribute anywhere under their `APP#`
 * partition, and their unanswered tasks read CLOSED, not PENDING.
 */
const DEADLINE_SECONDS = deadlineSeconds(3);

let runtime: LocalRuntime;
let api: ApiClient;

beforeAll(async () => {
  ({ runtime, api } = await startTestRuntime('task-tokens', {
    reviewTimeoutSeconds: DEADLINE_SECONDS,
    signoffTimeoutSeconds: DEADLINE_SECONDS,
    escalationTimeoutSeconds: DEADLINE_SECONDS,
  }));
});

afterAll(async () => {
  await runtime?.stop();
});

/** Every item of the application's partition, read straight from DynamoDB Local. */
async function partition(applicationId: string): Promise<Array<Record<string, unknown>>> {
  const result = await documentClient.send(
    new QueryCommand({
      TableName: process.env.TABLE_NAME,
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': `APP#${applicationId}` },
      ConsistentRead: true,
    }),
  );
  return result.Items ?? [];
}

const tasksOf = (items: Array<Record<string, unknown>>) =>
  items.filter((item) => /^(REVIEW#|SIGNOFF)/.test(String(item.SK)));

async function settled(applicationId: string) {
  await runtime.stepFunctions.waitForExecution(
    executionArnFor(runtime.stateMachineArn, applicationId),
    waits.execution,
  );
  return partition(applicationId);
}

describe('task tokens', () => {
  it('are deleted, and the reviews closed, when an application is withdrawn in review', async () => {
    const body = createClusterBody(sample.activeIn(['medicine'], 30), 'Medicine Withdrawn Cluster', [
      'medicine',
    ]);
    const token = await api.login(body.applicantInn);
    const { applicationId } = (await api.submit(token, body)).body;
    await api.answerConsents(applicationId, 29);
    await api.waitForLinks(applicationId, 'reviews', 3);
    const before = tasksOf(await partition(applicationId));
    expect(before.filter((item) => item.taskToken !== undefined)).toHaveLength(3);

    expect((await api.withdraw(token, applicationId)).status).toBe(200);
    const items = await settled(applicationId);
    expect(items.filter((item) => 'taskToken' in item)).toEqual([]);
    expect(tasksOf(items).map((item) => item.status)).toEqual(['CLOSED', 'CLOSED', 'CLOSED']);
  });

  it('are deleted when the review deadline passes without a quorum', async () => {
    const body = createClusterBody(sample.activeIn(['nanotech'], 30), 'Nanotech Token Cluster', ['nanotech']);
    const token = await api.login(body.applicantInn);
    const { applicationId } = (await api.submit(token, body)).body;
    await api.answerConsents(applicationId, 29);
    const [onlyAnswer] = await api.waitForLinks(applicationId, 'reviews', 3);
    expect((await api.postLink(onlyAnswer ?? '', approveReview)).status).toBe(200);

    await api.waitForStatus(token, applicationId, ['EXPIRED'], 20_000);
    const items = await settled(applicationId);
    expect(items.filter((item) => 'taskToken' in item)).toEqual([]);
    expect(
      tasksOf(items)
        .map((item) => item.status)
        .sort(),
    ).toEqual(['ANSWERED', 'CLOSED', 'CLOSED']);
  });

  it('are deleted when the sign-off expires', async () => {
    const applicant = sample.joinCandidate(2);
    const token = await api.login(applicant.inn);
    const { applicationId } = (await api.submit(token, joinClusterBody(applicant, sample.cluster.clusterId)))
      .body;
    const [reviewLink] = await api.waitForLinks(applicationId, 'reviews', 1);
    expect((await api.postLink(reviewLink ?? '', approveReview)).status).toBe(200);

    await api.waitForStatus(token, applicationId, ['EXPIRED'], 20_000);
    const items = await settled(applicationId);
    expect(items.filter((item) => 'taskToken' in item)).toEqual([]);
    expect(tasksOf(items).map((item) => [String(item.SK).split('#')[0], item.status])).toEqual([
      ['REVIEW', 'ANSWERED'],
      ['SIGNOFF', 'CLOSED'],
    ]);
  });
});
