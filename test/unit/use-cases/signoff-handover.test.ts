import { describe, expect, it } from 'vitest';
import { type Official, withOfficialDefaults } from '#shared/domain/registry';
import { ValidationError } from '#shared/errors';
import { type LinkParams, linkParamsFrom } from '#shared/links/signature';
import { signoffPageView } from '#shared/use-cases/answer-page-views';
import { decideSignoff } from '#shared/use-cases/decide-signoff';
import { escalateSignoff } from '#shared/use-cases/escalate-signoff';
import { officialFor, requestSignoff } from '#shared/use-cases/request-signoff';
import {
  application,
  clockAt,
  fakeApplications,
  fakeMailer,
  fakeRegistry,
  fakeTasks,
  fakeWorkflow,
  testSigner,
} from '#test/support/in-memory-stores';

/** Escalation to the department head and delegation to a colleague, over the in-memory stores. */

const APP = 'app_0000000000test';
const official = (officialId: string, role: Official['role'] = 'OFFICIAL', active = true): Official => ({
  officialId,
  name: `Official ${officialId}`,
  email: `${officialId}@dept.example`,
  role,
  active,
});
const DIRECTORY = [
  official('off_a'),
  official('off_b'),
  official('off_head', 'HEAD'),
  official('off_gone', 'OFFICIAL', false),
  official('off_oldhead', 'HEAD', false),
];

function world(directory: Official[] = DIRECTORY) {
  const applications = fakeApplications(application({ status: 'AWAITING_SIGNOFF' }));
  const tasks = fakeTasks(applications);
  const base = fakeRegistry();
  const registry = {
    ...base,
    listOfficials: async () => directory.map((entry) => ({ ...entry })),
    getOfficial: async (id: string) => directory.find((entry) => entry.officialId === id) ?? null,
  };
  return {
    applications,
    tasks,
    registry,
    mailer: fakeMailer(),
    workflow: fakeWorkflow(),
    clock: clockAt('2026-03-01T10:00:00.000Z'),
    signer: testSigner(),
    config: {
      publicBaseUrl: 'https://clusters.example.city',
      signoffTimeoutSeconds: 14 * 24 * 3600,
      escalationTimeoutSeconds: 5 * 24 * 3600,
      amendmentTimeoutSeconds: 14 * 24 * 3600,
    },
  };
}
type World = ReturnType<typeof world>;

function lastLink(deps: World): LinkParams {
  const text = deps.mailer.sent.at(-1)?.text ?? '';
  const url = new URL(text.match(/https:\/\/\S+/)?.[0] ?? '');
  return linkParamsFrom('signoff', url.pathname.split('/')[2], Object.fromEntries(url.searchParams));
}

async function requested(deps: World) {
  await requestSignoff({ applicationId: APP, taskToken: 'first-token' }, deps);
  return lastLink(deps);
}

describe('the official directory', () => {
  it('reads an official stored before roles existed as an active, ordinary official', () => {
    const stored = { officialId: 'off_old', name: 'Old', email: 'old@dept.example', position: 'Советник' };
    expect(withOfficialDefaults(stored)).toEqual({ ...stored, role: 'OFFICIAL', active: true });
    expect(withOfficialDefaults(official('off_h', 'HEAD', false))).toEqual(official('off_h', 'HEAD', false));
  });
});

describe('the first sign-off request', () => {
  it('never goes to a head or an inactive official while an active ordinary one exists', () => {
    for (let index = 0; index < 200; index++) {
      expect(['off_a', 'off_b']).toContain(officialFor(`app_${index}`, DIRECTORY)?.officialId);
    }
    expect(officialFor(APP, [official('off_head', 'HEAD'), official('off_x', 'OFFICIAL', false)])).toEqual(
      official('off_head', 'HEAD'),
    );
    expect(officialFor(APP, [official('off_x', 'OFFICIAL', false)])).toBeUndefined();
  });
});

describe('escalation after the sign-off deadline', () => {
  it('hands the sign-off to the active head with its own deadline and link; the first link answers 409 ESCALATED', async () => {
    const deps = world();
    const first = await requested(deps);
    const before = await deps.tasks.getSignoff(APP);
    deps.clock.current = new Date('2026-03-15T10:00:00.000Z');

    const result = await escalateSignoff({ applicationId: APP, taskToken: 'escalation-token' }, deps);

    expect(result).toEqual({ outcome: 'ESCALATED', officialId: 'off_head', emailed: true });
    const task = await deps.tasks.getSignoff(APP);
    expect(task).toMatchObject({
      officialId: 'off_head',
      status: 'PENDING',
      escalatedFrom: before?.officialId,
      deadline: '2026-03-20T10:00:00.000Z',
    });
    expect(await deps.tasks.taskToken({ kind: 'signoff', applicationId: APP })).toBe('escalation-token');
    const email = deps.mailer.sent.at(-1);
    expect(email?.to).toEqual(['off_head@dept.example']);
    expect(email?.subject).toMatch(/^Эскалация \/ Escalated: /);
    expect(email?.text).toContain('did not decide by the sign-off deadline');
    expect(email?.text).toContain(`Official ${before?.officialId}`);
    expect(deps.applications.events.at(-1)).toMatchObject({
      action: 'SIGNOFF_ESCALATED',
      actor: 'system',
      detail: { from: before?.officialId, to: 'off_head' },
    });

    await expect(
      decideSignoff({ params: first, fields: { decision: 'APPROVE', comment: '' } }, deps),
    ).rejects.toMatchObject({ statusCode: 409, code: 'ESCALATED' });
    const view = await signoffPageView(lastLink(deps), deps);
    expect(view.handover).toMatchObject({ kind: 'ESCALATED' });

    const decided = await decideSignoff({ params: lastLink(deps), fields: { decision: 'APPROVE' } }, deps);
    expect(decided).toMatchObject({ outcome: 'APPROVED', workflow: 'resumed' });
    expect(deps.workflow.resumed.at(-1)).toEqual({
      token: 'escalation-token',
      output: { outcome: 'APPROVED' },
    });
  });

  it('happens once: a re-run swaps its token in without a second email', async () => {
    const deps = world();
    await requested(deps);
    await escalateSignoff({ applicationId: APP, taskToken: 'escalation-1' }, deps);
    const sent = deps.mailer.sent.length;
    const again = await escalateSignoff({ applicationId: APP, taskToken: 'escalation-2' }, deps);
    expect(again).toMatchObject({ outcome: 'ESCALATED', officialId: 'off_head', emailed: false });
    expect(deps.mailer.sent).toHaveLength(sent);
    expect(await deps.tasks.taskToken({ kind: 'signoff', applicationId: APP })).toBe('escalation-2');
    expect(deps.applications.events.filter((event) => event.action === 'SIGNOFF_ESCALATED')).toHaveLength(1);
  });

  it('completes at once with a decision recorded in the last moments before the deadline', async () => {
    const deps = world();
    const first = await requested(deps);
    await decideSignoff({ params: first, fields: { decision: 'REJECT', comment: 'Слабый проект' } }, deps);

    const result = await escalateSignoff({ applicationId: APP, taskToken: 'escalation-token' }, deps);
    expect(result.outcome).toBe('DECIDED');
    expect(deps.workflow.resumed.at(-1)).toEqual({
      token: 'escalation-token',
      output: { outcome: 'REJECTED' },
    });
    expect(deps.applications.events.some((event) => event.action === 'SIGNOFF_ESCALATED')).toBe(false);
  });

  it('without an active head, completes NOT_ESCALATED and the history says why', async () => {
    const deps = world([official('off_a'), official('off_oldhead', 'HEAD', false)]);
    await requested(deps);
    const sent = deps.mailer.sent.length;

    const result = await escalateSignoff({ applicationId: APP, taskToken: 'escalation-token' }, deps);
    await escalateSignoff({ applicationId: APP, taskToken: 'escalation-retry' }, deps);

    expect(result).toMatchObject({ outcome: 'NOT_ESCALATED', officialId: 'off_a' });
    expect(deps.workflow.resumed.at(0)).toEqual({
      token: 'escalation-token',
      output: { outcome: 'NOT_ESCALATED', reason: 'NO_HEAD' },
    });
    expect(deps.mailer.sent).toHaveLength(sent);
    expect(deps.applications.events.filter((event) => event.action === 'SIGNOFF_NOT_ESCALATED')).toEqual([
      expect.objectContaining({ actor: 'system', detail: { reason: 'NO_HEAD', officialId: 'off_a' } }),
    ]);
  });
});

describe('delegation', () => {
  const delegate = (to: string, comment = 'В отпуске, передаю коллеге') => ({
    decision: 'DELEGATE',
    delegateTo: to,
    comment,
  });

  it('gives the delegate a new link with the remaining deadline; the token stays; the first link answers 409 DELEGATED', async () => {
    const deps = world();
    const first = await requested(deps);
    const holder = (await deps.tasks.getSignoff(APP))?.officialId ?? '';
    const to = holder === 'off_a' ? 'off_b' : 'off_a';
    const firstExpiry = deps.tasks.links.get(first.linkId)?.expiresAt;
    deps.clock.current = new Date('2026-03-05T10:00:00.000Z');

    const result = await decideSignoff({ params: first, fields: delegate(to) }, deps);

    expect(result).toEqual({
      applicationId: APP,
      outcome: 'DELEGATED',
      delegateTo: to,
      delegateName: `Official ${to}`,
      emailed: true,
    });
    // Not a decision: the waiting step is not completed, and keeps its token for the delegate.
    expect(deps.workflow.resumed).toEqual([]);
    expect(await deps.tasks.taskToken({ kind: 'signoff', applicationId: APP })).toBe('first-token');
    const email = deps.mailer.sent.at(-1);
    expect(email?.to).toEqual([`${to}@dept.example`]);
    expect(email?.text).toContain('В отпуске, передаю коллеге');
    expect(JSON.stringify(email)).not.toContain('first-token');
    const second = lastLink(deps);
    expect(second.linkId).not.toBe(first.linkId);
    expect(deps.tasks.links.get(second.linkId)?.expiresAt).toBe(firstExpiry);
    expect(deps.applications.events.at(-1)).toMatchObject({
      action: 'SIGNOFF_DELEGATED',
      actor: `official:${holder}`,
      detail: { from: holder, to, comment: 'В отпуске, передаю коллеге' },
    });

    await expect(
      decideSignoff({ params: first, fields: { decision: 'APPROVE' } }, deps),
    ).rejects.toMatchObject({ statusCode: 409, code: 'DELEGATED' });
    const view = await signoffPageView(second, deps);
    expect(view.handover).toEqual({
      kind: 'DELEGATED',
      fromName: `Official ${holder}`,
      comment: 'В отпуске, передаю коллеге',
    });
    expect(view.delegates.map((entry) => entry.officialId).sort()).toEqual([holder, 'off_head'].sort());

    const decided = await decideSignoff({ params: second, fields: { decision: 'APPROVE' } }, deps);
    expect(decided).toMatchObject({ outcome: 'APPROVED', workflow: 'resumed' });
    expect(deps.workflow.resumed).toEqual([{ token: 'first-token', output: { outcome: 'APPROVED' } }]);
    expect(deps.applications.events.at(-1)).toMatchObject({ actor: `official:${to}` });
  });

  it('refuses oneself, an unknown and an inactive official with 400 on delegateTo, and a missing comment on comment', async () => {
    const deps = world();
    const first = await requested(deps);
    const holder = (await deps.tasks.getSignoff(APP))?.officialId ?? '';
    for (const [to, message] of [
      [holder, /yourself/],
      ['off_nobody', /no official off_nobody/],
      ['off_gone', /not active/],
    ] as const) {
      const refusal = await decideSignoff({ params: first, fields: delegate(to) }, deps).catch((e) => e);
      expect(refusal).toBeInstanceOf(ValidationError);
      expect(refusal.details).toEqual([{ path: 'delegateTo', message: expect.stringMatching(message) }]);
    }
    const noComment = await decideSignoff({ params: first, fields: delegate('off_head', '') }, deps).catch(
      (e) => e,
    );
    expect(noComment.details).toEqual([expect.objectContaining({ path: 'comment' })]);
    const noDelegate = await decideSignoff(
      { params: first, fields: { decision: 'DELEGATE', comment: 'x' } },
      deps,
    ).catch((e) => e);
    expect(noDelegate.details).toEqual([expect.objectContaining({ path: 'delegateTo' })]);
    const stray = await decideSignoff(
      { params: first, fields: { decision: 'APPROVE', delegateTo: 'off_head' } },
      deps,
    ).catch((e) => e);
    expect(stray.details).toEqual([expect.objectContaining({ path: 'delegateTo' })]);
    // Nothing changed: the link still works.
    expect((await deps.tasks.getSignoff(APP))?.officialId).toBe(holder);
    expect(deps.applications.events.some((event) => event.action === 'SIGNOFF_DELEGATED')).toBe(false);
  });

  it('of an escalated sign-off, to another official, keeps the head’s deadline', async () => {
    const deps = world();
    await requested(deps);
    deps.clock.current = new Date('2026-03-15T10:00:00.000Z');
    await escalateSignoff({ applicationId: APP, taskToken: 'escalation-token' }, deps);
    const headLink = lastLink(deps);
    deps.clock.current = new Date('2026-03-16T10:00:00.000Z');

    await decideSignoff({ params: headLink, fields: delegate('off_b', 'Поручаю заместителю') }, deps);

    const second = lastLink(deps);
    expect(deps.tasks.links.get(second.linkId)?.expiresAt).toBe('2026-03-20T10:00:00.000Z');
    expect(await deps.tasks.taskToken({ kind: 'signoff', applicationId: APP })).toBe('escalation-token');
    await expect(
      decideSignoff({ params: headLink, fields: { decision: 'APPROVE' } }, deps),
    ).rejects.toMatchObject({ code: 'DELEGATED' });
  });
});

describe('the sign-off page', () => {
  it('lists the colleagues to delegate to and shows a delegation’s errors beside its own fields', async () => {
    const { signoffFormPage } = await import('#shared/pages/signoff-page');
    const deps = world();
    const view = await signoffPageView(await requested(deps), deps);
    const page = signoffFormPage(view, {
      csrfToken: 'csrf',
      values: { decision: 'DELEGATE', delegateTo: 'off_head', comment: '' },
      errors: [
        { path: 'delegateTo', message: 'official off_head is not active' },
        { path: 'comment', message: 'a comment is required to delegate' },
      ],
    });
    const holder = (await deps.tasks.getSignoff(APP))?.officialId;
    const options = [...page.matchAll(/<option value="([^"]+)"/g)].map((match) => match[1]);
    expect(options).not.toContain(holder);
    expect(options).not.toContain('off_gone');
    expect(options).toContain('off_head');
    expect(page).toContain('<option value="off_head" selected>');
    expect(page).toMatch(/<select id="delegateTo" name="delegateTo" aria-invalid="true"/);
    expect(page).toContain('id="delegation-comment-error"');
    // The decision form above is not marked: the problems are the delegation's.
    expect(page).not.toContain('id="comment-error"');
  });
});
