import { describe, expect, it } from 'vitest';
import type { Organization } from '#shared/domain/registry';
import { ConflictError, ForbiddenError, GoneError, NotFoundError, ValidationError } from '#shared/errors';
import { type LinkParams, linkParamsFrom } from '#shared/links/signature';
import { answerInvitation, invitationPageView } from '#shared/use-cases/answer-invitation';
import { applicationView } from '#shared/use-cases/application-view';
import { inviteToCluster, listInvitations, revokeInvitation } from '#shared/use-cases/invitations';
import { getClusterWithMembers } from '#shared/use-cases/registry-views';
import { clockAt, fakeMailer, inMemoryStores, testSigner } from '#test/support/in-memory-stores';

const BASE = 'https://clusters.example.city';
const CLUSTER = 'clu_0000000000cluster';
const COORDINATOR = '7707083893';
const MEMBER_INNS = [COORDINATOR, '7736050003'];
const INVITEE = '7702070139';
const SUSPENDED = '7710140679';
const DAY = 24 * 3600;

const org = (inn: string, overrides: Partial<Organization> = {}): Organization => ({
  inn,
  ogrn: '1027700132195',
  name: `Org ${inn}`,
  sectors: ['electronics'],
  status: 'ACTIVE',
  email: `office@${inn}.example.org`,
  ...overrides,
});

async function world() {
  const stores = inMemoryStores();
  await stores.registry.putOrganizations([
    ...MEMBER_INNS.map((inn) => org(inn)),
    org(INVITEE),
    org(SUSPENDED, { status: 'SUSPENDED' }),
  ]);
  await stores.registry.putActiveCluster(
    {
      clusterId: CLUSTER,
      name: 'Кластер «Микро»',
      sectors: ['electronics'],
      createdAt: '2026-01-01T00:00:00.000Z',
      coordinatorInn: COORDINATOR,
    },
    MEMBER_INNS.map((inn) => ({ inn, name: `Org ${inn}`, joinedAt: '2026-01-01T00:00:00.000Z' })),
    'кластер «микро»',
  );
  const mailer = fakeMailer();
  const clock = clockAt('2026-03-01T10:00:00.000Z');
  const started: string[] = [];
  const signer = testSigner();
  const deps = {
    registry: stores.registry,
    invitations: stores.invitations,
    clock,
    signer,
    mailer,
    config: { publicBaseUrl: BASE, invitationTtlSeconds: 30 * DAY },
  };
  const linkDeps = {
    signer,
    invitations: stores.invitations,
    registry: stores.registry,
    clock,
    submit: {
      applications: stores.applications,
      registry: stores.registry,
      workflow: {
        start: async ({ applicationId }: { applicationId: string }) => void started.push(applicationId),
      },
      mailer,
      clock,
    },
  };
  return { stores, deps, linkDeps, mailer, clock, started };
}

type World = Awaited<ReturnType<typeof world>>;

/** The link the last email carried, as the page route reads it back. */
function emailedLink(w: World): LinkParams {
  const text = w.mailer.sent.at(-1)?.text ?? '';
  const url = new URL(text.match(/https:\/\/\S+/)?.[0] ?? '');
  return linkParamsFrom('invitation', url.pathname.split('/')[2], Object.fromEntries(url.searchParams));
}

const inviteMember = (w: World, inn = INVITEE, caller = COORDINATOR) =>
  inviteToCluster(CLUSTER, { role: 'MEMBER', inn }, { inn: caller }, w.deps);
const invitePartner = (w: World, partner: { name: string; email: string; inn?: string }) =>
  inviteToCluster(CLUSTER, { role: 'PARTNER', ...partner }, { inn: COORDINATOR }, w.deps);
const answer = (w: World, params: LinkParams, fields: Record<string, unknown>) =>
  answerInvitation({ params, fields }, w.linkDeps);

describe('inviting to a cluster', () => {
  it('invites an active participant as a member and emails it a signed link naming the cluster and the deadline', async () => {
    const w = await world();
    const invitation = await inviteMember(w);

    expect(invitation).toMatchObject({
      status: 'PENDING',
      role: 'MEMBER',
      invitee: { role: 'MEMBER', inn: INVITEE },
      email: `office@${INVITEE}.example.org`,
      expiresAt: '2026-03-31T10:00:00.000Z',
      history: [{ action: 'INVITED', actor: `coordinator:${COORDINATOR}`, at: '2026-03-01T10:00:00.000Z' }],
    });
    expect(invitation.invitationId).toMatch(/^inv_[0-9a-z]{26}$/);
    const [email] = w.mailer.sent;
    expect(email?.to).toEqual([`office@${INVITEE}.example.org`]);
    expect(email?.subject).toContain('Кластер «Микро»');
    expect(email?.subject).toMatch(/» до 31\.03\.2026 \d\d:\d\d МСК/);
    expect(email?.text).toContain('31 марта 2026');
    expect(email?.text).toContain('31 March 2026');
    expect(email?.text).toContain(`${BASE}/invitations/${invitation.invitationId}?kid=k1&exp=`);
  });

  it('is for the coordinator only: anyone else 403, an unknown cluster 404', async () => {
    const w = await world();
    await expect(inviteMember(w, INVITEE, MEMBER_INNS[1])).rejects.toBeInstanceOf(ForbiddenError);
    await expect(
      inviteToCluster('clu_00000000missing', { role: 'MEMBER', inn: INVITEE }, { inn: COORDINATOR }, w.deps),
    ).rejects.toBeInstanceOf(NotFoundError);
    await expect(listInvitations(CLUSTER, { limit: 5 }, { inn: INVITEE }, w.deps)).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    expect(w.mailer.sent).toHaveLength(0);
  });

  it('refuses a member invitation to an organization that is not an active participant (400 on inn) or already a member (409)', async () => {
    const w = await world();
    const notInRegistry = await inviteMember(w, '7725340529').catch((error: unknown) => error);
    expect(notInRegistry).toBeInstanceOf(ValidationError);
    expect((notInRegistry as ValidationError).details).toEqual([
      { path: 'inn', message: expect.any(String) },
    ]);
    const suspended = await inviteMember(w, SUSPENDED).catch((error: unknown) => error);
    expect((suspended as ValidationError).details[0]?.message).toMatch(/suspended/);
    await expect(inviteMember(w, MEMBER_INNS[1])).rejects.toMatchObject({
      statusCode: 409,
      code: 'ALREADY_MEMBER',
    });
  });

  it('keeps one open invitation per invitee: a second is 409 until the first is revoked or expires', async () => {
    const w = await world();
    const first = await inviteMember(w);
    await expect(inviteMember(w)).rejects.toMatchObject({ statusCode: 409, code: 'INVITATION_OPEN' });

    await revokeInvitation(CLUSTER, first.invitationId, { inn: COORDINATOR }, w.deps);
    w.clock.current = new Date('2026-03-01T10:05:00.000Z');
    const second = await inviteMember(w);
    expect(second.invitationId).not.toBe(first.invitationId);

    w.clock.current = new Date('2026-04-01T10:05:00.000Z');
    const third = await inviteMember(w);
    const listed = await listInvitations(CLUSTER, { limit: 10 }, { inn: COORDINATOR }, w.deps);
    expect(listed.items.map((item) => [item.invitationId, item.status])).toEqual([
      [third.invitationId, 'PENDING'],
      [second.invitationId, 'EXPIRED'],
      [first.invitationId, 'REVOKED'],
    ]);
  });

  it('of concurrent invitations of one invitee makes exactly one', async () => {
    const w = await world();
    const results = await Promise.allSettled(Array.from({ length: 5 }, () => inviteMember(w)));
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    expect(w.mailer.sent).toHaveLength(1);
  });

  it('keys a partner on its INN, or its email without case or spaces', async () => {
    const w = await world();
    await invitePartner(w, { name: 'Siemens', email: 'Partners@Siemens.example' });
    await expect(
      invitePartner(w, { name: 'Siemens AG', email: ' partners@siemens.example ' }),
    ).rejects.toMatchObject({ code: 'INVITATION_OPEN', details: [{ path: 'email' }] });
    await invitePartner(w, { name: 'Bank', email: 'a@bank.example', inn: '7725340529' });
    await expect(
      inviteToCluster(CLUSTER, { role: 'MEMBER', inn: '7725340529' }, { inn: COORDINATOR }, w.deps),
    ).rejects.toBeInstanceOf(ValidationError);
    await expect(
      invitePartner(w, { name: 'Bank 2', email: 'b@bank.example', inn: '7725340529' }),
    ).rejects.toMatchObject({
      code: 'INVITATION_OPEN',
      details: [{ path: 'inn' }],
    });
  });

  it('refuses invitations to a cluster that is not active (409)', async () => {
    const w = await world();
    const cluster = await w.stores.registry.getCluster(CLUSTER);
    if (!cluster) throw new Error('no sample cluster');
    w.stores.registry.getCluster = async () => ({ ...cluster, status: 'DISSOLVED' });
    await expect(inviteMember(w)).rejects.toMatchObject({ statusCode: 409, code: 'CLUSTER_NOT_ACTIVE' });
  });

  it('withdraws an invitation whose email could not be sent, so that the coordinator can retry', async () => {
    const w = await world();
    const send = w.mailer.send;
    w.mailer.send = async () => {
      throw new Error('SES is down');
    };
    await expect(inviteMember(w)).rejects.toThrow('SES is down');
    const [failed] = (await listInvitations(CLUSTER, { limit: 5 }, { inn: COORDINATOR }, w.deps)).items;
    expect(failed).toMatchObject({
      status: 'REVOKED',
      history: [{ action: 'INVITED' }, { action: 'EMAIL_FAILED' }],
    });
    w.mailer.send = send;
    await expect(inviteMember(w)).resolves.toMatchObject({ status: 'PENDING' });
  });
});

describe('revoking an invitation', () => {
  it('revokes an open one, whose link then answers 409; an answered one is 409, an unknown one 404', async () => {
    const w = await world();
    const invitation = await inviteMember(w);
    const link = emailedLink(w);
    const revoked = await revokeInvitation(CLUSTER, invitation.invitationId, { inn: COORDINATOR }, w.deps);
    expect(revoked).toMatchObject({
      status: 'REVOKED',
      history: [{}, { action: 'REVOKED', actor: `coordinator:${COORDINATOR}` }],
    });
    await expect(invitationPageView(link, w.linkDeps)).rejects.toMatchObject({
      statusCode: 409,
      code: 'INVITATION_REVOKED',
    });
    await expect(
      revokeInvitation(CLUSTER, invitation.invitationId, { inn: COORDINATOR }, w.deps),
    ).rejects.toBeInstanceOf(ConflictError);
    await expect(
      revokeInvitation(CLUSTER, 'inv_000000000unknown', { inn: COORDINATOR }, w.deps),
    ).rejects.toBeInstanceOf(NotFoundError);
    await expect(
      revokeInvitation(CLUSTER, invitation.invitationId, { inn: INVITEE }, w.deps),
    ).rejects.toBeInstanceOf(ForbiddenError);
  });
});

describe('the invitation link', () => {
  it('shows the invitation without changing it; tampered 403, expired 410, answered 409 even once expired', async () => {
    const w = await world();
    await inviteMember(w);
    const link = emailedLink(w);
    const view = await invitationPageView(link, w.linkDeps);
    expect(view).toMatchObject({
      role: 'MEMBER',
      cluster: { name: 'Кластер «Микро»', memberCount: 2 },
      coordinator: { inn: COORDINATOR, name: `Org ${COORDINATOR}` },
      invitee: { inn: INVITEE, email: `office@${INVITEE}.example.org` },
    });
    await expect(
      invitationPageView({ ...link, sig: `${link.sig.slice(0, -2)}xx` }, w.linkDeps),
    ).rejects.toBeInstanceOf(ForbiddenError);
    await expect(invitationPageView({ ...link, scope: 'review' }, w.linkDeps)).rejects.toBeInstanceOf(
      ForbiddenError,
    );

    w.clock.current = new Date('2026-03-31T10:00:00.000Z');
    await expect(invitationPageView(link, w.linkDeps)).rejects.toBeInstanceOf(GoneError);
    await expect(answer(w, link, { answer: 'DECLINE' })).rejects.toBeInstanceOf(GoneError);

    w.clock.current = new Date('2026-03-02T10:00:00.000Z');
    await answer(w, link, { answer: 'DECLINE' });
    w.clock.current = new Date('2026-04-02T10:00:00.000Z');
    await expect(invitationPageView(link, w.linkDeps)).rejects.toMatchObject({
      statusCode: 409,
      code: 'INVITATION_DECLINED',
    });
  });

  it('accepting a member invitation files a join application on the invitee’s behalf, marked as invited, once', async () => {
    const w = await world();
    const invitation = await inviteMember(w);
    const link = emailedLink(w);
    w.clock.current = new Date('2026-03-02T10:00:00.000Z');

    const result = await answer(w, link, {
      answer: 'ACCEPT',
      contactEmail: 'join@invitee.example.org',
      motivation: 'We make the sensors.',
    });
    expect(result).toMatchObject({ answer: 'ACCEPTED', role: 'MEMBER', applicationStatus: 'SUBMITTED' });
    const application = await w.stores.applications.get(result.applicationId ?? '');
    expect(application).toMatchObject({
      type: 'JOIN_CLUSTER',
      applicantInn: INVITEE,
      clusterId: CLUSTER,
      contactEmail: 'join@invitee.example.org',
      motivation: 'We make the sensors.',
      invitation: { invitationId: invitation.invitationId, invitedBy: COORDINATOR, clusterId: CLUSTER },
    });
    expect(w.started).toEqual([result.applicationId]);
    if (!application) throw new Error('no application filed');
    const view = await applicationView(application, {
      applications: w.stores.applications,
      tasks: { listReviews: async () => [], consentStage: async () => null },
    });
    expect(view.invitation).toEqual({
      invitationId: invitation.invitationId,
      invitedBy: COORDINATOR,
      clusterId: CLUSTER,
    });
    expect(view.history.map((event) => [event.action, event.actor])).toEqual([
      ['INVITED', `coordinator:${COORDINATOR}`],
      ['SUBMITTED', `applicant:${INVITEE}`],
      ['APPLICANT_NOTIFIED', 'system'],
    ]);

    const [stored] = (await listInvitations(CLUSTER, { limit: 5 }, { inn: COORDINATOR }, w.deps)).items;
    expect(stored).toMatchObject({
      status: 'ACCEPTED',
      applicationId: result.applicationId,
      answeredAt: '2026-03-02T10:00:00.000Z',
    });
    await expect(answer(w, link, { answer: 'DECLINE' })).rejects.toMatchObject({
      statusCode: 409,
      code: 'INVITATION_ACCEPTED',
    });
    // Free to be invited again (its join application has its own one-open-application rule).
    await expect(inviteMember(w)).resolves.toMatchObject({ status: 'PENDING' });
  });

  it('needs the contact email and the motivation to accept a member invitation, and leaves it open without them', async () => {
    const w = await world();
    await inviteMember(w);
    const link = emailedLink(w);
    const refused = await answer(w, link, { answer: 'ACCEPT', contactEmail: '' }).catch(
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(ValidationError);
    expect((refused as ValidationError).details.map((detail) => detail.path)).toEqual([
      'contactEmail',
      'motivation',
    ]);
    await expect(answer(w, link, { answer: 'MAYBE' })).rejects.toMatchObject({
      details: [{ path: 'answer' }],
    });
    await expect(invitationPageView(link, w.linkDeps)).resolves.toMatchObject({ role: 'MEMBER' });
  });

  it('finishes filing the join application of an accepted invitation that a crash cut short', async () => {
    const w = await world();
    const invitation = await inviteMember(w);
    const link = emailedLink(w);
    const at = '2026-03-01T11:00:00.000Z';
    const applicationId = 'app_fromthecrashedrequest';
    await w.stores.invitations.end(
      invitation.invitationId,
      {
        status: 'ACCEPTED',
        at,
        event: { at, action: 'ACCEPTED', actor: 'invitee' },
        patch: { applicationId, answer: { contactEmail: 'c@x.example', motivation: 'M' } },
      },
      new Date(at),
    );
    const result = await answer(w, link, { answer: 'ACCEPT', contactEmail: 'c@x.example', motivation: 'M' });
    expect(result).toMatchObject({ answer: 'ACCEPTED', applicationStatus: 'SUBMITTED' });
    expect(await w.stores.applications.get(result.applicationId ?? '')).toMatchObject({
      applicantInn: INVITEE,
    });
    // Once filed, the link is used.
    await expect(
      answer(w, link, { answer: 'ACCEPT', contactEmail: 'c@x.example', motivation: 'M' }),
    ).resolves.toMatchObject({
      applicationId: result.applicationId,
    });
  });

  it('accepting a partner invitation lists the partner on the cluster at once; declining records it', async () => {
    const w = await world();
    await invitePartner(w, { name: 'Fraunhofer', email: 'coop@fraunhofer.example', inn: '7725340529' });
    const partnerLink = emailedLink(w);
    await invitePartner(w, { name: 'Bank', email: 'a@bank.example' });
    const declineLink = emailedLink(w);
    w.clock.current = new Date('2026-03-03T10:00:00.000Z');

    await expect(answer(w, partnerLink, { answer: 'ACCEPT' })).resolves.toMatchObject({
      answer: 'ACCEPTED',
      role: 'PARTNER',
    });
    await expect(answer(w, declineLink, { answer: 'DECLINE' })).resolves.toMatchObject({
      answer: 'DECLINED',
    });

    const cluster = await getClusterWithMembers(w.stores.registry, CLUSTER);
    expect(cluster.partners).toEqual([
      { name: 'Fraunhofer', inn: '7725340529', joinedAt: '2026-03-03T10:00:00.000Z' },
    ]);
    expect(cluster.coordinatorInn).toBe(COORDINATOR);
    expect(JSON.stringify(cluster)).not.toContain('fraunhofer.example');
    await expect(
      invitePartner(w, { name: 'Fraunhofer', email: 'other@fraunhofer.example', inn: '7725340529' }),
    ).rejects.toMatchObject({ statusCode: 409, code: 'ALREADY_PARTNER' });
    const statuses = (await listInvitations(CLUSTER, { limit: 5 }, { inn: COORDINATOR }, w.deps)).items.map(
      (item) => item.status,
    );
    expect(statuses.sort()).toEqual(['ACCEPTED', 'DECLINED']);
  });
});
