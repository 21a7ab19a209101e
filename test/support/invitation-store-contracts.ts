import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { type Invitation, inviteeKey, partnerKey } from '#shared/domain/invitations';
import type { ClusterPartner } from '#shared/domain/registry';
import type { Applications, Invitations } from '#shared/use-cases/ports';
import { application } from '#test/support/in-memory-stores';
import type { SeedableRegistry } from '#test/support/store-contracts';

/**
 * The contract of the invitation store and of cluster partners, run with the
 * other store contracts (test/support/store-contracts.ts) against the
 * in-memory fakes and DynamoDB Local.
 */

interface InvitationStores {
  applications: Applications;
  registry: SeedableRegistry;
  invitations: Invitations;
}

const unique = (prefix: string) => `${prefix}_${randomBytes(5).toString('hex')}`;
const at = (day: number, minute = 0) => new Date(Date.UTC(2026, 2, day, 10, minute));

function partner(n: number, joinedAt: string): ClusterPartner {
  const email = `Partner${n}@Example.org`;
  return { key: partnerKey({ email }), name: `Partner ${n}`, email, joinedAt };
}

function invitation(clusterId: string, overrides: Partial<Invitation> = {}): Invitation {
  const invitee = { role: 'MEMBER' as const, inn: '7702070139' };
  return {
    invitationId: unique('inv'),
    clusterId,
    invitedBy: '7707083893',
    invitee,
    inviteeKey: inviteeKey(invitee),
    email: 'office@invitee.example.org',
    status: 'PENDING',
    createdAt: at(1).toISOString(),
    expiresAt: at(31).toISOString(),
    history: [{ at: at(1).toISOString(), action: 'INVITED', actor: 'coordinator:7707083893' }],
    ...overrides,
  };
}

async function activeCluster(stores: InvitationStores): Promise<string> {
  const clusterId = unique('cl');
  const name = `Invites ${clusterId}`;
  await stores.registry.putActiveCluster(
    { clusterId, name, sectors: ['robotics'], createdAt: at(0).toISOString(), coordinatorInn: '7707083893' },
    [{ inn: '7707083893', name: 'Coordinator', joinedAt: at(0).toISOString() }],
    name.toLowerCase(),
  );
  return clusterId;
}

const end = (status: 'REVOKED' | 'DECLINED' | 'ACCEPTED', day: number) => ({
  status,
  at: at(day).toISOString(),
  event: { at: at(day).toISOString(), action: status, actor: 'test' },
});

export function describeInvitationStoreContracts(
  backend: string,
  makeStores: () => Promise<InvitationStores>,
): void {
  describe(`cluster partners (${backend})`, () => {
    it('makes a create application’s cluster with its coordinator and 250 partners visible at once, past a transaction’s 100 items', async () => {
      const stores = await makeStores();
      const name = `Partnered ${unique('n')}`;
      const creator = application({ applicationId: unique('app'), status: 'AWAITING_SIGNOFF' });
      await stores.applications.create(creator, {
        at: creator.createdAt,
        action: 'SUBMITTED',
        actor: 'test',
      });
      const clusterId = unique('cl');
      const partners = Array.from({ length: 250 }, (_, n) => partner(n, at(2).toISOString()));
      const done = await stores.applications.approveCreate(
        {
          applicationId: creator.applicationId,
          from: ['AWAITING_SIGNOFF'],
          to: 'APPROVED',
          at: at(2).toISOString(),
          action: 'APPROVED',
          actor: 'test',
          patch: { createdClusterId: clusterId },
        },
        {
          clusterId,
          name,
          sectors: ['robotics'],
          createdAt: at(2).toISOString(),
          coordinatorInn: '7707083893',
        },
        [{ inn: '7707083893', name: 'Coordinator', joinedAt: at(2).toISOString() }],
        partners,
      );
      expect(done.changed).toBe(true);
      expect(await stores.registry.getCluster(clusterId)).toMatchObject({
        status: 'ACTIVE',
        coordinatorInn: '7707083893',
      });
      const listed = await stores.registry.listPartners(clusterId);
      expect(listed).toHaveLength(250);
      expect(listed.map((entry) => entry.key).sort()).toEqual(partners.map((entry) => entry.key).sort());
      expect(await stores.registry.isPartner(clusterId, partnerKey({ email: 'partner7@example.org ' }))).toBe(
        true,
      );
      expect(await stores.registry.isPartner(clusterId, partnerKey({ email: 'nobody@example.org' }))).toBe(
        false,
      );
    });
  });

  describe(`the invitation store (${backend})`, () => {
    it('gives an invitee’s slot to one open invitation; its holder is named to the next, until it expires', async () => {
      const stores = await makeStores();
      const clusterId = await activeCluster(stores);
      const first = invitation(clusterId);
      expect(await stores.invitations.create(first, at(1))).toEqual({ created: true });
      const second = invitation(clusterId);
      expect(await stores.invitations.create(second, at(2))).toEqual({
        created: false,
        holderId: first.invitationId,
      });
      expect(await stores.invitations.get(second.invitationId)).toBeNull();
      expect(await stores.invitations.get(first.invitationId)).toMatchObject({
        status: 'PENDING',
        history: first.history,
      });
      // Another invitee of the same cluster, and the same invitee of another cluster, are free.
      const partnerInvitee = { role: 'PARTNER' as const, name: 'P', email: 'p@example.org' };
      expect(
        await stores.invitations.create(
          invitation(clusterId, { invitee: partnerInvitee, inviteeKey: inviteeKey(partnerInvitee) }),
          at(2),
        ),
      ).toEqual({ created: true });
      expect(await stores.invitations.create(invitation(await activeCluster(stores)), at(2))).toEqual({
        created: true,
      });
      // Past its expiry the holder no longer counts.
      const later = invitation(clusterId, {
        createdAt: at(31).toISOString(),
        expiresAt: at(61).toISOString(),
      });
      expect(await stores.invitations.create(later, at(31))).toEqual({ created: true });
    });

    it('of concurrent invitations of one invitee writes exactly one', async () => {
      const stores = await makeStores();
      const clusterId = await activeCluster(stores);
      const attempts = Array.from({ length: 6 }, () => invitation(clusterId));
      const results = await Promise.all(attempts.map((attempt) => stores.invitations.create(attempt, at(1))));
      const made = results.filter((result) => result.created);
      expect(made).toHaveLength(1);
      const winner = attempts[results.findIndex((result) => result.created)];
      for (const result of results.filter((entry) => !entry.created))
        expect(result).toEqual({ created: false, holderId: winner?.invitationId });
    });

    it('ends an open invitation once, with its event, and frees the slot; an expired one cannot be ended', async () => {
      const stores = await makeStores();
      const clusterId = await activeCluster(stores);
      const first = invitation(clusterId);
      await stores.invitations.create(first, at(1));
      expect(
        await stores.invitations.end(
          first.invitationId,
          {
            ...end('ACCEPTED', 2),
            patch: { applicationId: 'app_x', answer: { contactEmail: 'c@x.org', motivation: 'M' } },
          },
          at(2),
        ),
      ).toBe(true);
      expect(await stores.invitations.get(first.invitationId)).toMatchObject({
        status: 'ACCEPTED',
        answeredAt: at(2).toISOString(),
        applicationId: 'app_x',
        answer: { contactEmail: 'c@x.org', motivation: 'M' },
        history: [{ action: 'INVITED' }, { action: 'ACCEPTED', actor: 'test' }],
      });
      expect(await stores.invitations.end(first.invitationId, end('REVOKED', 3), at(3))).toBe(false);

      const second = invitation(clusterId);
      expect(await stores.invitations.create(second, at(3))).toEqual({ created: true });
      expect(await stores.invitations.end(second.invitationId, end('DECLINED', 40), at(40))).toBe(false);
      expect(await stores.invitations.end(second.invitationId, end('REVOKED', 4), at(4))).toBe(true);
      expect(await stores.invitations.get(second.invitationId)).toMatchObject({
        status: 'REVOKED',
        revokedAt: at(4).toISOString(),
      });
      expect(await stores.invitations.end('inv_missing000000', end('REVOKED', 4), at(4))).toBe(false);
    });

    it('accepts a partner invitation together with the partner’s listing, only on an active cluster and once', async () => {
      const stores = await makeStores();
      const clusterId = await activeCluster(stores);
      const invitee = {
        role: 'PARTNER' as const,
        name: 'Fraunhofer',
        email: 'coop@fraunhofer.example',
        inn: '7725340529',
      };
      const open = invitation(clusterId, { invitee, inviteeKey: inviteeKey(invitee) });
      await stores.invitations.create(open, at(1));
      const listed: ClusterPartner = {
        key: open.inviteeKey,
        name: 'Fraunhofer',
        email: 'coop@fraunhofer.example',
        inn: '7725340529',
        joinedAt: at(2).toISOString(),
        invitationId: open.invitationId,
      };
      expect(
        await stores.invitations.acceptPartner(open.invitationId, listed, end('ACCEPTED', 2), at(2)),
      ).toBe(true);
      expect(await stores.registry.listPartners(clusterId)).toEqual([listed]);
      expect(await stores.invitations.get(open.invitationId)).toMatchObject({ status: 'ACCEPTED' });
      expect(
        await stores.invitations.acceptPartner(open.invitationId, listed, end('ACCEPTED', 3), at(3)),
      ).toBe(false);

      // Listed already (another invitation of the same partner): nothing changes.
      const again = invitation(clusterId, { invitee, inviteeKey: inviteeKey(invitee) });
      await stores.invitations.create(again, at(3));
      expect(
        await stores.invitations.acceptPartner(again.invitationId, listed, end('ACCEPTED', 4), at(4)),
      ).toBe(false);
      expect(await stores.invitations.get(again.invitationId)).toMatchObject({ status: 'PENDING' });
    });

    it('lists a cluster’s invitations newest first, page by page, and claims an invitation’s email once', async () => {
      const stores = await makeStores();
      const clusterId = await activeCluster(stores);
      const made: string[] = [];
      for (let n = 0; n < 3; n++) {
        const invitee = { role: 'PARTNER' as const, name: `P${n}`, email: `p${n}@example.org` };
        const next = invitation(clusterId, {
          invitee,
          inviteeKey: inviteeKey(invitee),
          createdAt: at(1, n).toISOString(),
        });
        await stores.invitations.create(next, at(1, n));
        made.push(next.invitationId);
      }
      const first = await stores.invitations.listByCluster(clusterId, { limit: 2 });
      expect(first.items.map((item) => item.invitationId)).toEqual([made[2], made[1]]);
      const second = await stores.invitations.listByCluster(clusterId, {
        limit: 2,
        cursor: first.next ?? undefined,
      });
      expect(second.items.map((item) => item.invitationId)).toEqual([made[0]]);
      expect(second.next).toBeNull();

      const id = made[0] ?? '';
      expect(await stores.invitations.claimNotification(id, at(1).toISOString())).toBe(true);
      expect(await stores.invitations.claimNotification(id, at(1).toISOString())).toBe(false);
      await stores.invitations.releaseNotification(id);
      expect(await stores.invitations.claimNotification(id, at(1).toISOString())).toBe(true);
      expect(await stores.invitations.claimNotification('inv_missing000000', at(1).toISOString())).toBe(
        false,
      );
    });
  });
}
