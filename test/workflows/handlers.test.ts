import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SendTaskSuccessCommand, SFNClient } from '@aws-sdk/client-sfn';
import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { handler as getApplication } from '#functions/get-application/handler';
import { handler as reviewPage } from '#functions/review-page/handler';
import { handler as tallyReviews } from '#functions/tally-reviews/handler';
import { dynamoApplicationStore } from '#shared/adapters/application-store';
import { documentClient } from '#shared/adapters/dynamodb';
import { dynamoRegistryStore } from '#shared/adapters/registry-store';
import { dynamoTaskStore } from '#shared/adapters/task-store';
import type { Application } from '#shared/domain/application';
import { randomId } from '#shared/ids';
import { newLinkId } from '#shared/links/signature';
import { logger } from '#shared/logger';
import { application, testSigner } from '#test/support/in-memory-stores';
import { suiteDynamoDbEndpoint } from '#test/support/lanes';
import { createTestTable } from '#test/support/test-table';

/**
 * Functions as Lambda runs them: the exported, middy-wrapped `handler` of an
 * API route, a workflow step and an answer page, wired by the composition
 * root from the environment, against DynamoDB Local. Secrets Manager and
 * Step Functions are mocked at the SDK.
 */

const LINK_KEYS = { currentKeyId: 'k1', keys: { k1: 'a-test-key-that-is-long-enough-for-hmac-use' } };
const context = {
  functionName: 'test',
  awsRequestId: 'req-1',
  getRemainingTimeInMillis: () => 15_000,
} as unknown as Context;

let applications: ReturnType<typeof dynamoApplicationStore>;
let registry: ReturnType<typeof dynamoRegistryStore>;
let tasks: ReturnType<typeof dynamoTaskStore>;
const secrets = mockClient(SecretsManagerClient);
const sfn = mockClient(SFNClient);

beforeAll(async () => {
  const tableName = await createTestTable(suiteDynamoDbEndpoint());
  // What infra/constructs/functions.ts gives the functions; read on first use by functions/composition/.
  process.env.TABLE_NAME = tableName;
  process.env.STATE_MACHINE_ARN = 'arn:aws:states:local:000000000000:stateMachine:ApplicationWorkflow';
  process.env.LINK_KEYS_SECRET_ID = 'link-keys';
  process.env.PUBLIC_BASE_URL = 'https://clusters.example.city';
  secrets.on(GetSecretValueCommand).resolves({ SecretString: JSON.stringify(LINK_KEYS) });
  sfn.on(SendTaskSuccessCommand).resolves({});
  applications = dynamoApplicationStore(documentClient, tableName);
  registry = dynamoRegistryStore(documentClient, tableName);
  tasks = dynamoTaskStore(documentClient, tableName);
  await registry.putExperts(
    ['exp_1', 'exp_2', 'exp_3'].map((expertId) => ({
      expertId,
      name: `Expert ${expertId}`,
      email: `${expertId}@experts.example.org`,
      institution: 'CITY' as const,
      sectors: ['robotics' as const],
      affiliationInn: '0000000000',
      openAssignments: 1,
    })),
  );
});

afterEach(() => {
  vi.restoreAllMocks();
});

async function stored(overrides: Partial<Application>): Promise<Application> {
  const created = application({ applicationId: randomId('app'), ...overrides });
  await applications.create(created, { at: created.createdAt, action: 'SUBMITTED', actor: 'test' });
  return created;
}

/** Keys the logger gave every line of the invocation (Powertools appendKeys). */
function loggedKeys() {
  const spy = vi.spyOn(logger, 'appendKeys');
  return () => spy.mock.calls.map(([keys]) => keys);
}

describe('the API route GET /applications/{id}, through its handler', () => {
  const request = (applicationId: string, inn: string) =>
    ({
      httpMethod: 'GET',
      resource: '/applications/{id}',
      path: `/applications/${applicationId}`,
      pathParameters: { id: applicationId },
      queryStringParameters: null,
      headers: {},
      body: null,
      isBase64Encoded: false,
      requestContext: { authorizer: { claims: { 'custom:inn': inn } } },
    }) as unknown as APIGatewayProxyEvent;

  it('answers the applicant with the application, naming it in every log line', async () => {
    const { applicationId, applicantInn } = await stored({ status: 'IN_REVIEW' });
    const keys = loggedKeys();
    const response = await getApplication(request(applicationId, applicantInn), context);
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body)).toMatchObject({ applicationId, status: 'IN_REVIEW' });
    expect(keys()).toContainEqual({ applicationId });
  });

  it("answers 404 with the spec's error body to another organization", async () => {
    const { applicationId } = await stored({ status: 'IN_REVIEW' });
    const response = await getApplication(request(applicationId, '7707083899'), context);
    expect(response.statusCode).toBe(404);
    expect(JSON.parse(response.body).error.code).toBe('NOT_FOUND');
  });
});

describe('the workflow step TallyReviews, through its handler', () => {
  it('moves an application with a quorum of answers to sign-off', async () => {
    const expertIds = ['exp_1', 'exp_2', 'exp_3'];
    const { applicationId } = await stored({
      status: 'IN_REVIEW',
      review: { expertIds, deadline: '2026-03-11T10:00:00.000Z', usedRelatedSectors: false },
    });
    for (const expertId of ['exp_1', 'exp_2']) {
      const { link } = await tasks.openReview({
        applicationId,
        expertId,
        taskToken: `token-${expertId}`,
        linkId: newLinkId(),
        expiresAt: new Date(Date.now() + 3600_000),
        requestedAt: new Date().toISOString(),
      });
      const at = new Date().toISOString();
      await tasks.recordReview({
        link,
        expertId,
        answer: {
          recommendation: 'APPROVE',
          scores: { innovation: 8, feasibility: 8, cooperation: 8 },
          answeredAt: at,
        },
        event: { at, action: 'REVIEW_SUBMITTED', actor: `expert:${expertId}` },
      });
    }
    const keys = loggedKeys();
    expect(await tallyReviews({ applicationId }, context)).toEqual({
      quorumMet: true,
      received: 2,
      assigned: 3,
    });
    expect((await applications.get(applicationId))?.status).toBe('AWAITING_SIGNOFF');
    expect(keys()).toContainEqual({ applicationId });
  });

  it('refuses an input that is not a step input, naming only the paths at fault', async () => {
    await expect(tallyReviews({ applicationId: 42, taskToken: 'secret' }, context)).rejects.toThrow(
      /^invalid step input at applicationId$/,
    );
  });
});

describe('the review page, through its handler', () => {
  async function openedReview() {
    const { applicationId } = await stored({ status: 'IN_REVIEW' });
    const { link } = await tasks.openReview({
      applicationId,
      expertId: 'exp_1',
      taskToken: 'token-page',
      linkId: newLinkId(),
      expiresAt: new Date(Date.now() + 3600_000),
      requestedAt: new Date().toISOString(),
    });
    const params = await testSigner().sign({
      linkId: link.linkId,
      scope: 'review',
      expiresAt: new Date(link.expiresAt),
    });
    const event = (method: 'GET' | 'POST', body: unknown = null) =>
      ({
        httpMethod: method,
        resource: '/reviews/{reviewId}',
        path: `/reviews/${params.linkId}`,
        pathParameters: { reviewId: params.linkId },
        queryStringParameters: { kid: params.kid, exp: params.exp, sig: params.sig },
        headers: body ? { 'content-type': 'application/json', accept: 'application/json' } : {},
        body: body ? JSON.stringify(body) : null,
        isBase64Encoded: false,
        requestContext: {},
      }) as unknown as APIGatewayProxyEvent;
    return { applicationId, event };
  }

  it('shows the form of a signed link and names the application in every log line once the link is read', async () => {
    const { applicationId, event } = await openedReview();
    const keys = loggedKeys();
    const response = await reviewPage(event('GET'), context);
    expect(response.statusCode).toBe(200);
    expect(response.headers?.['content-type']).toMatch(/^text\/html/);
    expect(response.body).toContain('Expert exp_1');
    expect(keys()).toContainEqual({ applicationId });
  });

  it('records a review posted as JSON and resumes the waiting workflow task with the stored token', async () => {
    const { applicationId, event } = await openedReview();
    const response = await reviewPage(
      event('POST', { recommendation: 'APPROVE', innovation: 8, feasibility: 7, cooperation: 9 }),
      context,
    );
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body)).toMatchObject({
      applicationId,
      recommendation: 'APPROVE',
      workflow: 'resumed',
    });
    expect((await tasks.getReview(applicationId, 'exp_1'))?.status).toBe('ANSWERED');
    const resumed = sfn.commandCalls(SendTaskSuccessCommand).map((call) => call.args[0].input.taskToken);
    expect(resumed).toContain('token-page');
  });

  it('answers a tampered link 403', async () => {
    const { event } = await openedReview();
    const tampered = event('GET');
    tampered.queryStringParameters = { ...tampered.queryStringParameters, sig: 'A'.repeat(43) };
    expect((await reviewPage(tampered, context)).statusCode).toBe(403);
  });
});
