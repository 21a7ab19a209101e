import { describe, expect, it } from 'vitest';
import {
  approveReview,
  createClusterBody,
  joinClusterBody,
  rejectReview,
  sample,
} from '#test/support/api-client';
import { answerReviews, FINAL_STATUSES, signOff, submitAs, suiteClient } from '#test/support/e2e';
import { scaled } from '#test/support/timeouts';

/**
 * Both application types from submission to a decision, through the HTTP API
 * and the emailed links only, against `npm start`'s runtime (real DynamoDB
 * Local, the synthesized state machine in the local engine).
 */
const client = suiteClient();
const statusesOf = (history: Array<{ status?: string }>) =>
  history.flatMap((event) => (event.status ? [event.status] : []));

/** Join applicants 10 and up: other suites take the first ones. */
const joinApplicant = (index: number) => sample.joinCandidate(10 + index);

describe('a create-cluster application', () => {
  it('is approved by three experts and an official, and the cluster appears with all its members', async () => {
    const members = sample.activeIn(['robotics', 'it'], 30, 0);
    const body = createClusterBody(members, 'E2E Robotics Cluster', ['robotics', 'it']);
    const { token, applicationId, reply } = await submitAs(client, body);
    expect(reply.body).toMatchObject({
      applicationId,
      status: 'SUBMITTED',
      statusUrl: expect.stringContaining(applicationId),
    });
    await client.answerConsents(applicationId, 29);

    const { replies } = await answerReviews(client, applicationId, [
      approveReview,
      approveReview,
      approveReview,
    ]);
    expect(replies.map((answer) => answer.status)).toEqual([200, 200, 200]);
    expect((await signOff(client, applicationId, 'APPROVE', 'Одобрено')).reply.status).toBe(200);

    const application = await client.waitForStatus(token, applicationId, FINAL_STATUSES);
    expect(application).toMatchObject({
      status: 'APPROVED',
      eligibility: { eligible: true, reasons: [] },
      reviews: { assigned: 3, received: 3, recommendations: { APPROVE: 3, REJECT: 0 } },
      decision: { outcome: 'APPROVED', comment: 'Одобрено' },
    });
    expect(statusesOf(application.history)).toEqual([
      'SUBMITTED',
      'CHECKING_ELIGIBILITY',
      'AWAITING_CONSENT',
      'IN_REVIEW',
      'AWAITING_SIGNOFF',
      'APPROVED',
    ]);
    expect(JSON.stringify(application)).not.toMatch(/exp_[a-z0-9]/i);

    const cluster = await client.request('GET', `/clusters/${application.createdClusterId}`);
    expect(cluster.body).toMatchObject({ name: 'E2E Robotics Cluster', status: 'ACTIVE', memberCount: 30 });
    expect(cluster.body.members.map((member: { inn: string }) => member.inn).sort()).toEqual(
      body.memberInns.sort(),
    );

    // Submitted, then the outcome (sent just after the status changes), each naming the application.
    const applicantMail = async () =>
      (await client.outbox())
        .filter((message) => message.to.includes(body.contactEmail))
        .map((message) => message.text.includes(applicationId));
    await expect.poll(applicantMail, { timeout: scaled(10_000) }).toEqual([true, true]);
  });

  it('is rejected at sign-off with the official comment shown to the applicant', async () => {
    const members = sample.activeIn(['medicine', 'biopharma'], 31, 0);
    const body = createClusterBody(members, 'E2E Medicine Cluster', ['medicine', 'biopharma']);
    const { token, applicationId } = await submitAs(client, body);
    await client.answerConsents(applicationId, 30);
    await answerReviews(client, applicationId, [approveReview, rejectReview, approveReview]);
    await signOff(client, applicationId, 'REJECT', 'Проект не готов. Not ready.');

    const application = await client.waitForStatus(token, applicationId, FINAL_STATUSES);
    expect(application).toMatchObject({
      status: 'REJECTED',
      reviews: { assigned: 3, received: 3, recommendations: { APPROVE: 2, REJECT: 1 } },
      decision: { outcome: 'REJECTED', comment: 'Проект не готов. Not ready.' },
    });
    const clusters = await client.request('GET', '/clusters?limit=100');
    expect(clusters.body.items.map((cluster: { name: string }) => cluster.name)).not.toContain(
      'E2E Medicine Cluster',
    );
  });

  it('ends INELIGIBLE with a reason code, and the INN it concerns, for every broken rule', async () => {
    const members = sample.activeIn(['nanotech'], 27, 0);
    const suspended = sample.suspended();
    const body = createClusterBody(members, 'E2E Too Small', ['nanotech']);
    body.memberInns = [...body.memberInns, suspended.inn, body.memberInns[1] ?? ''];
    const { token, applicationId } = await submitAs(client, body);

    const application = await client.waitForStatus(token, applicationId, FINAL_STATUSES);
    expect(application.status).toBe('INELIGIBLE');
    expect(application.reviews).toBeNull();
    const reasons = application.eligibility.reasons as Array<{ code: string; inn?: string; message: string }>;
    expect(reasons).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ code: 'TOO_FEW_MEMBERS' }),
        expect.objectContaining({ code: 'DUPLICATE_MEMBER', inn: body.memberInns[1] }),
        expect.objectContaining({ code: 'PARTICIPANT_SUSPENDED', inn: suspended.inn }),
      ]),
    );
    for (const reason of reasons) expect(reason.message.length).toBeGreaterThan(5);
    // The applicant's email (sent just after the status changes) gives the reasons in words.
    const notice = async () =>
      (await client.outbox()).find(
        (message) =>
          message.to.includes(body.contactEmail) &&
          message.text.includes('at least 30 distinct member organizations'),
      );
    await expect
      .poll(async () => (await notice())?.text, { timeout: scaled(10_000) })
      .toContain(applicationId);
  });
});

describe('a join-cluster application', () => {
  it('is approved and adds one membership', async () => {
    const applicant = joinApplicant(0);
    const before = await client.request('GET', `/clusters/${sample.cluster.clusterId}`);
    const { token, applicationId } = await submitAs(
      client,
      joinClusterBody(applicant, sample.cluster.clusterId),
    );
    await answerReviews(client, applicationId, [approveReview]);
    await signOff(client, applicationId, 'APPROVE', 'Welcome');

    expect((await client.waitForStatus(token, applicationId, FINAL_STATUSES)).status).toBe('APPROVED');
    const after = await client.request('GET', `/clusters/${sample.cluster.clusterId}`);
    expect(after.body.memberCount).toBe(before.body.memberCount + 1);
    expect(after.body.members.map((member: { inn: string }) => member.inn)).toContain(applicant.inn);
  });

  it('is rejected at sign-off and adds nothing', async () => {
    const applicant = joinApplicant(1);
    const { token, applicationId } = await submitAs(
      client,
      joinClusterBody(applicant, sample.cluster.clusterId),
    );
    await answerReviews(client, applicationId, [rejectReview]);
    await signOff(client, applicationId, 'REJECT', 'Сектор не подходит');

    const application = await client.waitForStatus(token, applicationId, FINAL_STATUSES);
    expect(application).toMatchObject({
      status: 'REJECTED',
      reviews: { recommendations: { APPROVE: 0, REJECT: 1 } },
    });
    const cluster = await client.request('GET', `/clusters/${sample.cluster.clusterId}`);
    expect(cluster.body.members.map((member: { inn: string }) => member.inn)).not.toContain(applicant.inn);
  });

  it('ends INELIGIBLE for a cluster that does not exist', async () => {
    const { token, applicationId } = await submitAs(
      client,
      joinClusterBody(joinApplicant(2), 'clu_00000000000000000000000000'),
    );
    const application = await client.waitForStatus(token, applicationId, FINAL_STATUSES);
    expect(application.status).toBe('INELIGIBLE');
    expect(application.eligibility.reasons.map((reason: { code: string }) => reason.code)).toEqual([
      'CLUSTER_NOT_FOUND',
    ]);
  });

  it('ends EXPIRED when the review deadline passes without a quorum, and its link is then closed', async () => {
    const { token, applicationId } = await submitAs(
      client,
      joinClusterBody(joinApplicant(3), sample.cluster.clusterId),
    );
    const [link = ''] = await client.waitForLinks(applicationId, 'reviews', 1);

    const application = await client.waitForStatus(token, applicationId, FINAL_STATUSES, 60_000);
    expect(application.status).toBe('EXPIRED');
    expect(application.reviews).toMatchObject({ assigned: 1, received: 0 });
    expect((await client.postLink(link, approveReview)).status).toBe(409);
  });

  it('can be withdrawn while in review: the links stop working and a second withdrawal is refused', async () => {
    const { token, applicationId } = await submitAs(
      client,
      joinClusterBody(joinApplicant(4), sample.cluster.clusterId),
    );
    const [link = ''] = await client.waitForLinks(applicationId, 'reviews', 1);
    await client.waitForStatus(token, applicationId, ['IN_REVIEW']);

    const withdrawn = await client.withdraw(token, applicationId);
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body.status).toBe('WITHDRAWN');
    expect((await client.postLink(link, approveReview)).status).toBe(409);
    expect((await client.withdraw(token, applicationId)).status).toBe(409);

    const application = await client.waitForStatus(token, applicationId, ['WITHDRAWN']);
    expect(statusesOf(application.history).at(-1)).toBe('WITHDRAWN');
  });
});
