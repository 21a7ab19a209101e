import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { dynamoApplicationStore } from '#shared/adapters/application-store';
import { documentClient, keys } from '#shared/adapters/dynamodb';
import { dynamoRegistryStore } from '#shared/adapters/registry-store';
import { dynamoTaskStore } from '#shared/adapters/task-store';
import { ConflictError } from '#shared/errors';
import { randomId } from '#shared/ids';
import { newLinkId } from '#shared/links/signature';
import { answerReview } from '#shared/use-cases/answer-review';
import { decideSignoff } from '#shared/use-cases/decide-signoff';
import { withdrawApplication } from '#shared/use-cases/withdraw-application';
import { application, fakeMailer, fakeWorkflow, testSigner } from '#test/support/in-memory-stores';
import { suiteDynamoDbEndpoint } from '#test/support/lanes';
import { createTestTable } from '#test/support/test-table';

/**
 * The single-use guarantees of emailed links against real DynamoDB Local:
 * concurrent posts of one link, and an official's decision racing the
 * applicant's withdrawal, each have exactly one winner.
 */
const clock = { now: () => new Date() };
const signer = testSigner();
let tableName: string;
let applications: ReturnType<typeof dynamoApplicationStore>;
let tasks: ReturnType<typeof dynamoTaskStore>;
let registry: ReturnType<typeof dynamoRegistryStore>;

beforeAll(async () => {
  tableName = await createTestTable(suiteDynamoDbEndpoint());
  applications = dynamoApplicationStore(documentClient, tableName);
  tasks = dynamoTaskStore(documentClient, tableName);
  registry = dynamoRegistryStore(documentClient, tableName);
});

async function storedApplication(status: 'IN_REVIEW' | 'AWAITING_SIGNOFF') {
  const applicationId = randomId('app');
  const at = clock.now().toISOString();
  await applications.create(
    application({
      applicationId,
      status,
      review: { expertIds: ['exp_1'], deadline: at, usedRelatedSectors: false },
    }),
    { at, status, action: 'TEST', actor: 'test' },
  );
  return applicationId;
}

const tomorrow = () => new Date(Date.now() + 24 * 3600 * 1000);
const review = { recommendation: 'APPROVE', innovation: 8, feasibility: 7, cooperation: 9, comment: 'ok' };

describe('a review link', () => {
  it('takes exactly one of 10 concurrent posts; the others get 409', async () => {
    const applicationId = await storedApplication('IN_REVIEW');
    const { link } = await tasks.openReview({
      applicationId,
      expertId: 'exp_1',
      taskToken: 'token-1',
      linkId: newLinkId(),
      expiresAt: tomorrow(),
      requestedAt: clock.now().toISOString(),
    });
    const params = await signer.sign({
      linkId: link.linkId,
      scope: 'review',
      expiresAt: new Date(link.expiresAt),
    });
    const workflow = fakeWorkflow();
    const deps = { applications, tasks, workflow, signer, clock };

    const results = await Promise.allSettled(
      Array.from({ length: 10 }, () => answerReview({ params, fields: review }, deps)),
    );

    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    for (const result of results.filter((result) => result.status === 'rejected')) {
      expect((result as PromiseRejectedResult).reason).toBeInstanceOf(ConflictError);
    }
    expect(workflow.resumed).toEqual([{ token: 'token-1', output: { expertId: 'exp_1', answered: true } }]);
    const history = await applications.history(applicationId);
    expect(history.filter((event) => event.action === 'REVIEW_SUBMITTED')).toHaveLength(1);
    expect(await tasks.taskToken({ kind: 'review', applicationId, expertId: 'exp_1' })).toBeNull();
  });

  it('is stored with a TTL after its expiry, and a re-opened task keeps its link and takes the new token', async () => {
    const applicationId = await storedApplication('IN_REVIEW');
    const expiresAt = tomorrow();
    const input = {
      applicationId,
      expertId: 'exp_1',
      linkId: newLinkId(),
      expiresAt,
      requestedAt: clock.now().toISOString(),
    };
    const first = await tasks.openReview({ ...input, taskToken: 'first' });
    const again = await tasks.openReview({ ...input, linkId: newLinkId(), taskToken: 'second' });

    expect(first.created).toBe(true);
    expect(again).toMatchObject({ created: false, link: { linkId: first.link.linkId } });
    expect(again.task).not.toHaveProperty('taskToken');
    expect(await tasks.taskToken({ kind: 'review', applicationId, expertId: 'exp_1' })).toBe('second');
    const { Item } = await documentClient.send(
      new GetCommand({ TableName: tableName, Key: keys.link(first.link.linkId) }),
    );
    expect(Item?.ttl).toBeGreaterThan(Math.floor(expiresAt.getTime() / 1000));
  });
});

describe('a sign-off racing a withdrawal', () => {
  it('has exactly one winner, every time', async () => {
    for (let round = 0; round < 8; round++) {
      const applicationId = await storedApplication('AWAITING_SIGNOFF');
      const { link } = await tasks.openSignoff({
        applicationId,
        officialId: 'off_1',
        taskToken: `token-${round}`,
        linkId: newLinkId(),
        expiresAt: tomorrow(),
        requestedAt: clock.now().toISOString(),
      });
      const params = await signer.sign({
        linkId: link.linkId,
        scope: 'signoff',
        expiresAt: new Date(link.expiresAt),
      });
      const workflow = { ...fakeWorkflow(), stop: async () => {} };

      const [decision, withdrawal] = await Promise.allSettled([
        decideSignoff(
          { params, fields: { decision: 'APPROVE', comment: '' } },
          {
            applications,
            tasks,
            workflow,
            signer,
            clock,
            registry,
            mailer: fakeMailer(),
            config: { publicBaseUrl: 'https://clusters.example.city', amendmentTimeoutSeconds: 3600 },
          },
        ),
        withdrawApplication(applicationId, '7707083893', {
          applications,
          registry,
          workflow,
          tasks,
          mailer: fakeMailer(),
          clock,
        }),
      ]);

      const stored = await applications.get(applicationId);
      expect([decision.status, withdrawal.status].sort()).toEqual(['fulfilled', 'rejected']);
      const loser = decision.status === 'rejected' ? decision : (withdrawal as PromiseRejectedResult);
      expect(loser.reason).toBeInstanceOf(ConflictError);
      if (decision.status === 'fulfilled') {
        expect(stored).toMatchObject({ status: 'AWAITING_SIGNOFF', signoffDecidedAt: expect.any(String) });
        expect(workflow.resumed).toHaveLength(1);
      } else {
        expect(stored?.status).toBe('WITHDRAWN');
        expect(stored?.signoffDecidedAt).toBeUndefined();
        // Not decided: closed with the application (issue 11: no task stays PENDING, no token stays stored).
        expect((await tasks.getSignoff(applicationId))?.status).toBe('CLOSED');
        expect(workflow.resumed).toHaveLength(0);
      }
    }
  });
});
