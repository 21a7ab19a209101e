import { describe, expect, it } from 'vitest';
import { linkParamsFrom } from '#shared/links/signature';
import { answerReview } from '#shared/use-cases/answer-review';
import { requestReview } from '#shared/use-cases/request-review';
import { requestSignoff } from '#shared/use-cases/request-signoff';
import { sendDueReminders } from '#shared/use-cases/send-reminders';
import {
  application,
  clockAt,
  fakeMailer,
  fakeRegistry,
  fakeWorkflow,
  inMemoryStores,
  testSigner,
} from '#test/support/in-memory-stores';

const BASE = 'https://clusters.example.city';
const DAY = 24 * 3600 * 1000;
const APP = 'app_0000000000test';
const linkIn = (text: string | undefined) => text?.match(/https:\/\/\S+/)?.[0];

/** An application in review (deadline 10 days out) with 3-day and 1-day reminders. */
function world(seed = application({ createdAt: '2026-03-01T10:00:00.000Z' })) {
  const stores = inMemoryStores(seed);
  const mailer = fakeMailer();
  const clock = clockAt('2026-03-01T10:00:00.000Z');
  const deps = {
    ...stores,
    mailer,
    clock,
    workflow: fakeWorkflow(),
    signer: testSigner(),
    registry: fakeRegistry(),
    config: {
      publicBaseUrl: BASE,
      reminderBeforeSeconds: [3 * 24 * 3600, 24 * 3600],
      signoffTimeoutSeconds: 14 * 24 * 3600,
    },
  };
  const sweep = () => sendDueReminders(deps);
  const at = (offsetMs: number) => {
    clock.current = new Date(Date.parse('2026-03-01T10:00:00.000Z') + offsetMs);
  };
  return { deps, sweep, at };
}

describe('reminders before a review deadline', () => {
  it('go out 3 days and 1 day before, once each, with the link of the request', async () => {
    const { deps, sweep, at } = world();
    await requestReview({ applicationId: APP, expertId: 'exp_1', taskToken: 't1' }, deps);
    const requestLink = linkIn(deps.mailer.sent[0]?.text);

    at(6 * DAY);
    expect(await sweep()).toMatchObject({ sent: 0 });
    at(7 * DAY);
    expect(await sweep()).toMatchObject({ sent: 1 });
    expect(await sweep()).toMatchObject({ sent: 0 });
    const reminder = deps.mailer.sent[1];
    expect(reminder?.to).toEqual(['exp_1@experts.example.org']);
    expect(reminder?.subject).toMatch(/^Напоминание: экспертиза «Cluster <script>.*» до .+ МСК/);
    expect(reminder?.subject.length).toBeLessThanOrEqual(80);
    expect(reminder?.text).toContain('app_0000000000test');
    expect(linkIn(reminder?.text)).toBe(requestLink);

    at(9 * DAY);
    expect(await sweep()).toMatchObject({ sent: 1 });
    at(11 * DAY);
    expect(await sweep()).toMatchObject({ sent: 0, dropped: 0 });
    expect(deps.mailer.sent).toHaveLength(3);
  });

  it('never after the expert answered', async () => {
    const { deps, sweep, at } = world();
    await requestReview({ applicationId: APP, expertId: 'exp_1', taskToken: 't1' }, deps);
    const url = new URL(linkIn(deps.mailer.sent[0]?.text) ?? '');
    const params = linkParamsFrom('review', url.pathname.split('/')[2], Object.fromEntries(url.searchParams));
    await answerReview(
      {
        params,
        fields: { recommendation: 'APPROVE', innovation: 8, feasibility: 7, cooperation: 9 },
      },
      deps,
    );
    at(7 * DAY);
    expect(await sweep()).toMatchObject({ sent: 0, dropped: 1 });
    at(9 * DAY);
    expect(await sweep()).toMatchObject({ sent: 0, dropped: 0 });
    expect(deps.mailer.sent).toHaveLength(1);
  });

  it('never after the application was withdrawn', async () => {
    const { deps, sweep, at } = world();
    await requestReview({ applicationId: APP, expertId: 'exp_1', taskToken: 't1' }, deps);
    await deps.applications.transition({
      applicationId: APP,
      from: ['IN_REVIEW'],
      to: 'WITHDRAWN',
      at: '2026-03-02T10:00:00.000Z',
      action: 'WITHDRAWN',
      actor: 'applicant:7707083893',
    });
    at(7 * DAY);
    expect(await sweep()).toMatchObject({ sent: 0, dropped: 1 });
    expect(deps.mailer.sent.filter((mail) => mail.subject.startsWith('Напоминание'))).toEqual([]);
  });

  it('are put back when the email fails, and sent by the next sweep', async () => {
    const { deps, sweep, at } = world();
    await requestReview({ applicationId: APP, expertId: 'exp_1', taskToken: 't1' }, deps);
    const send = deps.mailer.send;
    deps.mailer.send = async () => {
      throw Object.assign(new Error('throttled'), { name: 'TooManyRequestsException' });
    };
    at(7 * DAY);
    expect(await sweep()).toMatchObject({ sent: 0, failed: 1 });
    deps.mailer.send = send;
    expect(await sweep()).toMatchObject({ sent: 1 });
  });
});

describe('a sweep with many reminders whose email keeps failing', () => {
  it('sends every other due reminder, behind and among them, in the same sweep', async () => {
    const { deps, at } = world(application({ status: 'AWAITING_CONSENT' }));
    const party = (n: number, failing: boolean) => ({
      kind: 'partner' as const,
      index: n,
      name: `Partner ${n}`,
      email: `${failing ? 'bounces' : 'reads'}-${n}@example.org`,
    });
    // 120 asked: the first 60 by link id (the earliest in the index at the same due time) bounce.
    await deps.tasks.openConsentStage({
      applicationId: APP,
      deadline: '2026-03-08T10:00:00.000Z',
      expiresAt: new Date('2026-03-08T10:00:00.000Z'),
      requestedAt: '2026-03-01T10:00:00.000Z',
      remindAt: ['2026-03-07T10:00:00.000Z'],
      requests: Array.from({ length: 120 }, (_, n) => ({
        linkId: `link_consent_${String(n).padStart(4, '0')}_00000000`,
        party: party(n, n < 60),
      })),
    });
    const send = deps.mailer.send;
    deps.mailer.send = async (message) => {
      if (message.to.some((to) => to.startsWith('bounces-')))
        throw Object.assign(new Error('Address blacklisted'), { name: 'MessageRejected' });
      await send(message);
    };
    at(6 * DAY + 1000);
    expect(await sendDueReminders(deps, { pageSize: 50 })).toMatchObject({ sent: 60, failed: 60 });
    expect(new Set(deps.mailer.sent.map((message) => message.to[0]))).toHaveLength(60);
    // The failed ones stay due for the next sweep.
    deps.mailer.send = send;
    expect(await sendDueReminders(deps, { pageSize: 50 })).toMatchObject({ sent: 60, failed: 0 });
  });
});

describe('reminders before a sign-off deadline', () => {
  it('go to the official the sign-off waits for', async () => {
    const { deps, sweep, at } = world(application({ status: 'AWAITING_SIGNOFF' }));
    await requestSignoff({ applicationId: APP, taskToken: 't1' }, deps);
    const request = deps.mailer.sent[0];
    at(11 * DAY + 1000);
    expect(await sweep()).toMatchObject({ sent: 1 });
    const reminder = deps.mailer.sent[1];
    // The official's directory entry: fakeRegistry's getOfficial answers for any id.
    expect(reminder?.to).toEqual([(await deps.registry.getOfficial('off_a'))?.email]);
    expect(request?.to).toHaveLength(1);
    expect(reminder?.subject).toMatch(/^Напоминание: решение «/);
    expect(linkIn(reminder?.text)).toBe(linkIn(request?.text));
  });
});

describe('reminders before the consent deadline', () => {
  it('go to each member or partner who has not answered, at the address it was asked at', async () => {
    const { deps, sweep, at } = world(application({ status: 'AWAITING_CONSENT' }));
    const party = (n: number) => ({
      kind: 'member' as const,
      inn: `770708389${n}`,
      name: `Org ${n}`,
      email: `o${n}@example.org`,
    });
    const { requests } = await deps.tasks.openConsentStage({
      applicationId: APP,
      deadline: '2026-03-08T10:00:00.000Z',
      expiresAt: new Date('2026-03-08T10:00:00.000Z'),
      requestedAt: '2026-03-01T10:00:00.000Z',
      remindAt: ['2026-03-07T10:00:00.000Z'],
      requests: [
        { linkId: 'link_consent_a_0000000000', party: party(1) },
        {
          linkId: 'link_consent_b_0000000000',
          party: { kind: 'partner', index: 0, name: 'Siemens AG', email: 'p@siemens.example' },
        },
      ],
    });
    expect(requests).toHaveLength(2);
    // The first member answers; the partner does not.
    const answered = requests[0];
    if (!answered) throw new Error('no request');
    await deps.tasks.recordConsent({
      request: answered,
      answer: { answer: 'CONFIRM', answeredAt: '2026-03-02T10:00:00.000Z' },
      event: { at: '2026-03-02T10:00:00.000Z', action: 'CONSENT_CONFIRMED', actor: 'member:7707083891' },
    });
    at(6 * DAY + 1000);
    expect(await sweep()).toMatchObject({ sent: 1, dropped: 1 });
    const reminder = deps.mailer.sent.at(-1);
    expect(reminder?.to).toEqual(['p@siemens.example']);
    expect(reminder?.subject).toMatch(/^Напоминание: подтверждение участия «/);
    expect(reminder?.text).toContain('app_0000000000test');
    expect(reminder?.text).toMatch(
      /https:\/\/clusters\.example\.city\/consents\/link_consent_b_0000000000\?/,
    );
  });
});
