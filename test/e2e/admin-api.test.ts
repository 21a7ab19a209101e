import { describe, expect, it } from 'vitest';
import { sampleExperts, sampleOrganizations } from '#local/sample-data';
import { approveReview, joinClusterBody, sample } from '#test/support/api-client';
import { submitAs, suiteClient } from '#test/support/e2e';

/**
 * The operator API (`/admin/api/...`) against the suite's runtime: the list
 * and one application, a review and a sign-off reassigned (new link to the
 * new holder, the old one 409), a cancellation, and the refusals.
 */
const client = suiteClient();
const operatorId = 'e2e.api.operator';
const EXPERTS = sampleExperts(sampleOrganizations());

async function operator() {
  return client.operatorLogin(operatorId);
}

/** An expert of the cluster's sectors who is free of conflicts for a join by `inn` and not `except`. */
function otherExpert(inn: string, except: string): string {
  const expert = EXPERTS.find(
    (candidate) =>
      candidate.expertId !== except &&
      candidate.affiliationInn !== inn &&
      !sample.clusterMemberInns.has(candidate.affiliationInn) &&
      candidate.sectors.some((sector) => sample.cluster.sectors.includes(sector)),
  );
  if (!expert) throw new Error('no expert to reassign to');
  return expert.expertId;
}

async function view(token: string, applicationId: string) {
  const reply = await client.request('GET', `/admin/api/applications/${applicationId}`, { token });
  expect(reply.status).toBe(200);
  return reply.body;
}

describe('the operator API', () => {
  it('lists open applications with stage, age, open tasks and deadlines; shows one with its history', async () => {
    const token = await operator();
    const applicant = sample.joinCandidate(200);
    const { applicationId } = await submitAs(client, joinClusterBody(applicant, sample.cluster.clusterId));
    await client.waitForLinks(applicationId, 'reviews', 1);

    const list = await client.request(
      'GET',
      '/admin/api/applications?status=IN_REVIEW&type=JOIN_CLUSTER&limit=100',
      { token },
    );
    expect(list.status).toBe(200);
    expect(list.body).toEqual({
      items: expect.any(Array),
      next: expect.toBeOneOf([null, expect.any(String)]),
    });
    const item = list.body.items.find(
      (entry: { applicationId: string }) => entry.applicationId === applicationId,
    );
    expect(item).toMatchObject({
      status: 'IN_REVIEW',
      stage: 'REVIEW',
      age: expect.any(Number),
      workflow: { execution: applicationId, state: 'RUNNING' },
      openTasks: [{ kind: 'REVIEW', holder: expect.stringMatching(/^exp_/), deadline: expect.any(String) }],
      stuck: [],
    });

    const detail = await view(token, applicationId);
    expect(detail.history[0]).toMatchObject({
      actor: `applicant:${applicant.inn}`,
      actorName: applicant.name,
    });
    expect(detail.reviewTasks).toEqual([
      expect.objectContaining({ status: 'PENDING', name: expect.any(String) }),
    ]);

    // Paging: one at a time, no scan, the same application somewhere in the open list.
    const first = await client.request('GET', '/admin/api/applications?limit=1', { token });
    expect(first.body.items).toHaveLength(1);
    expect(first.body.next).toEqual(expect.any(String));
    expect(
      (
        await client.request(
          'GET',
          `/admin/api/applications?limit=1&cursor=${encodeURIComponent(first.body.next)}`,
          { token },
        )
      ).status,
    ).toBe(200);
    expect((await client.request('GET', '/admin/api/applications?status=NOPE', { token })).status).toBe(400);
    expect(
      (await client.request('GET', '/admin/api/applications/app_0000000000none', { token })).status,
    ).toBe(404);
  });

  it('reassigns a review: the old link answers 409, the new expert is emailed a link that works', async () => {
    const token = await operator();
    const applicant = sample.joinCandidate(201);
    const { token: applicantToken, applicationId } = await submitAs(
      client,
      joinClusterBody(applicant, sample.cluster.clusterId),
    );
    const [oldLink = ''] = await client.waitForLinks(applicationId, 'reviews', 1);
    const from = (await view(token, applicationId)).openTasks[0].holder as string;
    const to = otherExpert(applicant.inn, from);

    const refused = await client.request('POST', `/admin/api/applications/${applicationId}/reassign`, {
      token,
      body: { task: 'REVIEW', from, to: from },
    });
    expect(refused.status).toBe(400);

    const reply = await client.request('POST', `/admin/api/applications/${applicationId}/reassign`, {
      token,
      body: { task: 'REVIEW', from, to, reason: 'The expert is on leave' },
    });
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ task: 'REVIEW', from, to, workflow: 'resumed' });
    const old = await client.postLink(oldLink, approveReview);
    expect(old.status).toBe(409);
    expect(old.body.error.code).toBe('REASSIGNED');

    const links = await client.waitForLinks(applicationId, 'reviews', 2);
    const newLink = links.find((link) => link !== oldLink) ?? '';
    const mail = (await client.outbox(applicationId)).find((message) => message.links.includes(newLink));
    expect(mail?.to).toEqual([EXPERTS.find((expert) => expert.expertId === to)?.email]);
    expect((await client.postLink(newLink, approveReview)).status).toBe(200);
    await client.waitForStatus(applicantToken, applicationId, ['AWAITING_SIGNOFF']);

    const detail = await view(token, applicationId);
    expect(detail.history).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          action: 'REVIEW_REASSIGNED',
          actor: `operator:${operatorId}`,
          actorName: operatorId,
        }),
        expect.objectContaining({
          action: 'REPLACEMENT_ASSIGNED',
          detail: expect.objectContaining({ replacementId: to }),
        }),
      ]),
    );
    // The applicant sees that an operator acted, not who.
    const own = await client.getApplication(applicantToken, applicationId);
    expect(JSON.stringify(own.body.history)).not.toContain(operatorId);
  });

  it('reassigns the sign-off with the deadline that remains; the old link answers 409; then cancels, once', async () => {
    const token = await operator();
    const applicant = sample.joinCandidate(202);
    const { token: applicantToken, applicationId } = await submitAs(
      client,
      joinClusterBody(applicant, sample.cluster.clusterId),
    );
    const [reviewLink = ''] = await client.waitForLinks(applicationId, 'reviews', 1);
    expect((await client.postLink(reviewLink, approveReview)).status).toBe(200);
    const [oldLink = ''] = await client.waitForLinks(applicationId, 'signoff', 1);
    const before = await view(token, applicationId);
    const holder = before.signoffTask.officialId as string;
    const to = holder === 'off_1' ? 'off_2' : 'off_1';

    const reply = await client.request('POST', `/admin/api/applications/${applicationId}/reassign`, {
      token,
      body: { task: 'SIGNOFF', to },
    });
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ task: 'SIGNOFF', from: holder, to, emailed: true });
    const old = await client.postLink(oldLink, { decision: 'APPROVE' });
    expect(old).toMatchObject({ status: 409, body: { error: { code: 'REASSIGNED' } } });
    const after = await view(token, applicationId);
    expect(after.signoffTask).toMatchObject({ officialId: to, deadline: before.signoffTask.deadline });
    const links = await client.waitForLinks(applicationId, 'signoff', 2);
    expect(links.filter((link) => link !== oldLink)).toHaveLength(1);

    expect(
      (await client.request('POST', `/admin/api/applications/${applicationId}/redrive`, { token })).status,
    ).toBe(409);
    expect(
      (await client.request('POST', `/admin/api/applications/${applicationId}/cancel`, { token, body: {} }))
        .status,
    ).toBe(400);
    const cancelled = await client.request('POST', `/admin/api/applications/${applicationId}/cancel`, {
      token,
      body: { reason: 'Filed twice by mistake' },
    });
    expect(cancelled).toMatchObject({
      status: 200,
      body: {
        status: 'WITHDRAWN',
        cancellation: { reason: 'Filed twice by mistake', by: `operator:${operatorId}` },
      },
    });
    await client.waitForStatus(applicantToken, applicationId, ['WITHDRAWN']);
    const newLink = links.find((link) => link !== oldLink) ?? '';
    expect((await client.postLink(newLink, { decision: 'APPROVE' })).status).toBe(409);
    expect(
      (
        await client.request('POST', `/admin/api/applications/${applicationId}/cancel`, {
          token,
          body: { reason: 'again' },
        })
      ).status,
    ).toBe(409);
    const notice = (await client.outbox(applicationId)).at(-1);
    expect(notice?.to).toEqual([before.contactEmail]);
    expect(notice?.text).toContain('Filed twice by mistake');
  });
});
