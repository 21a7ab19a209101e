import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '#local/runtime';
import { executionArnFor } from '#shared/adapters/workflow-engine';
import { type ApiClient, approveReview, joinClusterBody, sample } from '#test/support/api-client';
import { statesEntered } from '#test/support/history';
import { startTestRuntime } from '#test/support/test-runtime';
import { deadlineSeconds, waits } from '#test/support/timeouts';

/**
 * Escalation and delegation on the synthesized state machine in the local
 * engine, with the deadlines shortened through the same settings an operator
 * uses (SIGNOFF_TIMEOUT_SECONDS, ESCALATION_TIMEOUT_SECONDS).
 */
// Long enough for a cold request step to email its link, and for the test to act, before the deadline.
const SIGNOFF_SECONDS = deadlineSeconds(4);
const ESCALATION_SECONDS = deadlineSeconds(4);
const HEAD = { officialId: 'off_3', email: 'i.zaitseva@dept.example.city' };

let runtime: LocalRuntime;
let api: ApiClient;

beforeAll(async () => {
  ({ runtime, api } = await startTestRuntime('workflow-escalation', {
    reviewTimeoutSeconds: 120,
    signoffTimeoutSeconds: SIGNOFF_SECONDS,
    escalationTimeoutSeconds: ESCALATION_SECONDS,
  }));
});

afterAll(async () => {
  await runtime?.stop();
});

const executionOf = (applicationId: string) => executionArnFor(runtime.stateMachineArn, applicationId);

/** A join application whose one review is in: it awaits sign-off, its first link emailed. */
async function awaitingSignoff(candidate: number) {
  const applicant = sample.joinCandidate(candidate);
  const token = await api.login(applicant.inn);
  const { applicationId } = (await api.submit(token, joinClusterBody(applicant, sample.cluster.clusterId)))
    .body;
  const [reviewLink = ''] = await api.waitForLinks(applicationId, 'reviews', 1);
  expect((await api.postLink(reviewLink, approveReview)).status).toBe(200);
  const [signoffLink = ''] = await api.waitForLinks(applicationId, 'signoff', 1);
  return { token, applicationId, signoffLink };
}

async function settledPath(applicationId: string): Promise<string[]> {
  await runtime.stepFunctions.waitForExecution(executionOf(applicationId), waits.execution);
  return statesEntered(runtime.stepFunctions, executionOf(applicationId));
}

const actionsOf = (application: { history: Array<{ action: string }> }) =>
  application.history.map((event) => event.action);

describe('sign-off escalation', () => {
  it('goes to the department head when the deadline passes; the head approves; the first link answers 409 ESCALATED', async () => {
    const { token, applicationId, signoffLink } = await awaitingSignoff(30);

    const [, headLink = ''] = await api.waitForLinks(
      applicationId,
      'signoff',
      2,
      (SIGNOFF_SECONDS + 30) * 1000,
    );
    const headEmail = (await api.outbox(applicationId)).find((message) => message.links.includes(headLink));
    expect(headEmail?.to).toEqual([HEAD.email]);
    expect(headEmail?.subject).toMatch(/^Эскалация \/ Escalated: /);
    const page = await api.getLink(headLink);
    expect(page.status).toBe(200);

    const stale = await api.postLink(signoffLink, { decision: 'APPROVE' });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('ESCALATED');
    expect((await api.postLink(headLink, { decision: 'APPROVE', comment: 'Одобряю' })).status).toBe(200);

    const application = await api.waitForStatus(token, applicationId, ['APPROVED'], 20_000);
    expect(actionsOf(application)).toEqual(expect.arrayContaining(['SIGNOFF_ESCALATED', 'SIGNOFF_DECIDED']));
    const path = await settledPath(applicationId);
    expect(path).toEqual(expect.arrayContaining(['RequestSignoff', 'EscalateSignoff', 'ApplyDecision']));
    expect(path).not.toContain('MarkSignoffExpired');
  });

  it('ends EXPIRED only when the head’s deadline passes too', async () => {
    const { token, applicationId } = await awaitingSignoff(31);

    const application = await api.waitForStatus(
      token,
      applicationId,
      ['EXPIRED'],
      (SIGNOFF_SECONDS + ESCALATION_SECONDS + 30) * 1000,
    );
    expect(actionsOf(application)).toEqual(expect.arrayContaining(['SIGNOFF_ESCALATED', 'SIGNOFF_DEADLINE']));
    expect(await api.waitForLinks(applicationId, 'signoff', 2)).toHaveLength(2);
    const path = await settledPath(applicationId);
    expect(path).toEqual(
      expect.arrayContaining(['RequestSignoff', 'EscalateSignoff', 'MarkSignoffExpired', 'NotifyApplicant']),
    );
    expect(path).not.toContain('ApplyDecision');
  });
});

describe('sign-off delegation', () => {
  it('gives the delegate a link with the remaining deadline; the delegate’s decision is applied; the first link answers 409 DELEGATED', async () => {
    const { token, applicationId, signoffLink } = await awaitingSignoff(32);
    const view = await fetch(signoffLink, { headers: { accept: 'application/json' } }).then(
      (reply) => reply.json() as Promise<{ expiresAt: string; delegates: Array<{ officialId: string }> }>,
    );
    const to = view.delegates.find((delegate) => delegate.officialId !== HEAD.officialId)?.officialId;
    expect(to).toBeDefined();

    const delegated = await api.postLink(signoffLink, {
      decision: 'DELEGATE',
      delegateTo: to,
      comment: 'Прошу принять решение: я в командировке',
    });
    expect(delegated.status).toBe(200);
    expect(delegated.body).toMatchObject({ outcome: 'DELEGATED', delegateTo: to });
    const [, delegateLink = ''] = await api.waitForLinks(applicationId, 'signoff', 2);
    const delegateView = await fetch(delegateLink, { headers: { accept: 'application/json' } }).then(
      (reply) => reply.json() as Promise<{ expiresAt: string; handover: { kind: string } }>,
    );
    expect(delegateView.expiresAt).toBe(view.expiresAt);
    expect(delegateView.handover.kind).toBe('DELEGATED');

    const stale = await api.postLink(signoffLink, { decision: 'APPROVE' });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('DELEGATED');
    expect(
      (await api.postLink(delegateLink, { decision: 'REJECT', comment: 'Проект не готов' })).status,
    ).toBe(200);

    const application = await api.waitForStatus(token, applicationId, ['REJECTED'], 20_000);
    expect(actionsOf(application)).toEqual(expect.arrayContaining(['SIGNOFF_DELEGATED', 'SIGNOFF_DECIDED']));
    const path = await settledPath(applicationId);
    expect(path).toEqual(expect.arrayContaining(['RequestSignoff', 'ApplyDecision']));
    expect(path).not.toContain('EscalateSignoff');
  });
});
