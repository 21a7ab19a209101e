import { mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Outbox, type OutboxMessage } from '#local/outbox';

const APP_A = 'app_0123456789abcdefghjkmnpqrs';
const APP_B = 'app_zyxwvtsrqpnmkjhgfedcba9876';

const mail = (n: number, applicationId: string) => ({
  to: [`expert${n}@example.org`],
  subject: `Review ${applicationId}`,
  text: `Please review application ${applicationId}: https://local.test/reviews/${n}?sig=x`,
  html: `<a href="https://local.test/reviews/${n}?sig=x&amp;a=1">open</a>`,
});

async function fresh(): Promise<{ path: string; outbox: Outbox }> {
  const path = join(await mkdtemp(join(tmpdir(), 'outbox-')), 'outbox.jsonl');
  return { path, outbox: await Outbox.open(path) };
}

describe('local outbox', () => {
  it('appends one line per email, leaving what is on disk untouched', async () => {
    const { path, outbox } = await fresh();
    await outbox.add(mail(1, APP_A));
    const before = await readFile(path, 'utf8');
    const stored = await outbox.add(mail(2, APP_B));
    const after = await readFile(path, 'utf8');
    expect(after.startsWith(before)).toBe(true);
    expect(after.slice(before.length)).toBe(`${JSON.stringify(stored)}\n`);
    expect(after.trim().split('\n')).toHaveLength(2);
  });

  it('keeps concurrent sends in order, and reopens with every message, newest last', async () => {
    const { path, outbox } = await fresh();
    const sent = await Promise.all(Array.from({ length: 50 }, (_, n) => outbox.add(mail(n, APP_A))));
    const reopened = await Outbox.open(path);
    expect(reopened.messages).toEqual(sent);
    expect(reopened.messages.map((message) => message.to[0])).toEqual(sent.map((message) => message.to[0]));
    expect(reopened.messages[0]).toMatchObject({
      links: ['https://local.test/reviews/0?sig=x', 'https://local.test/reviews/0?sig=x&a=1'],
    });
  });

  it('lists the mail of one application, from memory and after a reopen', async () => {
    const { path, outbox } = await fresh();
    await outbox.add(mail(1, APP_A));
    await outbox.add(mail(2, APP_B));
    await outbox.add({ ...mail(3, APP_A), subject: 'Reminder' });
    expect(outbox.about(APP_A).map((message) => message.to[0])).toEqual([
      'expert1@example.org',
      'expert3@example.org',
    ]);
    expect((await Outbox.open(path)).about(APP_B).map((message) => message.to[0])).toEqual([
      'expert2@example.org',
    ]);
    expect(outbox.about('app_unknown')).toEqual([]);
    expect(outbox.about('expert2')).toHaveLength(0);
    expect(outbox.about('Reminder')).toHaveLength(1);
    expect(outbox.about('reviews/2')).toHaveLength(1);
  });

  it('skips a line cut short by a crash, and carries over an outbox.json from before', async () => {
    const { path, outbox } = await fresh();
    const kept = await outbox.add(mail(1, APP_A));
    await writeFile(path, `${JSON.stringify(kept)}\n{"id":"torn`, { flag: 'w' });
    expect((await Outbox.open(path)).messages).toEqual([kept]);

    const dir = await mkdtemp(join(tmpdir(), 'outbox-legacy-'));
    const legacy: OutboxMessage[] = [{ ...kept, id: 'legacy-1' }];
    await writeFile(join(dir, 'outbox.json'), JSON.stringify(legacy, null, 2));
    const migrated = await Outbox.open(join(dir, 'outbox.jsonl'));
    expect(migrated.messages).toEqual(legacy);
    expect(migrated.about(APP_A)).toEqual(legacy);
    expect((await stat(join(dir, 'outbox.jsonl'))).size).toBeGreaterThan(0);
  });

  it('serves SES SendEmail and GET /_local/outbox.json, filtered with ?applicationId=', async () => {
    const { outbox } = await fresh();
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        void outbox.handle(req, res, Buffer.concat(chunks).toString()).then((handled) => {
          if (!handled) res.writeHead(404).end();
        });
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    const base = `http://127.0.0.1:${port}`;
    try {
      for (const [n, id] of [
        [1, APP_A],
        [2, APP_B],
      ] as const) {
        const message = mail(n, id);
        const sent = await fetch(`${base}/v2/email/outbound-emails`, {
          method: 'POST',
          body: JSON.stringify({
            Destination: { ToAddresses: message.to },
            Content: {
              Simple: {
                Subject: { Data: message.subject },
                Body: { Text: { Data: message.text }, Html: { Data: message.html } },
              },
            },
          }),
        });
        expect(sent.status).toBe(200);
      }
      const all = (await (await fetch(`${base}/_local/outbox.json`)).json()) as OutboxMessage[];
      expect(all.map((message) => message.subject)).toEqual([`Review ${APP_A}`, `Review ${APP_B}`]);
      expect(Object.keys(all[0] ?? {}).sort()).toEqual([
        'html',
        'id',
        'links',
        'sentAt',
        'subject',
        'text',
        'to',
      ]);
      const onlyB = (await (
        await fetch(`${base}/_local/outbox.json?applicationId=${APP_B}`)
      ).json()) as OutboxMessage[];
      expect(onlyB).toEqual([all[1]]);
      const page = await (await fetch(`${base}/_local/outbox?applicationId=${APP_A}`)).text();
      expect(page).toContain(`Review ${APP_A}`);
      expect(page).not.toContain(`Review ${APP_B}`);
      expect((await fetch(`${base}/_local/elsewhere`)).status).toBe(404);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
