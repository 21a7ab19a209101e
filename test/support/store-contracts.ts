import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Application, ApplicationStatus } from '#shared/domain/application';
import type { Expert } from '#shared/domain/assignment';
import { normalizeClusterName } from '#shared/domain/eligibility';
import type {
  ClusterMember,
  ClusterPartner,
  NewCluster,
  Official,
  Organization,
} from '#shared/domain/registry';
import type { Applications, Invitations, Registry, StatusChange, Tasks } from '#shared/use-cases/ports';
import { application } from '#test/support/in-memory-stores';
import { describeInvitationStoreContracts } from '#test/support/invitation-store-contracts';

/**
 * One contract per store port, run against the in-memory stores
 * (test/unit/contracts/) and the DynamoDB adapters on DynamoDB Local
 * (test/workflows/store-contracts.test.ts), so the fakes the use-case tests
 * rely on cannot drift from the real conditional writes.
 */

/** The registry port plus the writes seeding and imports use. */
export type SeedableRegistry = Registry & {
  putExperts(experts: readonly Expert[]): Promise<void>;
  putOfficials(officials: readonly Official[]): Promise<void>;
  putActiveCluster(
    cluster: NewCluster,
    members: readonly ClusterMember[],
    normalizedName: string,
    partners?: readonly ClusterPartner[],
  ): Promise<void>;
};

export interface Stores {
  applications: Applications;
  registry: SeedableRegistry;
  tasks: Tasks;
  invitations: Invitations;
}

const unique = (prefix: string) => `${prefix}_${randomBytes(5).toString('hex')}`;
const at = (minute: number) => new Date(Date.UTC(2026, 2, 1, 10, minute)).toISOString();

function organization(inn: string, overrides: Partial<Organization> = {}): Organization {
  return {
    inn,
    ogrn: `1${inn}00`,
    name: `Org ${inn}`,
    sectors: ['robotics'],
    status: 'ACTIVE',
    email: `${inn}@example.org`,
    ...overrides,
  };
}

function change(
  applicationId: string,
  from: ApplicationStatus[],
  to: ApplicationStatus,
  minute = 5,
): StatusChange {
  return { applicationId, from, to, at: at(minute), action: `TO_${to}`, actor: 'test' };
}

async function stored(stores: Stores, overrides: Partial<Application> = {}): Promise<Application> {
  const created = application({ applicationId: unique('app'), ...overrides });
  await stores.applications.create(created, {
    at: created.createdAt,
    status: created.status,
    action: 'SUBMITTED',
    actor: 'test',
  });
  return created;
}

async function allPages<T>(
  read: (cursor: string | undefined) => Promise<{ items: T[]; next: string | null }>,
) {
  const items: T[] = [];
  let cursor: string | undefined;
  do {
    const page = await read(cursor);
    items.push(...page.items);
    cursor = page.next ?? undefined;
  } while (cursor);
  return items;
}

export function describeStoreContracts(backend: string, makeStores: () => Promise<Stores>): void {
  describeInvitationStoreContracts(backend, makeStores);

  describe(`the application store (${backend})`, () => {
    it('creates once: a second create with the same id returns the first', async () => {
      const stores = await makeStores();
      const first = await stored(stores, { contactEmail: 'first@example.org' });
      const again = await stores.applications.create(
        { ...first, contactEmail: 'second@example.org' },
        { at: at(1), action: 'SUBMITTED', actor: 'test' },
      );
      expect(again.created).toBe(false);
      expect(again.application.contactEmail).toBe('first@example.org');
      expect((await stores.applications.get(first.applicationId))?.contactEmail).toBe('first@example.org');
      expect(await stores.applications.get('app_missing')).toBeNull();
    });

    it('changes the status only from the statuses named, with a new version and one history event', async () => {
      const stores = await makeStores();
      const { applicationId } = await stored(stores, { status: 'SUBMITTED', version: 1 });

      const refused = await stores.applications.transition(change(applicationId, ['IN_REVIEW'], 'EXPIRED'));
      expect(refused).toMatchObject({ changed: false, current: { status: 'SUBMITTED' } });

      const done = await stores.applications.transition({
        ...change(applicationId, ['SUBMITTED'], 'CHECKING_ELIGIBILITY'),
        detail: { note: 'x' },
        patch: { failureCause: 'kept' },
      });
      expect(done).toMatchObject({
        changed: true,
        previous: { status: 'SUBMITTED', version: 1 },
        application: { status: 'CHECKING_ELIGIBILITY', version: 2, failureCause: 'kept', updatedAt: at(5) },
      });
      expect(await stores.applications.get(applicationId)).toMatchObject({
        status: 'CHECKING_ELIGIBILITY',
        version: 2,
        failureCause: 'kept',
      });
      const history = await stores.applications.history(applicationId);
      expect(history.map((event) => event.action)).toEqual(['SUBMITTED', 'TO_CHECKING_ELIGIBILITY']);
      expect(history[1]).toEqual({
        at: at(5),
        status: 'CHECKING_ELIGIBILITY',
        action: 'TO_CHECKING_ELIGIBILITY',
        actor: 'test',
        detail: { note: 'x' },
      });
    });

    it('refuses a change whose precondition fails, and one for an application that does not exist', async () => {
      const stores = await makeStores();
      const { applicationId } = await stored(stores, { status: 'AWAITING_SIGNOFF' });
      const refused = await stores.applications.transition({
        ...change(applicationId, ['AWAITING_SIGNOFF'], 'WITHDRAWN'),
        precondition: () => false,
      });
      expect(refused.changed).toBe(false);
      expect((await stores.applications.get(applicationId))?.status).toBe('AWAITING_SIGNOFF');
      expect(await stores.applications.transition(change('app_missing', ['SUBMITTED'], 'WITHDRAWN'))).toEqual(
        {
          changed: false,
          current: null,
        },
      );
    });

    it('frees the cluster name and the join slot an application held when it closes', async () => {
      const stores = await makeStores();
      const name = `Cluster ${unique('n')}`;
      const creator = await stored(stores, {
        type: 'CREATE_CLUSTER',
        status: 'CHECKING_ELIGIBILITY',
        cluster: { name, sectors: ['robotics'], project: { title: 'Joint work', summary: 'Together' } },
      });
      const joiner = await stored(stores, {
        type: 'JOIN_CLUSTER',
        status: 'CHECKING_ELIGIBILITY',
        cluster: undefined,
        clusterId: 'cl_joined',
      });
      const normalized = normalizeClusterName(name);
      await stores.registry.claimClusterName(normalized, creator.applicationId);
      await stores.registry.claimJoinSlot('cl_joined', joiner.applicantInn, joiner.applicationId);

      expect(await stores.registry.claimClusterName(normalized, 'app_other')).toEqual({
        holderKind: 'APPLICATION',
        holderId: creator.applicationId,
      });
      await stores.applications.transition(
        change(creator.applicationId, ['CHECKING_ELIGIBILITY'], 'WITHDRAWN'),
      );
      await stores.applications.transition(
        change(joiner.applicationId, ['CHECKING_ELIGIBILITY'], 'INELIGIBLE'),
      );

      expect(await stores.registry.claimClusterName(normalized, 'app_other')).toEqual({
        holderKind: 'APPLICATION',
        holderId: 'app_other',
      });
      expect(await stores.registry.claimJoinSlot('cl_joined', joiner.applicantInn, 'app_other')).toEqual({
        holderKind: 'APPLICATION',
        holderId: 'app_other',
      });
    });

    it('approves a create application together with its new cluster, once', async () => {
      const stores = await makeStores();
      const name = `Robots ${unique('n')}`;
      const creator = await stored(stores, {
        status: 'AWAITING_SIGNOFF',
        cluster: { name, sectors: ['robotics'], project: { title: 'Joint work', summary: 'Together' } },
      });
      const clusterId = unique('cl');
      const cluster: NewCluster = {
        clusterId,
        name,
        sectors: ['robotics'],
        createdAt: at(6),
        createdByApplicationId: creator.applicationId,
      };
      const members = ['3000000001', '3000000002', '3000000003'].map((inn) => ({
        inn,
        name: inn,
        joinedAt: at(6),
      }));
      const approve = {
        ...change(creator.applicationId, ['AWAITING_SIGNOFF'], 'APPROVED', 6),
        patch: { createdClusterId: clusterId },
      };

      const done = await stores.applications.approveCreate(approve, cluster, members);
      expect(done).toMatchObject({
        changed: true,
        application: { status: 'APPROVED', createdClusterId: clusterId },
      });
      expect(await stores.registry.getCluster(clusterId)).toMatchObject({
        status: 'ACTIVE',
        memberCount: 3,
        name,
      });
      expect(await stores.registry.memberInnsOf(clusterId)).toEqual(members.map((member) => member.inn));
      const listed = await allPages((cursor) => stores.registry.listActiveClusters({ limit: 50, cursor }));
      expect(listed.map((entry) => entry.clusterId)).toContain(clusterId);
      expect(await stores.registry.claimClusterName(normalizeClusterName(name), 'app_late')).toEqual({
        holderKind: 'CLUSTER',
        holderId: clusterId,
      });

      const retried = await stores.applications.approveCreate(approve, cluster, members);
      expect(retried.changed).toBe(false);
      expect(await stores.registry.getCluster(clusterId)).toMatchObject({ status: 'ACTIVE', memberCount: 3 });
    });

    it('approves a join with its membership in one write, and refuses it all for a cluster that is not active', async () => {
      const stores = await makeStores();
      const clusterId = unique('cl');
      const name = `Joinable ${unique('n')}`;
      await stores.registry.putActiveCluster(
        { clusterId, name, sectors: ['robotics'], createdAt: at(0) },
        [{ inn: '3000000001', name: 'one', joinedAt: at(0) }],
        normalizeClusterName(name),
      );
      const joiner = await stored(stores, {
        type: 'JOIN_CLUSTER',
        status: 'AWAITING_SIGNOFF',
        cluster: undefined,
        clusterId,
        applicantInn: '3000000009',
      });
      const member = { inn: '3000000009', name: 'nine', joinedAt: at(7) };
      const done = await stores.applications.approveJoin(
        change(joiner.applicationId, ['AWAITING_SIGNOFF'], 'APPROVED', 7),
        clusterId,
        member,
      );
      expect(done.changed).toBe(true);
      expect(await stores.registry.isMember(clusterId, '3000000009')).toBe(true);
      expect((await stores.registry.getCluster(clusterId))?.memberCount).toBe(2);

      const stray = await stored(stores, {
        type: 'JOIN_CLUSTER',
        status: 'AWAITING_SIGNOFF',
        cluster: undefined,
      });
      await expect(
        stores.applications.approveJoin(
          change(stray.applicationId, ['AWAITING_SIGNOFF'], 'APPROVED', 8),
          'cl_nowhere',
          { ...member, inn: '3000000010' },
        ),
      ).rejects.toThrow();
      expect((await stores.applications.get(stray.applicationId))?.status).toBe('AWAITING_SIGNOFF');
      expect(await stores.registry.isMember('cl_nowhere', '3000000010')).toBe(false);
      expect((await stores.applications.history(stray.applicationId)).map((event) => event.action)).toEqual([
        'SUBMITTED',
      ]);
    });

    it('claims a notice once until it is released', async () => {
      const stores = await makeStores();
      const { applicationId } = await stored(stores);
      expect(await stores.applications.claimNotice(applicationId, 'SUBMITTED', at(1))).toBe(true);
      expect(await stores.applications.claimNotice(applicationId, 'SUBMITTED', at(2))).toBe(false);
      expect(await stores.applications.claimNotice(applicationId, 'APPROVED', at(2))).toBe(true);
      await stores.applications.releaseNotice(applicationId, 'SUBMITTED');
      expect(await stores.applications.claimNotice(applicationId, 'SUBMITTED', at(3))).toBe(true);
    });

    it('updates fields, appends events in time order and refuses to update an application that does not exist', async () => {
      const stores = await makeStores();
      const { applicationId } = await stored(stores);
      await stores.applications.update(applicationId, { failureCause: 'because', updatedAt: at(9) });
      expect(await stores.applications.get(applicationId)).toMatchObject({
        failureCause: 'because',
        updatedAt: at(9),
      });
      await stores.applications.appendEvent(applicationId, { at: at(20), action: 'LATER', actor: 'system' });
      await stores.applications.appendEvent(applicationId, {
        at: at(10),
        action: 'EARLIER',
        actor: 'system',
      });
      expect((await stores.applications.history(applicationId)).map((event) => event.action)).toEqual([
        'SUBMITTED',
        'EARLIER',
        'LATER',
      ]);
      await expect(stores.applications.update('app_missing', { failureCause: 'x' })).rejects.toThrow();
    });

    it("lists an applicant's applications newest first, page by page", async () => {
      const stores = await makeStores();
      const inn = `7${randomBytes(4).readUInt32BE(0).toString().padStart(9, '0').slice(0, 9)}`;
      const created = [];
      for (const minute of [1, 3, 2]) {
        created.push(await stored(stores, { applicantInn: inn, createdAt: at(minute) }));
      }
      await stored(stores, { applicantInn: '7000000000' });
      const listed = await allPages((cursor) =>
        stores.applications.listByApplicant(inn, { limit: 2, cursor }),
      );
      expect(listed.map((entry) => entry.createdAt)).toEqual([at(3), at(2), at(1)]);
    });

    it('lists the open applications, oldest first: in while open, out once closed, in again when reopened', async () => {
      const stores = await makeStores();
      const first = await stored(stores, { status: 'SUBMITTED', createdAt: at(1) });
      const second = await stored(stores, { status: 'SUBMITTED', createdAt: at(2) });
      const third = await stored(stores, { status: 'SUBMITTED', createdAt: at(3) });
      const open = () => allPages((cursor) => stores.applications.listOpenIds({ limit: 1, cursor }));
      await stores.applications.transition(change(second.applicationId, ['SUBMITTED'], 'IN_REVIEW'));
      expect(await open()).toEqual([first.applicationId, second.applicationId, third.applicationId]);
      await stores.applications.transition(change(second.applicationId, ['IN_REVIEW'], 'FAILED'));
      await stores.applications.transition(change(third.applicationId, ['SUBMITTED'], 'WITHDRAWN'));
      expect(await open()).toEqual([first.applicationId]);
      await stores.applications.transition(change(second.applicationId, ['FAILED'], 'IN_REVIEW', 6));
      expect(await open()).toEqual([first.applicationId, second.applicationId]);
    });

    it('lists closed applications by final status, newest first, and open ones created before a time', async () => {
      const stores = await makeStores();
      const first = await stored(stores, { status: 'SUBMITTED', createdAt: at(1) });
      const second = await stored(stores, { status: 'SUBMITTED', createdAt: at(2) });
      const third = await stored(stores, { status: 'SUBMITTED', createdAt: at(3) });
      const failed = () =>
        allPages((cursor) => stores.applications.listClosedIds('FAILED', { limit: 1, cursor }));
      expect(await failed()).toEqual([]);
      await stores.applications.transition(change(first.applicationId, ['SUBMITTED'], 'FAILED'));
      await stores.applications.transition(change(third.applicationId, ['SUBMITTED'], 'FAILED'));
      expect(await failed()).toEqual([third.applicationId, first.applicationId]);
      expect(
        (await stores.applications.listClosedIds('FAILED', { limit: 5, createdBefore: at(2) })).items,
      ).toEqual([first.applicationId]);
      expect((await stores.applications.listOpenIds({ limit: 5, createdBefore: at(3) })).items).toEqual([
        second.applicationId,
      ]);
      // A redrive takes it out of its closed list; closing it otherwise moves it to that status's list.
      await stores.applications.transition(change(third.applicationId, ['FAILED'], 'IN_REVIEW', 6));
      await stores.applications.transition(change(third.applicationId, ['IN_REVIEW'], 'WITHDRAWN', 7));
      expect(await failed()).toEqual([first.applicationId]);
      expect((await stores.applications.listClosedIds('WITHDRAWN', { limit: 5 })).items).toEqual([
        third.applicationId,
      ]);
      const many = await stores.applications.getMany([
        third.applicationId,
        'app_missing000000',
        first.applicationId,
      ]);
      expect(many.map((application) => application.applicationId)).toEqual([
        third.applicationId,
        first.applicationId,
      ]);
    });

    it("lists an applicant's applications in one status, newest first, whatever the page size", async () => {
      const stores = await makeStores();
      const inn = `7${randomBytes(4).readUInt32BE(0).toString().padStart(9, '0').slice(0, 9)}`;
      const statuses = ['IN_REVIEW', 'APPROVED', 'IN_REVIEW', 'WITHDRAWN', 'IN_REVIEW', 'APPROVED'] as const;
      for (const [minute, status] of statuses.entries()) {
        await stored(stores, { applicantInn: inn, createdAt: at(minute), status });
      }
      await stored(stores, { applicantInn: '7000000000', status: 'IN_REVIEW' });
      for (const limit of [1, 2, 3, 25]) {
        const listed = await allPages((cursor) =>
          stores.applications.listByApplicant(inn, { limit, cursor, status: 'IN_REVIEW' }),
        );
        expect(
          listed.map((entry) => entry.createdAt),
          `limit ${limit}`,
        ).toEqual([at(4), at(2), at(0)]);
      }
      const approved = await stores.applications.listByApplicant(inn, { limit: 25, status: 'APPROVED' });
      expect(approved.items.map((entry) => entry.createdAt)).toEqual([at(5), at(1)]);
      expect(approved.next).toBeNull();
      expect((await stores.applications.listByApplicant(inn, { limit: 5, status: 'EXPIRED' })).items).toEqual(
        [],
      );
    });
  });

  describe(`the registry store (${backend})`, () => {
    it('reads organizations one by one and in bulk; missing ones are absent', async () => {
      const stores = await makeStores();
      await stores.registry.putOrganizations([organization('1000000001'), organization('1000000002')]);
      expect(await stores.registry.getOrganization('1000000001')).toEqual(organization('1000000001'));
      expect(await stores.registry.getOrganization('1000000099')).toBeNull();
      const found = await stores.registry.getOrganizations(['1000000002', '1000000099', '1000000001']);
      expect([...found.keys()].sort()).toEqual(['1000000001', '1000000002']);
    });

    it('lists organizations by INN and by sector, dropping a sector an organization left', async () => {
      const stores = await makeStores();
      const before = organization('1000000003', { sectors: ['robotics', 'medicine'] });
      await stores.registry.putOrganizations([organization('1000000004'), before]);
      const robotics = await allPages((cursor) =>
        stores.registry.listOrganizations({ limit: 1, cursor, sector: 'robotics' }),
      );
      expect(robotics.map((entry) => entry.inn)).toEqual(['1000000003', '1000000004']);

      const after = organization('1000000003', { sectors: ['medicine'] });
      await stores.registry.putOrganizations([after], new Map([[before.inn, before]]));
      const roboticsNow = await allPages((cursor) =>
        stores.registry.listOrganizations({ limit: 10, cursor, sector: 'robotics' }),
      );
      expect(roboticsNow.map((entry) => entry.inn)).toEqual(['1000000004']);
      const biotech = await stores.registry.listOrganizations({ limit: 10, sector: 'medicine' });
      expect(biotech.items).toEqual([after]);
      const everyone = await allPages((cursor) => stores.registry.listOrganizations({ limit: 10, cursor }));
      expect(everyone.map((entry) => entry.inn)).toEqual(['1000000003', '1000000004']);
    });

    it('keeps experts and their open-review load; an unknown expert is not created by a load change', async () => {
      const stores = await makeStores();
      const expert = (expertId: string): Expert => ({
        expertId,
        name: expertId,
        email: `${expertId}@example.org`,
        institution: expertId.endsWith('a') ? 'CITY' : 'PARTNER_INSTITUTION',
        sectors: ['robotics'],
        affiliationInn: '1000000001',
        openAssignments: 0,
      });
      await stores.registry.putExperts([expert('exp_b'), expert('exp_a')]);
      await stores.registry.adjustExpertLoad(['exp_a', 'exp_missing'], 1);
      await stores.registry.adjustExpertLoad(['exp_a'], 1);
      expect((await stores.registry.getExpert('exp_a'))?.openAssignments).toBe(2);
      expect(await stores.registry.getExpert('exp_missing')).toBeNull();
      expect((await stores.registry.getExpert('exp_b'))?.institution).toBe('PARTNER_INSTITUTION');
      expect((await stores.registry.listExperts()).map((entry) => entry.expertId)).toEqual([
        'exp_a',
        'exp_b',
      ]);
    });

    it('keeps officials', async () => {
      const stores = await makeStores();
      const official = (officialId: string): Official => ({
        officialId,
        name: officialId,
        email: `${officialId}@example.org`,
        role: officialId === 'off_b' ? 'HEAD' : 'OFFICIAL',
        active: officialId !== 'off_b',
        position: 'Head',
      });
      await stores.registry.putOfficials([official('off_b'), official('off_a')]);
      expect(await stores.registry.getOfficial('off_a')).toEqual(official('off_a'));
      expect(await stores.registry.getOfficial('off_x')).toBeNull();
      expect((await stores.registry.listOfficials()).map((entry) => entry.officialId)).toEqual([
        'off_a',
        'off_b',
      ]);
    });

    it('lists a cluster’s members page by page and says who is a member', async () => {
      const stores = await makeStores();
      const clusterId = unique('cl');
      const members = ['2000000003', '2000000001', '2000000002'].map((inn) => ({
        inn,
        name: inn,
        joinedAt: at(0),
      }));
      const name = `Listed ${unique('n')}`;
      await stores.registry.putActiveCluster(
        { clusterId, name, sectors: ['robotics'], createdAt: at(0) },
        members,
        normalizeClusterName(name),
      );
      const listed = await allPages((cursor) => stores.registry.listMembers(clusterId, { limit: 2, cursor }));
      expect(listed.map((member) => member.inn)).toEqual(['2000000001', '2000000002', '2000000003']);
      expect(await stores.registry.memberInnsOf(clusterId)).toEqual([
        '2000000001',
        '2000000002',
        '2000000003',
      ]);
      expect(await stores.registry.isMember(clusterId, '2000000002')).toBe(true);
      expect(await stores.registry.isMember(clusterId, '2000000009')).toBe(false);
      expect(await stores.registry.getCluster('cl_missing')).toBeNull();
    });

    it('gives a cluster name to one application, keeps it for that one, and takes over a stale holder', async () => {
      const stores = await makeStores();
      const name = normalizeClusterName(`Name ${unique('n')}`);
      expect(await stores.registry.claimClusterName(name, 'app_first')).toEqual({
        holderKind: 'APPLICATION',
        holderId: 'app_first',
      });
      expect(await stores.registry.claimClusterName(name, 'app_second')).toEqual({
        holderKind: 'APPLICATION',
        holderId: 'app_first',
      });
      expect(await stores.registry.claimClusterName(name, 'app_first')).toEqual({
        holderKind: 'APPLICATION',
        holderId: 'app_first',
      });
      const seen: string[] = [];
      const stale = async (holder: { holderId: string }) => {
        seen.push(holder.holderId);
        return true;
      };
      expect(await stores.registry.claimClusterName(name, 'app_second', stale)).toEqual({
        holderKind: 'APPLICATION',
        holderId: 'app_second',
      });
      expect(seen).toEqual(['app_first']);
    });

    it('gives a join slot to one open application per organization and cluster', async () => {
      const stores = await makeStores();
      const clusterId = unique('cl');
      expect((await stores.registry.claimJoinSlot(clusterId, '1000000001', 'app_a')).holderId).toBe('app_a');
      expect((await stores.registry.claimJoinSlot(clusterId, '1000000001', 'app_b')).holderId).toBe('app_a');
      expect((await stores.registry.claimJoinSlot(clusterId, '1000000002', 'app_b')).holderId).toBe('app_b');
    });
  });

  describe(`the task store (${backend})`, () => {
    const opening = (applicationId: string, token: string, minute = 1) => ({
      applicationId,
      expertId: 'exp_1',
      taskToken: token,
      linkId: unique('link').padEnd(24, 'x'),
      expiresAt: new Date(Date.UTC(2026, 2, 11)),
      requestedAt: at(minute),
    });
    const answer = {
      recommendation: 'APPROVE' as const,
      scores: { innovation: 8, feasibility: 7, cooperation: 9 },
      answeredAt: at(3),
    };

    it('opens a review with its link once; a re-run swaps in the new token and keeps the first link', async () => {
      const stores = await makeStores();
      const { applicationId } = await stored(stores, { status: 'IN_REVIEW' });
      const first = await stores.tasks.openReview(opening(applicationId, 'token-1'));
      expect(first).toMatchObject({
        created: true,
        task: { applicationId, expertId: 'exp_1', status: 'PENDING' },
        link: { kind: 'review', applicationId, expertId: 'exp_1', expiresAt: '2026-03-11T00:00:00.000Z' },
      });
      expect(first.task).not.toHaveProperty('taskToken');
      const again = await stores.tasks.openReview(opening(applicationId, 'token-2', 2));
      expect(again.created).toBe(false);
      expect(again.link.linkId).toBe(first.link.linkId);
      expect(again.task).not.toHaveProperty('taskToken');
      const ref = { kind: 'review', applicationId, expertId: 'exp_1' } as const;
      expect(await stores.tasks.taskToken(ref)).toBe('token-2');
      expect(await stores.tasks.getLink(first.link.linkId)).toEqual(first.link);
      const reviews = await stores.tasks.listReviews(applicationId);
      expect(reviews).toEqual([first.task]);
      expect(await stores.tasks.getReview(applicationId, 'exp_1')).toEqual(first.task);
    });

    it('records a review once, while the application is in review, and marks the link used', async () => {
      const stores = await makeStores();
      const { applicationId } = await stored(stores, { status: 'IN_REVIEW' });
      const { link } = await stores.tasks.openReview(opening(applicationId, 'token-1'));
      const event = { at: at(3), action: 'REVIEW_SUBMITTED', actor: 'expert:exp_1' };
      expect(await stores.tasks.recordReview({ link, expertId: 'exp_1', answer, event })).toBe('recorded');
      expect(await stores.tasks.recordReview({ link, expertId: 'exp_1', answer, event })).toBe('refused');
      expect(await stores.tasks.getReview(applicationId, 'exp_1')).toMatchObject({
        status: 'ANSWERED',
        answer,
      });
      expect((await stores.tasks.getLink(link.linkId))?.usedAt).toBe(at(3));
      expect((await stores.applications.history(applicationId)).map((entry) => entry.action)).toEqual([
        'SUBMITTED',
        'REVIEW_SUBMITTED',
      ]);

      const reopened = await stores.tasks.openReview(opening(applicationId, 'token-3', 4));
      expect(reopened).toMatchObject({ created: false, task: { status: 'ANSWERED' } });
    });

    it("decides a recusal racing the same expert's review once: one is recorded, the other refused", async () => {
      for (let round = 0; round < 5; round++) {
        const stores = await makeStores();
        const { applicationId } = await stored(stores, { status: 'IN_REVIEW' });
        const { link } = await stores.tasks.openReview(opening(applicationId, 'token-1'));
        const outcomes = await Promise.all([
          stores.tasks.recordReview({
            link,
            expertId: 'exp_1',
            answer,
            event: { at: at(3), action: 'REVIEW_SUBMITTED', actor: 'expert:exp_1' },
          }),
          stores.tasks.recordRecusal({
            link,
            expertId: 'exp_1',
            recusal: { reason: 'Conflict of interest', recusedAt: at(3) },
            event: { at: at(3), action: 'RECUSED', actor: 'expert:exp_1' },
          }),
        ]);
        expect([...outcomes].sort(), `round ${round}`).toEqual(['recorded', 'refused']);
        const task = await stores.tasks.getReview(applicationId, 'exp_1');
        const [reviewOutcome] = outcomes;
        expect(task?.status).toBe(reviewOutcome === 'recorded' ? 'ANSWERED' : 'RECUSED');
        expect(task?.answer === undefined).toBe(task?.status === 'RECUSED');
        expect(task?.recusal === undefined).toBe(task?.status === 'ANSWERED');
        const actions = (await stores.applications.history(applicationId)).map((entry) => entry.action);
        expect(actions.filter((action) => action !== 'SUBMITTED')).toHaveLength(1);
      }
    });

    it('refuses a review, changing nothing, once the application has left review', async () => {
      const stores = await makeStores();
      const { applicationId } = await stored(stores, { status: 'IN_REVIEW' });
      const { link } = await stores.tasks.openReview(opening(applicationId, 'token-1'));
      await stores.applications.transition(change(applicationId, ['IN_REVIEW'], 'WITHDRAWN'));
      const event = { at: at(3), action: 'REVIEW_SUBMITTED', actor: 'expert:exp_1' };
      expect(await stores.tasks.recordReview({ link, expertId: 'exp_1', answer, event })).toBe('refused');
      expect((await stores.tasks.getReview(applicationId, 'exp_1'))?.status).toBe('PENDING');
      expect((await stores.tasks.getLink(link.linkId))?.usedAt).toBeUndefined();
    });

    it("refuses an answer through another task's link", async () => {
      const stores = await makeStores();
      const { applicationId } = await stored(stores, { status: 'IN_REVIEW' });
      await stores.tasks.openReview(opening(applicationId, 'token-1'));
      const other = await stores.tasks.openReview({
        ...opening(applicationId, 'token-2'),
        expertId: 'exp_2',
      });
      const event = { at: at(3), action: 'REVIEW_SUBMITTED', actor: 'expert:exp_1' };
      expect(await stores.tasks.recordReview({ link: other.link, expertId: 'exp_1', answer, event })).toBe(
        'refused',
      );
      expect((await stores.tasks.getReview(applicationId, 'exp_1'))?.status).toBe('PENDING');
      expect((await stores.tasks.getLink(other.link.linkId))?.usedAt).toBeUndefined();
    });

    it('records a sign-off once and marks the application decided with a new version', async () => {
      const stores = await makeStores();
      const { applicationId, version } = await stored(stores, { status: 'AWAITING_SIGNOFF' });
      const { link, task } = await stores.tasks.openSignoff({
        ...opening(applicationId, 'token-1'),
        officialId: 'off_a',
      });
      expect(task).toMatchObject({ officialId: 'off_a', status: 'PENDING' });
      const decision = { outcome: 'APPROVED' as const, comment: 'Fine', decidedAt: at(4) };
      const event = { at: at(4), action: 'SIGNOFF_DECIDED', actor: 'official:off_a' };
      expect(await stores.tasks.recordSignoff({ link, decision, event })).toBe('recorded');
      expect(await stores.tasks.recordSignoff({ link, decision, event })).toBe('refused');
      expect(await stores.applications.get(applicationId)).toMatchObject({
        status: 'AWAITING_SIGNOFF',
        signoffDecidedAt: at(4),
        updatedAt: at(4),
        version: version + 1,
      });
      expect(await stores.tasks.getSignoff(applicationId)).toMatchObject({ status: 'DECIDED', decision });
    });

    it('hands a pending sign-off over once per link: a delegation keeps the token, an escalation brings its own, once', async () => {
      const stores = await makeStores();
      const { applicationId } = await stored(stores, { status: 'AWAITING_SIGNOFF' });
      const { link } = await stores.tasks.openSignoff({
        ...opening(applicationId, 'token-1'),
        officialId: 'off_a',
      });
      const ref = { kind: 'signoff', applicationId } as const;
      expect(await stores.tasks.claimNotification(ref, at(2))).toBe(true);
      const newLink = (linkId: string, officialId: string) => ({
        linkId,
        kind: 'signoff' as const,
        applicationId,
        officialId,
        expiresAt: link.expiresAt,
        createdAt: at(3),
      });
      const delegation = {
        kind: 'DELEGATED' as const,
        applicationId,
        fromLinkId: link.linkId,
        fromOfficialId: 'off_a',
        toOfficialId: 'off_b',
        link: newLink(`${link.linkId}d`, 'off_b'),
        comment: 'Away',
        event: { at: at(3), action: 'SIGNOFF_DELEGATED', actor: 'official:off_a' },
      };
      expect(await stores.tasks.handOverSignoff(delegation)).toBe('recorded');
      expect(
        await stores.tasks.handOverSignoff({ ...delegation, link: newLink(`${link.linkId}x`, 'off_b') }),
      ).toBe('refused');
      expect(await stores.tasks.getSignoff(applicationId)).toMatchObject({
        officialId: 'off_b',
        linkId: `${link.linkId}d`,
        status: 'PENDING',
        delegatedFrom: 'off_a',
        delegationComment: 'Away',
      });
      expect((await stores.tasks.getSignoff(applicationId))?.notifiedAt).toBeUndefined();
      expect(await stores.tasks.taskToken(ref)).toBe('token-1');
      expect((await stores.tasks.getLink(link.linkId))?.supersededBy).toBe('DELEGATED');
      expect(await stores.tasks.getLink(`${link.linkId}d`)).toMatchObject({ officialId: 'off_b' });
      // The superseded link can no longer record a decision.
      const decision = { outcome: 'APPROVED' as const, comment: '', decidedAt: at(4) };
      const decided = { at: at(4), action: 'SIGNOFF_DECIDED', actor: 'official:off_a' };
      expect(await stores.tasks.recordSignoff({ link, decision, event: decided })).toBe('refused');

      const escalation = {
        ...delegation,
        kind: 'ESCALATED' as const,
        fromLinkId: `${link.linkId}d`,
        fromOfficialId: 'off_b',
        toOfficialId: 'off_head',
        link: newLink(`${link.linkId}e`, 'off_head'),
        comment: undefined,
        escalation: { taskToken: 'token-2', deadline: at(9) },
        event: { at: at(5), action: 'SIGNOFF_ESCALATED', actor: 'system' },
      };
      expect(await stores.tasks.handOverSignoff(escalation)).toBe('recorded');
      expect(await stores.tasks.getSignoff(applicationId)).toMatchObject({
        officialId: 'off_head',
        escalatedFrom: 'off_b',
        escalatedAt: at(5),
        deadline: at(9),
      });
      expect(await stores.tasks.taskToken(ref)).toBe('token-2');
      expect(
        await stores.tasks.handOverSignoff({
          ...escalation,
          fromLinkId: `${link.linkId}e`,
          link: newLink(`${link.linkId}f`, 'off_head'),
        }),
      ).toBe('refused');
      expect((await stores.applications.history(applicationId)).map((event) => event.action)).toEqual(
        expect.arrayContaining(['SIGNOFF_DELEGATED', 'SIGNOFF_ESCALATED']),
      );
    });

    it('clears a token only if it is still the current one', async () => {
      const stores = await makeStores();
      const { applicationId } = await stored(stores, { status: 'IN_REVIEW' });
      await stores.tasks.openReview(opening(applicationId, 'token-1'));
      const ref = { kind: 'review', applicationId, expertId: 'exp_1' } as const;
      await stores.tasks.clearTaskToken(ref, 'token-old');
      expect(await stores.tasks.taskToken(ref)).toBe('token-1');
      await stores.tasks.clearTaskToken(ref, 'token-1');
      expect(await stores.tasks.taskToken(ref)).toBeNull();
    });

    it('closes the pending tasks of the kinds asked, removing every token, answered tasks keeping their answer', async () => {
      const stores = await makeStores();
      const { applicationId } = await stored(stores, { status: 'IN_REVIEW' });
      const { link } = await stores.tasks.openReview(opening(applicationId, 'token-1'));
      await stores.tasks.openReview({ ...opening(applicationId, 'token-2'), expertId: 'exp_2' });
      await stores.tasks.openSignoff({ ...opening(applicationId, 'token-3'), officialId: 'off_a' });
      const event = { at: at(3), action: 'REVIEW_SUBMITTED', actor: 'expert:exp_1' };
      expect(await stores.tasks.recordReview({ link, expertId: 'exp_1', answer, event })).toBe('recorded');
      const review = (expertId: string) => ({ kind: 'review', applicationId, expertId }) as const;
      const signoff = { kind: 'signoff', applicationId } as const;

      expect(await stores.tasks.closeTasks(applicationId, ['review'], at(5))).toBe(2);
      expect(await stores.tasks.getReview(applicationId, 'exp_1')).toMatchObject({
        status: 'ANSWERED',
        answer,
      });
      expect(await stores.tasks.getReview(applicationId, 'exp_2')).toMatchObject({
        status: 'CLOSED',
        closedAt: at(5),
      });
      expect(await stores.tasks.taskToken(review('exp_1'))).toBeNull();
      expect(await stores.tasks.taskToken(review('exp_2'))).toBeNull();
      expect(await stores.tasks.taskToken(signoff)).toBe('token-3');

      expect(await stores.tasks.closeTasks(applicationId, ['review', 'signoff'], at(6))).toBe(1);
      expect(await stores.tasks.getSignoff(applicationId)).toMatchObject({
        status: 'CLOSED',
        closedAt: at(6),
      });
      expect(await stores.tasks.taskToken(signoff)).toBeNull();
      expect(await stores.tasks.closeTasks(applicationId, ['review', 'signoff'], at(7))).toBe(0);
    });

    it('forgets the task tokens of a failed application and leaves its tasks open for a redrive', async () => {
      const stores = await makeStores();
      const { applicationId } = await stored(stores, { status: 'IN_REVIEW' });
      await stores.tasks.openReview(opening(applicationId, 'token-1'));
      await stores.tasks.openSignoff({ ...opening(applicationId, 'token-2'), officialId: 'off_a' });

      expect(await stores.tasks.forgetTaskTokens(applicationId, ['review', 'signoff'])).toBe(2);
      expect(await stores.tasks.getReview(applicationId, 'exp_1')).toMatchObject({ status: 'PENDING' });
      expect(await stores.tasks.getSignoff(applicationId)).toMatchObject({ status: 'PENDING' });
      expect(await stores.tasks.taskToken({ kind: 'review', applicationId, expertId: 'exp_1' })).toBeNull();
      expect(await stores.tasks.taskToken({ kind: 'signoff', applicationId })).toBeNull();
      expect(await stores.tasks.forgetTaskTokens(applicationId, ['review', 'signoff'])).toBe(0);

      // The redriven run's request step swaps a new token in, as for any open task.
      const reopened = await stores.tasks.openReview(opening(applicationId, 'token-3'));
      expect(reopened.created).toBe(false);
      expect(await stores.tasks.taskToken({ kind: 'review', applicationId, expertId: 'exp_1' })).toBe(
        'token-3',
      );
    });

    it("claims a task's email once until it is released; a task that does not exist cannot be claimed", async () => {
      const stores = await makeStores();
      const { applicationId } = await stored(stores, { status: 'IN_REVIEW' });
      await stores.tasks.openReview(opening(applicationId, 'token-1'));
      const ref = { kind: 'review', applicationId, expertId: 'exp_1' } as const;
      expect(await stores.tasks.claimNotification(ref, at(2))).toBe(true);
      expect(await stores.tasks.claimNotification(ref, at(3))).toBe(false);
      expect((await stores.tasks.getReview(applicationId, 'exp_1'))?.notifiedAt).toBe(at(2));
      await stores.tasks.releaseNotification(ref);
      expect(await stores.tasks.claimNotification(ref, at(4))).toBe(true);
      expect(await stores.tasks.claimNotification({ ...ref, expertId: 'exp_9' }, at(4))).toBe(false);
    });
  });

  describe(`the consent stage (${backend})`, () => {
    const parties = (count: number) =>
      Array.from({ length: count }, (_, index) => ({
        linkId: unique('consent').padEnd(24, 'x'),
        party:
          index === count - 1
            ? ({ kind: 'partner', index: 0, name: 'Fund', email: 'fund@example.org' } as const)
            : ({
                kind: 'member',
                inn: `77000000${10 + index}`,
                name: `Org ${index}`,
                email: `m${index}@example.org`,
              } as const),
      }));
    const opening = (applicationId: string, requests: ReturnType<typeof parties>) => ({
      applicationId,
      deadline: '2026-03-08T10:00:00.000Z',
      expiresAt: new Date('2026-03-08T10:00:00.000Z'),
      requestedAt: at(1),
      requests,
    });
    const answerOf = (answer: 'CONFIRM' | 'DECLINE', minute: number) => ({ answer, answeredAt: at(minute) });
    const eventOf = (minute: number, actor: string) => ({
      at: at(minute),
      action: 'CONSENT_CONFIRMED',
      actor,
    });

    it('opens a stage once: one request per party in the order asked; a re-run keeps the first links and counts', async () => {
      const stores = await makeStores();
      const { applicationId } = await stored(stores, { status: 'AWAITING_CONSENT' });
      const first = parties(3);
      const opened = await stores.tasks.openConsentStage(opening(applicationId, first));
      expect(opened.stage).toEqual({
        applicationId,
        status: 'PENDING',
        asked: 3,
        pending: 3,
        confirmed: 0,
        declined: 0,
        deadline: '2026-03-08T10:00:00.000Z',
        requestedAt: at(1),
      });
      expect(opened.requests.map((request) => [request.linkId, request.status, request.kind])).toEqual(
        first.map((request) => [request.linkId, 'PENDING', 'consent']),
      );
      expect(opened.requests[2]?.party).toEqual(first[2]?.party);
      const again = await stores.tasks.openConsentStage(opening(applicationId, parties(3)));
      expect(again).toEqual(opened);
      expect(await stores.tasks.listConsentRequests(applicationId)).toEqual(opened.requests);
      expect(await stores.tasks.getConsentRequest(first[0]?.linkId ?? '')).toEqual(opened.requests[0]);
      expect(await stores.tasks.getLink(first[0]?.linkId ?? '')).toMatchObject({
        kind: 'consent',
        applicationId,
      });
    });

    it('records an answer once, moving the counts, only while the stage is open and the application awaits consent', async () => {
      const stores = await makeStores();
      const { applicationId } = await stored(stores, { status: 'AWAITING_CONSENT' });
      const { requests } = await stores.tasks.openConsentStage(opening(applicationId, parties(3)));
      const [first, second, third] = requests;
      if (!first || !second || !third) throw new Error('no requests');
      const record = (request: typeof first, answer: 'CONFIRM' | 'DECLINE', minute: number) =>
        stores.tasks.recordConsent({
          request,
          answer: answerOf(answer, minute),
          event: eventOf(minute, 'member:x'),
        });
      expect(await record(first, 'CONFIRM', 2)).toBe('recorded');
      expect(await record(first, 'DECLINE', 3)).toBe('refused');
      expect(await record(second, 'DECLINE', 3)).toBe('recorded');
      expect(await stores.tasks.getConsentRequest(first.linkId)).toMatchObject({
        status: 'CONFIRMED',
        usedAt: at(2),
        answer: { answer: 'CONFIRM', answeredAt: at(2) },
      });
      expect(await stores.tasks.consentStage(applicationId)).toMatchObject({
        pending: 1,
        confirmed: 1,
        declined: 1,
      });
      expect(
        (await stores.applications.history(applicationId)).filter(
          (event) => event.action === 'CONSENT_CONFIRMED',
        ),
      ).toHaveLength(2);

      expect(await stores.tasks.closeTasks(applicationId, ['consent'], at(4))).toBe(1);
      expect(await record(third, 'CONFIRM', 5)).toBe('refused');
      expect(await stores.tasks.consentStage(applicationId)).toMatchObject({
        status: 'CLOSED',
        pending: 1,
        closedAt: at(4),
      });
      expect(await stores.tasks.getConsentRequest(third.linkId)).toMatchObject({ status: 'PENDING' });
    });

    it('refuses an answer once the application no longer awaits consent', async () => {
      const stores = await makeStores();
      const { applicationId } = await stored(stores, { status: 'AWAITING_CONSENT' });
      const { requests } = await stores.tasks.openConsentStage(opening(applicationId, parties(2)));
      await stores.applications.transition(change(applicationId, ['AWAITING_CONSENT'], 'WITHDRAWN'));
      const [request] = requests;
      if (!request) throw new Error('no request');
      expect(
        await stores.tasks.recordConsent({
          request,
          answer: answerOf('CONFIRM', 6),
          event: eventOf(6, 'member:x'),
        }),
      ).toBe('refused');
      expect(await stores.tasks.consentStage(applicationId)).toMatchObject({ pending: 2, confirmed: 0 });
    });

    it('stores the one task token with the counts as of that write, until the stage closes; a failure only forgets it', async () => {
      const stores = await makeStores();
      const { applicationId } = await stored(stores, { status: 'AWAITING_CONSENT' });
      await stores.tasks.openConsentStage(opening(applicationId, parties(2)));
      const ref = { kind: 'consent', applicationId } as const;
      expect(await stores.tasks.awaitConsents(applicationId, 'token-1')).toMatchObject({ pending: 2 });
      expect(await stores.tasks.taskToken(ref)).toBe('token-1');
      expect(await stores.tasks.consentStage(applicationId)).not.toHaveProperty('taskToken');
      expect(await stores.tasks.forgetTaskTokens(applicationId, ['consent'])).toBe(1);
      expect(await stores.tasks.consentStage(applicationId)).toMatchObject({ status: 'PENDING' });
      expect(await stores.tasks.taskToken(ref)).toBeNull();
      expect(await stores.tasks.awaitConsents(applicationId, 'token-2')).toMatchObject({ status: 'PENDING' });
      expect(await stores.tasks.closeTasks(applicationId, ['consent'], at(3))).toBe(1);
      expect(await stores.tasks.taskToken(ref)).toBeNull();
      expect(await stores.tasks.awaitConsents(applicationId, 'token-3')).toBeNull();
      expect(await stores.tasks.taskToken(ref)).toBeNull();
    });

    it("claims a consent request's email once until it is released", async () => {
      const stores = await makeStores();
      const { applicationId } = await stored(stores, { status: 'AWAITING_CONSENT' });
      const { requests } = await stores.tasks.openConsentStage(opening(applicationId, parties(1)));
      const linkId = requests[0]?.linkId ?? '';
      expect(await stores.tasks.claimLinkNotification(linkId, at(2))).toBe(true);
      expect(await stores.tasks.claimLinkNotification(linkId, at(3))).toBe(false);
      expect((await stores.tasks.getConsentRequest(linkId))?.notifiedAt).toBe(at(2));
      await stores.tasks.releaseLinkNotification(linkId);
      expect(await stores.tasks.claimLinkNotification(linkId, at(4))).toBe(true);
      expect(await stores.tasks.claimLinkNotification(unique('missing').padEnd(24, 'x'), at(4))).toBe(false);
    });
  });
}
