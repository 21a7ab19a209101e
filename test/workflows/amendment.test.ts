import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '#local/runtime';
import { executionArnFor } from '#shared/adapters/workflow-engine';
import {
  type ApiClient,
  approveReview,
  createClusterBody,
  joinClusterBody,
  sample,
} from '#test/support/api-client';
import { statesEntered } from '#test/support/history';
import { startTestRuntime } from '#test/support/test-runtime';
import { deadlineSeconds, waits } from '#test/support/timeouts';

/**
 * Return for amendment on the synthesized state machine in the local engine:
 * an official returns the application (RETURN), the applicant resubmits it
 * (PUT /applications/{id}), and it is checked, consented, reviewed by the same
 * experts and signed off again; no resubmission by AMENDMENT_TIMEOUT_SECONDS
 * ends it EXPIRED.
 */
const AMENDMENT_SECONDS = deadlineSeconds(8);

let runtime: LocalRuntime;
let api: ApiClient;

beforeAll(async () => {
  ({ runtime, api } = await startTestRuntime('workflow-amendment', {
    reviewTimeoutSeconds: 600,
    signoffTimeoutSeconds: 600,
    amendmentTimeoutSeconds: AMENDMENT_SECONDS,
  }));
});

afterAll(async () => {
  await runtime?.stop();
});

const executionOf = (applicationId: string) => executionArnFor(runtime.stateMachineArn, applicationId);
const actionsOf = (application: { history: Array<{ action: string }> }) =>
  application.history.map((event) => event.action);
const statusesOf = (application: { history: Array<{ status?: string }> }) =>
  application.history.flatMap((event) => (event.status ? [event.status] : []));

/** The newest link of `kind` emailed about the application, once there are `count` of them, and to whom. */
async function newestLink(applicationId: string, kind: 'reviews' | 'signoff', count: number) {
  const links = await api.waitForLinks(applicationId, kind, count);
  const link = links.at(-1) ?? '';
  const message = (await api.outbox(applicationId)).find((entry) => entry.links.includes(link));
  return { link, to: message?.to ?? [], all: links };
}

/** A join's review of the round in, then the newest sign-off link. */
async function reviewAndReachSignoff(applicationId: string, reviewCount: number, signoffCount: number) {
  const reviews = await api.waitForLinks(applicationId, 'reviews', reviewCount);
  expect((await api.postLink(reviews.at(-1) ?? '', approveReview)).status).toBe(200);
  return newestLink(applicationId, 'signoff', signoffCount);
}

describe('return for amendment', () => {
  it('a join returned twice goes back to the same expert each round, then is approved; a third return is refused', async () => {
    const applicant = sample.joinCandidate(60);
    const body = joinClusterBody(applicant, sample.cluster.clusterId);
    const token = await api.login(applicant.inn);
    const { applicationId } = (await api.submit(token, body)).body;

    const firstReview = await newestLink(applicationId, 'reviews', 1);
    expect((await api.postLink(firstReview.link, approveReview)).status).toBe(200);
    const { link: signoff1 } = await newestLink(applicationId, 'signoff', 1);

    // A return needs a comment: 400 with the path, nothing changes.
    const noComment = await api.postLink(signoff1, { decision: 'RETURN' });
    expect(noComment.status).toBe(400);
    expect(JSON.stringify(noComment.body)).toContain('comment');
    expect(
      (await api.postLink(signoff1, { decision: 'RETURN', comment: 'Укажите продукцию для кластера.' }))
        .status,
    ).toBe(200);
    const returned = await api.waitForStatus(token, applicationId, ['AMENDMENT_REQUESTED']);
    expect(returned.amendment).toMatchObject({ comment: 'Укажите продукцию для кластера.', round: 1 });
    expect(Date.parse(returned.amendment.deadline) - Date.parse(returned.amendment.requestedAt)).toBe(
      AMENDMENT_SECONDS * 1000,
    );
    // The applicant is emailed the comment and the deadline.
    await expect
      .poll(async () =>
        (await api.outbox(applicationId)).some(
          (message) =>
            message.to.includes(body.contactEmail) &&
            message.text.includes('Укажите продукцию для кластера.'),
        ),
      )
      .toBe(true);
    // The used sign-off link is spent.
    expect((await api.postLink(signoff1, { decision: 'APPROVE' })).status).toBe(409);

    // Another type, a wrong body: 400; the resubmission: 202; the same key and body again: 202;
    // the same key with another body: 409; a second resubmission: 409.
    const asCreate = await api.resubmit(token, applicationId, {
      ...createClusterBody(sample.activeIn(['it'], 30, 400), 'Not a join', ['it']),
      applicantInn: applicant.inn,
    });
    expect(asCreate.status).toBe(400);
    expect((await api.resubmit(token, applicationId, { ...body, extra: 1 })).status).toBe(400);
    const corrected = { ...body, motivation: 'We make the MEMS sensors the cluster needs.' };
    const first = await api.resubmit(token, applicationId, corrected, 'fix-1');
    expect(first.status).toBe(202);
    expect(first.body).toMatchObject({ applicationId, status: 'SUBMITTED' });
    expect((await api.resubmit(token, applicationId, corrected, 'fix-1')).status).toBe(202);
    const reused = await api.resubmit(token, applicationId, { ...corrected, motivation: 'x' }, 'fix-1');
    expect(reused.status).toBe(409);
    expect((await api.resubmit(token, applicationId, corrected, 'fix-2')).status).toBe(409);

    // Round 2: the same expert reviews again, with a new link; the first one stays spent.
    const secondReview = await newestLink(applicationId, 'reviews', 2);
    expect(secondReview.link).not.toBe(firstReview.link);
    expect(secondReview.to).toEqual(firstReview.to);
    expect((await api.postLink(firstReview.link, approveReview)).status).toBe(409);
    expect((await api.postLink(secondReview.link, approveReview)).status).toBe(200);
    const { link: signoff2 } = await newestLink(applicationId, 'signoff', 2);
    expect(
      (await api.postLink(signoff2, { decision: 'RETURN', comment: 'Приложите письмо кластера.' })).status,
    ).toBe(200);
    await api.waitForStatus(token, applicationId, ['AMENDMENT_REQUESTED']);
    expect(
      (await api.resubmit(token, applicationId, { ...corrected, motivation: 'With the letter.' })).status,
    ).toBe(202);

    // Round 3: a third return is refused (the page no longer offers it); the official approves.
    const thirdReview = await newestLink(applicationId, 'reviews', 3);
    expect(thirdReview.to).toEqual(firstReview.to);
    expect((await api.postLink(thirdReview.link, approveReview)).status).toBe(200);
    const { link: signoff3 } = await newestLink(applicationId, 'signoff', 3);
    const page = await api.request('GET', new URL(signoff3).pathname + new URL(signoff3).search);
    expect(page.body).not.toContain('value="RETURN"');
    const third = await api.postLink(signoff3, { decision: 'RETURN', comment: 'Ещё раз.' });
    expect(third.status).toBe(409);
    expect(third.body).toMatchObject({ error: { code: 'RETURN_LIMIT_REACHED' } });
    expect((await api.postLink(signoff3, { decision: 'APPROVE' })).status).toBe(200);

    const approved = await api.waitForStatus(token, applicationId, ['APPROVED']);
    expect(approved.motivation).toBe('With the letter.');
    expect(statusesOf(approved)).toEqual([
      'SUBMITTED',
      'CHECKING_ELIGIBILITY',
      'IN_REVIEW',
      'AWAITING_SIGNOFF',
      'AMENDMENT_REQUESTED',
      'SUBMITTED',
      'CHECKING_ELIGIBILITY',
      'IN_REVIEW',
      'AWAITING_SIGNOFF',
      'AMENDMENT_REQUESTED',
      'SUBMITTED',
      'CHECKING_ELIGIBILITY',
      'IN_REVIEW',
      'AWAITING_SIGNOFF',
      'APPROVED',
    ]);
    expect(actionsOf(approved).filter((action) => action === 'RETURNED_FOR_AMENDMENT')).toHaveLength(2);
    expect(approved.rounds).toHaveLength(2);
    expect(approved.rounds[0]).toMatchObject({
      round: 1,
      comment: 'Укажите продукцию для кластера.',
      reviews: { received: 1, APPROVE: 1, REJECT: 0 },
    });
    // One execution did all three rounds.
    await runtime.stepFunctions.waitForExecution(executionOf(applicationId), waits.execution);
    const states = await statesEntered(runtime.stepFunctions, executionOf(applicationId));
    expect(states.filter((state) => state === 'AwaitAmendment')).toHaveLength(2);
    expect(states.filter((state) => state === 'CheckEligibility')).toHaveLength(3);
  });

  it('a create application asks only its new member for consent and goes back to the same three experts', async () => {
    const members = sample.activeIn(['robotics', 'it'], 31, 200);
    const original = members.slice(0, 30);
    const body = createClusterBody(original, 'Amended Robotics Cluster', ['robotics', 'it']);
    const token = await api.login(body.applicantInn);
    const { applicationId } = (await api.submit(token, body)).body;
    await api.answerConsents(applicationId, 29);
    const firstPanel = await api.waitForLinks(applicationId, 'reviews', 3);
    const panelOf = async (links: readonly string[]) =>
      (await api.outbox(applicationId))
        .filter((message) => message.links.some((link) => links.includes(link)))
        .flatMap((message) => message.to)
        .sort();
    const firstExperts = await panelOf(firstPanel);
    for (const link of firstPanel) expect((await api.postLink(link, approveReview)).status).toBe(200);
    const { link: signoff } = await newestLink(applicationId, 'signoff', 1);
    expect((await api.postLink(signoff, { decision: 'RETURN', comment: 'Добавьте участника.' })).status).toBe(
      200,
    );
    await api.waitForStatus(token, applicationId, ['AMENDMENT_REQUESTED']);

    // One member replaced: only the newcomer is asked; the 28 who confirmed and stay are not.
    const newcomer = members[30];
    const amended = {
      ...body,
      memberInns: [...original.slice(0, 29), newcomer].map((member) => member?.inn),
    };
    expect((await api.resubmit(token, applicationId, amended)).status).toBe(202);
    const consents = await api.waitForLinks(applicationId, 'consents', 30);
    expect(consents).toHaveLength(30);
    const newest = consents.at(-1) ?? '';
    const askedAgain = (await api.outbox(applicationId)).filter((message) => message.links.includes(newest));
    expect(askedAgain[0]?.to).toEqual([newcomer?.email]);
    expect((await api.postLink(newest, { answer: 'CONFIRM' })).status).toBe(200);

    const secondPanel = (await api.waitForLinks(applicationId, 'reviews', 6)).slice(3);
    expect(await panelOf(secondPanel)).toEqual(firstExperts);
    for (const link of secondPanel) expect((await api.postLink(link, approveReview)).status).toBe(200);
    const { link: signoff2 } = await newestLink(applicationId, 'signoff', 2);
    expect((await api.postLink(signoff2, { decision: 'APPROVE' })).status).toBe(200);

    const approved = await api.waitForStatus(token, applicationId, ['APPROVED']);
    const cluster = await api.request('GET', `/clusters/${approved.createdClusterId}`);
    expect(cluster.body.memberCount).toBe(30);
    expect(cluster.body.members.map((member: { inn: string }) => member.inn)).toContain(newcomer?.inn);
    expect(cluster.body.members.map((member: { inn: string }) => member.inn)).not.toContain(
      original[29]?.inn,
    );
  });

  it('expires when nobody resubmits by the amendment deadline; a late resubmission is 409', async () => {
    const applicant = sample.joinCandidate(61);
    const body = joinClusterBody(applicant, sample.cluster.clusterId);
    const token = await api.login(applicant.inn);
    const { applicationId } = (await api.submit(token, body)).body;
    const { link } = await reviewAndReachSignoff(applicationId, 1, 1);
    expect((await api.postLink(link, { decision: 'RETURN', comment: 'Исправьте.' })).status).toBe(200);

    const expired = await api.waitForStatus(token, applicationId, ['EXPIRED']);
    expect(actionsOf(expired)).toContain('AMENDMENT_DEADLINE');
    expect((await api.resubmit(token, applicationId, body)).status).toBe(409);
    await expect
      .poll(
        async () =>
          (await api.outbox(applicationId)).filter((message) => message.to.includes(body.contactEmail))
            .length,
      )
      .toBe(3);
  });

  it('a return racing a withdrawal, and two resubmissions at once: each decided once', async () => {
    const applicant = sample.joinCandidate(62);
    const body = joinClusterBody(applicant, sample.cluster.clusterId);
    const token = await api.login(applicant.inn);
    const { applicationId } = (await api.submit(token, body)).body;
    const { link } = await reviewAndReachSignoff(applicationId, 1, 1);

    const [returned, withdrawn] = await Promise.all([
      api.postLink(link, { decision: 'RETURN', comment: 'Исправьте.' }),
      api.withdraw(token, applicationId),
    ]);
    const final = await api.waitForStatus(token, applicationId, ['WITHDRAWN']);
    // The withdrawal always stands (a returned application can be withdrawn); the return was
    // either recorded first (then withdrawn) or refused with 409.
    expect(withdrawn.status).toBe(200);
    expect([200, 409]).toContain(returned.status);
    const returns = actionsOf(final).filter((action) => action === 'RETURNED_FOR_AMENDMENT').length;
    expect(returns).toBe(returned.status === 200 ? 1 : 0);

    const other = sample.joinCandidate(63);
    const otherBody = joinClusterBody(other, sample.cluster.clusterId);
    const otherToken = await api.login(other.inn);
    const second = (await api.submit(otherToken, otherBody)).body.applicationId;
    const { link: otherSignoff } = await reviewAndReachSignoff(second, 1, 1);
    expect((await api.postLink(otherSignoff, { decision: 'RETURN', comment: 'Исправьте.' })).status).toBe(
      200,
    );
    await api.waitForStatus(otherToken, second, ['AMENDMENT_REQUESTED']);
    const replies = await Promise.all(
      ['a', 'b', 'c'].map((key) =>
        api.resubmit(otherToken, second, { ...otherBody, motivation: `Version ${key}` }, `race-${key}`),
      ),
    );
    expect(replies.map((reply) => reply.status).sort()).toEqual([202, 409, 409]);
    const resubmitted = await api.waitForStatus(otherToken, second, ['IN_REVIEW', 'AWAITING_SIGNOFF']);
    expect(actionsOf(resubmitted).filter((action) => action === 'RESUBMITTED')).toHaveLength(1);
    expect((await api.withdraw(otherToken, second)).status).toBe(200);
  });
});
