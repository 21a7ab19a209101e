import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Reminders, Tasks } from '#shared/use-cases/ports';

/**
 * The reminders port, against the in-memory fake (test/unit/contracts/) and
 * DynamoDB Local (test/workflows/store-contracts.test.ts). Every case uses
 * reminder times of its own far-apart year, so cases sharing a table do not
 * see each other's links.
 */
export interface ReminderStores {
  tasks: Tasks;
  reminders: Reminders;
}

const linkId = () => randomBytes(18).toString('base64url');

export function describeReminderContracts(backend: string, makeStores: () => Promise<ReminderStores>): void {
  describe(`the reminders (${backend})`, () => {
    let year = 2100 + Math.floor(Math.random() * 500) * 10;
    const times = () => {
      year += 1;
      const when = (month: number) => new Date(Date.UTC(year, month, 1)).toISOString();
      return { opened: when(0), first: when(3), second: when(6), deadline: when(9), when };
    };
    const open = (stores: ReminderStores, remindAt: string[], opened: string, deadline: string) =>
      stores.tasks.openReview({
        applicationId: `app_${randomBytes(6).toString('hex')}`,
        expertId: 'exp_1',
        taskToken: 'token',
        linkId: linkId(),
        expiresAt: new Date(deadline),
        requestedAt: opened,
        remindAt,
      });
    const dueFor = async (stores: ReminderStores, now: string, id: string) =>
      (await stores.reminders.due(now, { limit: 100 })).items.filter((due) => due.link.linkId === id);

    it('are due one after the other, each taken by one sweep only', async () => {
      const stores = await makeStores();
      const t = times();
      const { link } = await open(stores, [t.first, t.second], t.opened, t.deadline);
      expect(link.remindAt).toEqual([t.first, t.second]);
      expect(await dueFor(stores, t.opened, link.linkId)).toEqual([]);

      const [first] = await dueFor(stores, t.when(4), link.linkId);
      expect(first?.dueAt).toBe(t.first);
      expect(await stores.reminders.take(first as never, t.when(4))).toBe(true);
      expect(await stores.reminders.take(first as never, t.when(4))).toBe(false);
      expect(await dueFor(stores, t.when(4), link.linkId)).toEqual([]);

      const [second] = await dueFor(stores, t.when(7), link.linkId);
      expect(second?.dueAt).toBe(t.second);
      expect(await stores.reminders.take(second as never, t.when(7))).toBe(true);
      expect(await dueFor(stores, t.when(11), link.linkId)).toEqual([]);
      expect((await stores.tasks.getLink(link.linkId))?.remindAt).toBeUndefined();
    });

    it('come back when put back, and are gone when dropped', async () => {
      const stores = await makeStores();
      const t = times();
      const { link } = await open(stores, [t.first, t.second], t.opened, t.deadline);
      const [first] = await dueFor(stores, t.when(4), link.linkId);
      expect(await stores.reminders.take(first as never, t.when(4))).toBe(true);
      await stores.reminders.putBack(first as never);
      expect((await dueFor(stores, t.when(4), link.linkId)).map((due) => due.dueAt)).toEqual([t.first]);
      await stores.reminders.drop(link.linkId);
      expect(await dueFor(stores, t.when(11), link.linkId)).toEqual([]);
      expect((await stores.tasks.getLink(link.linkId))?.linkId).toBe(link.linkId);
    });

    it('are listed the longest due first, and only as many as asked', async () => {
      const stores = await makeStores();
      const t = times();
      const later = await open(stores, [t.second], t.opened, t.deadline);
      const earlier = await open(stores, [t.first], t.opened, t.deadline);
      const ours = new Set([later.link.linkId, earlier.link.linkId]);
      const due = (await stores.reminders.due(t.when(8), { limit: 1000 })).items.filter((d) =>
        ours.has(d.link.linkId),
      );
      expect(due.map((d) => d.link.linkId)).toEqual([earlier.link.linkId, later.link.linkId]);
      expect((await stores.reminders.due(t.when(8), { limit: 1 })).items).toHaveLength(1);
    });

    it('are not scheduled again when a request step re-runs, nor for a link without any', async () => {
      const stores = await makeStores();
      const t = times();
      const first = await open(stores, [t.first], t.opened, t.deadline);
      const again = await stores.tasks.openReview({
        applicationId: first.task.applicationId,
        expertId: 'exp_1',
        taskToken: 'token-2',
        linkId: linkId(),
        expiresAt: new Date(t.deadline),
        requestedAt: t.when(5),
        remindAt: [t.second],
      });
      expect(again.link.linkId).toBe(first.link.linkId);
      expect((await dueFor(stores, t.when(11), first.link.linkId)).map((d) => d.dueAt)).toEqual([t.first]);
      const none = await open(stores, [], t.opened, t.deadline);
      expect(none.link.remindAt).toBeUndefined();
      expect(await dueFor(stores, t.when(11), none.link.linkId)).toEqual([]);
    });

    it('are walked page by page, each listed once, past those put back and those taken', async () => {
      const stores = await makeStores();
      const t = times();
      const ours = await Promise.all(
        [t.when(1), t.when(2), t.when(3)].map(
          async (at) => (await open(stores, [at], t.opened, t.deadline)).link.linkId,
        ),
      );
      const listed: string[] = [];
      let cursor: string | undefined;
      for (let pages = 0; ; pages += 1) {
        expect(pages, 'the walk ends').toBeLessThan(10_000);
        const page = await stores.reminders.due(t.when(8), { limit: 2, cursor });
        for (const reminder of page.items.filter((due) => ours.includes(due.link.linkId))) {
          listed.push(reminder.link.linkId);
          // As a sweep does: the first one's email fails (put back where it was), the others are sent
          // (taken out of the index: the read goes on from a key no longer there).
          expect(await stores.reminders.take(reminder, t.when(8))).toBe(true);
          if (reminder.link.linkId === ours[0]) await stores.reminders.putBack(reminder);
        }
        if (!page.next) break;
        cursor = page.next;
      }
      expect(listed).toEqual(ours);
      expect((await dueFor(stores, t.when(8), ours[0] ?? '')).map((due) => due.dueAt)).toEqual([t.when(1)]);
      expect(await dueFor(stores, t.when(8), ours[1] ?? '')).toEqual([]);
    });

    it('move on to the next reminder still ahead: never two in a row when both fell due', async () => {
      const stores = await makeStores();
      const t = times();
      const { link } = await open(stores, [t.first, t.second], t.opened, t.deadline);
      const [late] = await dueFor(stores, t.when(7), link.linkId);
      expect(late?.dueAt).toBe(t.first);
      expect(await stores.reminders.take(late as never, t.when(7))).toBe(true);
      expect(await dueFor(stores, t.when(11), link.linkId)).toEqual([]);
      expect((await stores.tasks.getLink(link.linkId))?.remindAt).toBeUndefined();
    });
  });
}
