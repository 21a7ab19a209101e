import { beforeAll, describe, expect, inject, it } from 'vitest';
import { sample } from '#test/support/api-client';
import { suiteClient } from '#test/support/e2e';

/**
 * A coordinator's invitations through the HTTP API of the local runtime
 * (real DynamoDB Local, the real state machine): who may invite, the one
 * open invitation per invitee, and what the invitee's link does.
 */
const client = suiteClient();
const clusterId = sample.cluster.clusterId;
const coordinatorInn = sample.cluster.coordinatorInn ?? '';
const memberInn = [...sample.clusterMemberInns].find((inn) => inn !== coordinatorInn) ?? '';
let coordinator: string;

beforeAll(async () => {
  coordinator = await client.login(coordinatorInn);
});

const invite = (body: unknown, token = coordinator) => client.invite(token, clusterId, body);
const pathsOf = (reply: { body: { error?: { details?: Array<{ path: string }> } } }) =>
  (reply.body.error?.details ?? []).map((detail) => detail.path);

describe('invitations to the sample cluster', () => {
  it('are the coordinator’s: the cluster names it; anyone else 403, an unknown cluster 404, a bad body 400', async () => {
    const cluster = await client.request('GET', `/clusters/${clusterId}`);
    expect(cluster.body).toMatchObject({ coordinatorInn, partners: expect.any(Array) });

    const other = await client.login(memberInn);
    const forbidden = await invite({ role: 'MEMBER', inn: sample.joinCandidate(110).inn }, other);
    expect(forbidden.status).toBe(403);
    expect((await client.listInvitations(other, clusterId)).status).toBe(403);
    expect((await client.request('GET', `/clusters/${clusterId}/invitations`)).status).toBe(401);
    expect(
      (await client.invite(coordinator, 'clu_0000000000nothere', { role: 'MEMBER', inn: coordinatorInn }))
        .status,
    ).toBe(404);

    const bad = await invite({
      role: 'PARTNER',
      name: '',
      email: 'not-an-email',
      inn: '7707083890',
      extra: 1,
    });
    expect(bad.status).toBe(400);
    expect(pathsOf(bad).sort()).toEqual(['email', 'extra', 'inn', 'name']);
    expect((await invite({ role: 'GUEST', inn: coordinatorInn })).status).toBe(400);
  });

  it('refuses a member invitation to a non-participant (400 on inn) or a member (409)', async () => {
    const suspended = await invite({ role: 'MEMBER', inn: sample.suspended().inn });
    expect(suspended.status).toBe(400);
    expect(pathsOf(suspended)).toEqual(['inn']);
    const member = await invite({ role: 'MEMBER', inn: memberInn });
    expect(member.status).toBe(409);
    expect(member.body.error.code).toBe('ALREADY_MEMBER');
  });

  it('of concurrent duplicate invitations makes exactly one (201), the others 409', async () => {
    const invitee = sample.joinCandidate(111);
    const replies = await Promise.all(
      Array.from({ length: 6 }, () => invite({ role: 'MEMBER', inn: invitee.inn })),
    );
    expect(replies.map((reply) => reply.status).sort()).toEqual([201, 409, 409, 409, 409, 409]);
    const made = replies.find((reply) => reply.status === 201);
    expect(made?.body).toMatchObject({ status: 'PENDING', invitationId: expect.stringMatching(/^inv_/) });
    for (const reply of replies.filter((entry) => entry.status === 409))
      expect(reply.body.error.code).toBe('INVITATION_OPEN');
    // Cleaned up so that a rerun against the same data is not refused.
    expect((await client.revokeInvitation(coordinator, clusterId, made?.body.invitationId)).status).toBe(200);
  });

  it('files an invited join application when the invitee accepts a member invitation from the link', async () => {
    const invitee = sample.joinCandidate(112);
    const made = await invite({ role: 'MEMBER', inn: invitee.inn });
    expect(made.status).toBe(201);
    const invitationId = made.body.invitationId as string;
    const link = await client.waitForInvitationLink(invitationId);
    const mail = (await client.outbox()).find((message) => message.links.includes(link));
    expect(mail?.to).toEqual([invitee.email]);
    expect(mail?.subject).toContain(sample.cluster.name);

    const page = await client.getLink(link);
    expect(page.status).toBe(200);
    expect(String(page.body)).toContain(sample.cluster.name);
    const accepted = await client.postLink(link, {
      answer: 'ACCEPT',
      contactEmail: `join@${invitee.inn}.example.org`,
      motivation: 'We make the sensors the cluster needs.',
    });
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({
      answer: 'ACCEPTED',
      role: 'MEMBER',
      applicationId: expect.any(String),
    });
    const applicationId = accepted.body.applicationId as string;
    expect((await client.postLink(link, { answer: 'DECLINE' })).status).toBe(409);

    const token = await client.login(invitee.inn);
    const application = await client.waitForStatus(token, applicationId, ['IN_REVIEW']);
    expect(application).toMatchObject({
      type: 'JOIN_CLUSTER',
      applicantInn: invitee.inn,
      clusterId,
      invitation: { invitationId, invitedBy: coordinatorInn, clusterId },
    });
    expect(application.history).toContainEqual(
      expect.objectContaining({ action: 'INVITED', actor: `coordinator:${coordinatorInn}` }),
    );
    // The expert sees who invited it.
    const [reviewLink = ''] = await client.waitForLinks(applicationId, 'reviews', 1);
    expect(String((await client.getLink(reviewLink)).body)).toContain(coordinatorInn);

    const listed = await client.listInvitations(coordinator, clusterId, '?limit=100');
    expect(listed.body.items).toContainEqual(
      expect.objectContaining({ invitationId, status: 'ACCEPTED', applicationId }),
    );
  });

  it('lists a partner on the cluster at once when it accepts', async () => {
    const email = `partner-${Date.now()}@fraunhofer.example`;
    const made = await invite({ role: 'PARTNER', name: 'Fraunhofer IIS', email, country: 'DE' });
    expect(made.status).toBe(201);
    const link = await client.waitForInvitationLink(made.body.invitationId);
    expect((await client.postLink(link, { answer: 'ACCEPT' })).body).toMatchObject({ answer: 'ACCEPTED' });
    const cluster = await client.request('GET', `/clusters/${clusterId}`);
    expect(cluster.body.partners).toContainEqual(
      expect.objectContaining({ name: 'Fraunhofer IIS', country: 'DE', joinedAt: expect.any(String) }),
    );
    expect(JSON.stringify(cluster.body)).not.toContain(email);
  });

  it('stops a revoked invitation’s link (409), and an expired one’s (410)', async () => {
    const revokedInvitee = sample.joinCandidate(113);
    const made = await invite({ role: 'MEMBER', inn: revokedInvitee.inn });
    const link = await client.waitForInvitationLink(made.body.invitationId);
    const revoked = await client.revokeInvitation(coordinator, clusterId, made.body.invitationId);
    expect(revoked).toMatchObject({ status: 200, body: { status: 'REVOKED' } });
    expect((await client.getLink(link)).status).toBe(409);
    expect((await client.revokeInvitation(coordinator, clusterId, made.body.invitationId)).status).toBe(409);
    expect((await client.revokeInvitation(coordinator, clusterId, 'inv_0000000000missing')).status).toBe(404);

    const expiring = await invite({
      role: 'PARTNER',
      name: 'Late GmbH',
      email: `late-${Date.now()}@late.example`,
    });
    const expiringLink = await client.waitForInvitationLink(expiring.body.invitationId);
    await new Promise((resolve) => setTimeout(resolve, (inject('invitationTtlSeconds') + 1) * 1000));
    expect((await client.getLink(expiringLink)).status).toBe(410);
    expect((await client.postLink(expiringLink, { answer: 'ACCEPT' })).status).toBe(410);
    const listed = await client.listInvitations(coordinator, clusterId, '?limit=100');
    expect(listed.body.items).toContainEqual(
      expect.objectContaining({ invitationId: expiring.body.invitationId, status: 'EXPIRED' }),
    );
  });
});
