import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalRuntime, startLocalRuntime } from '#local/runtime';
import { executionArnFor } from '#shared/adapters/workflow-engine';
import {
  type ApiClient,
  apiClient,
  approveReview,
  createClusterBody,
  joinClusterBody,
  rejectReview,
  sample,
} from '#test/support/api-client';
import { statesEntered } from '#test/support/history';
import { suiteDynamoDbEndpoint } from '#test/support/lanes';
import { startTestRuntime } from '#test/support/test-runtime';
import { waits } from '#test/support/timeouts';

/**
 * The synthesized state machine (from the CDK app, not a copy) running in
 * the local ASL engine, with the product's handlers against DynamoDB Local.
 * Each test asserts the path the execution took and the records it wrote.
 */
let runtime: LocalRuntime;
let api: ApiClient;

beforeAll(async () => {
  ({ runtime, api } = await startTestRuntime('workflow', {
    reviewTimeoutSeconds: 120,
    signoffTimeoutSeconds: 120,
  }));
});

afterAll(async () => {
  await runtime?.stop();
});

const executionOf = (applicationId: string) => executionArnFor(runtime.stateMachineArn, applicationId);

describe('application workflow', () => {
  it('approves an eligible create application reviewed by three experts and signed off', async () => {
    const members = sample.activeIn(['robotics'], 30);
    const body = createClusterBody(members, 'Robotics Alliance Workflow Test', ['robotics']);
    const token = await api.login(body.applicantInn);

    const submitted = await api.submit(token, body);
    expect(submitted.status).toBe(202);
    const { applicationId } = submitted.body;
    await api.answerConsents(applicationId, 29);

    const reviewLinks = await api.waitForLinks(applicationId, 'reviews', 3);
    expect(reviewLinks).toHaveLength(3);
    for (const link of reviewLinks) expect((await api.postLink(link, approveReview)).status).toBe(200);
    const [signoffLink] = await api.waitForLinks(applicationId, 'signoff', 1);
    expect((await api.postLink(signoffLink ?? '', { decision: 'APPROVE', comment: 'Welcome.' })).status).toBe(
      200,
    );

    const application = await api.waitForStatus(token, applicationId, ['APPROVED']);
    expect(application.reviews).toMatchObject({
      assigned: 3,
      received: 3,
      recommendations: { APPROVE: 3, REJECT: 0 },
    });
    expect(application.decision).toMatchObject({ outcome: 'APPROVED', comment: 'Welcome.' });

    const cluster = await api.request('GET', `/clusters/${application.createdClusterId}`);
    expect(cluster.body).toMatchObject({ status: 'ACTIVE', memberCount: 30 });
    expect(cluster.body.members).toHaveLength(30);

    const execution = await runtime.stepFunctions.waitForExecution(
      executionOf(applicationId),
      waits.execution,
    );
    expect(execution.status).toBe('SUCCEEDED');
    const path = await statesEntered(runtime.stepFunctions, executionOf(applicationId));
    expect(path).toEqual(
      expect.arrayContaining([
        'CheckEligibility',
        'RequestConsent',
        'ConcludeConsent',
        'AssignExperts',
        'RequestReview',
        'TallyReviews',
        'RequestSignoff',
        'ApplyDecision',
        'NotifyApplicant',
      ]),
    );
    expect(path).not.toContain('MarkFailed');
  });

  it('ends an application that breaks the rules INELIGIBLE without involving experts', async () => {
    const members = sample.activeIn(['biopharma'], 29);
    const body = createClusterBody(members, 'Too Small Biopharma Cluster', ['biopharma']);
    const token = await api.login(body.applicantInn);

    const { applicationId } = (await api.submit(token, body)).body;
    const application = await api.waitForStatus(token, applicationId, ['INELIGIBLE']);

    expect(application.eligibility.eligible).toBe(false);
    expect(application.eligibility.reasons.map((reason: { code: string }) => reason.code)).toContain(
      'TOO_FEW_MEMBERS',
    );
    await runtime.stepFunctions.waitForExecution(executionOf(applicationId), waits.execution);
    const path = await statesEntered(runtime.stepFunctions, executionOf(applicationId));
    expect(path).toContain('NotifyApplicant');
    expect(path).not.toContain('AssignExperts');
    const notices = (await api.outbox()).filter((message) => message.text.includes(applicationId));
    expect(notices.map((message) => message.to[0])).toContain(body.contactEmail);
  });

  it('rejects a join application at sign-off and adds no membership', async () => {
    const applicant = sample.joinCandidate(0);
    const token = await api.login(applicant.inn);

    const { applicationId } = (await api.submit(token, joinClusterBody(applicant, sample.cluster.clusterId)))
      .body;
    const [reviewLink] = await api.waitForLinks(applicationId, 'reviews', 1);
    expect((await api.postLink(reviewLink ?? '', rejectReview)).status).toBe(200);
    const [signoffLink] = await api.waitForLinks(applicationId, 'signoff', 1);
    expect(
      (await api.postLink(signoffLink ?? '', { decision: 'REJECT', comment: 'Not this year.' })).status,
    ).toBe(200);

    const application = await api.waitForStatus(token, applicationId, ['REJECTED']);
    expect(application.decision).toMatchObject({ outcome: 'REJECTED', comment: 'Not this year.' });
    const cluster = await api.request('GET', `/clusters/${sample.cluster.clusterId}`);
    expect(cluster.body.members.map((member: { inn: string }) => member.inn)).not.toContain(applicant.inn);
    // REJECTED is written by the ApplyDecision step: NotifyApplicant comes after it returns.
    await runtime.stepFunctions.waitForExecution(executionOf(applicationId), waits.execution);
    const path = await statesEntered(runtime.stepFunctions, executionOf(applicationId));
    expect(path).toEqual(expect.arrayContaining(['RequestSignoff', 'ApplyDecision', 'NotifyApplicant']));
  });

  it('re-enters a waiting application at its recorded stage after the runtime restarts', async () => {
    const members = sample.activeIn(['medicine'], 30);
    const body = createClusterBody(members, 'Medicine Restart Cluster', ['medicine']);
    const token = await api.login(body.applicantInn);
    const { applicationId } = (await api.submit(token, body)).body;
    await api.answerConsents(applicationId, 29);
    const [firstLink, ...otherLinks] = await api.waitForLinks(applicationId, 'reviews', 3);
    expect((await api.postLink(firstLink ?? '', approveReview)).status).toBe(200);

    // Stop everything but the database, then start again on the same data directory and port
    // (the product's AWS clients, created once per process as in Lambda, keep their endpoints).
    const { dataDir, url } = runtime;
    await runtime.stop();
    runtime = await startLocalRuntime({
      port: Number(new URL(url).port),
      dataDir,
      dynamodbEndpoint: suiteDynamoDbEndpoint(),
      reviewTimeoutSeconds: 120,
      signoffTimeoutSeconds: 120,
    });
    api = apiClient(runtime.url);

    // The links emailed before the restart still work.
    for (const link of otherLinks) expect((await api.postLink(link, approveReview)).status).toBe(200);
    const [signoffLink = ''] = await api.waitForLinks(applicationId, 'signoff', 1);
    expect((await api.postLink(signoffLink, { decision: 'APPROVE', comment: '' })).status).toBe(200);
    const application = await api.waitForStatus(token, applicationId, ['APPROVED']);
    expect(application.reviews).toMatchObject({ assigned: 3, received: 3 });
  });
});
