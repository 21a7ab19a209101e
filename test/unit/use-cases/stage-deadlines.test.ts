import { describe, expect, it } from 'vitest';
import type { Official } from '#shared/domain/registry';
import { escalateSignoff } from '#shared/use-cases/escalate-signoff';
import { requestReview } from '#shared/use-cases/request-review';
import { requestSignoff } from '#shared/use-cases/request-signoff';
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

/**
 * A review, sign-off or escalation step re-entered by a restart or a redrive keeps the deadline the
 * task recorded: past it, the step ends the wait at once (DeadlinePassed, routed as the timeout) and
 * emails nobody; before it, the step waits as before.
 */

const APP = 'app_0000000000test';
const official = (officialId: string, role: Official['role'] = 'OFFICIAL'): Official => ({
  officialId,
  name: `Official ${officialId}`,
  email: `${officialId}@dept.example`,
  role,
  active: true,
});

function world(status: 'IN_REVIEW' | 'AWAITING_SIGNOFF') {
  const applications = fakeApplications(application({ status }));
  const directory = [official('off_a'), official('off_head', 'HEAD')];
  return {
    applications,
    tasks: fakeTasks(applications),
    registry: { ...fakeRegistry(), listOfficials: async () => directory.map((entry) => ({ ...entry })) },
    mailer: fakeMailer(),
    workflow: fakeWorkflow(),
    clock: clockAt('2026-03-01T10:00:00.000Z'),
    signer: testSigner(),
    config: {
      publicBaseUrl: 'https://clusters.example.city',
      signoffTimeoutSeconds: 14 * 24 * 3600,
      escalationTimeoutSeconds: 5 * 24 * 3600,
    },
  };
}
type World = ReturnType<typeof world>;

const later = (deps: World, iso: string) => {
  deps.clock.current = new Date(iso);
};

describe('a review step re-entered', () => {
  // The fixture's review deadline: 2026-03-11T10:00Z.
  const review = (deps: World, taskToken: string) =>
    requestReview({ applicationId: APP, expertId: 'exp_1', taskToken }, deps);

  it('after the expert’s deadline ends at once as no answer, without a second email', async () => {
    const deps = world('IN_REVIEW');
    await review(deps, 'first');
    later(deps, '2026-03-11T10:00:00.000Z');

    const again = await review(deps, 'restarted');

    expect(again).toEqual({ expertId: 'exp_1', status: 'PENDING', emailed: false, deadlinePassed: true });
    expect(deps.workflow.failed).toEqual([
      { token: 'restarted', error: 'DeadlinePassed', cause: expect.any(String) },
    ]);
    expect(deps.workflow.resumed).toEqual([]);
    expect(deps.mailer.sent).toHaveLength(1);
  });

  it('after the deadline, for the first time (the execution vanished before the step ran), emails nobody', async () => {
    const deps = world('IN_REVIEW');
    later(deps, '2026-03-12T00:00:00.000Z');

    const result = await review(deps, 'late');

    expect(result).toMatchObject({ emailed: false, deadlinePassed: true });
    expect(deps.workflow.failed.map((failed) => failed.error)).toEqual(['DeadlinePassed']);
    expect(deps.mailer.sent).toEqual([]);
  });

  it('before the deadline waits as before: the token swapped, no timeout, no second email', async () => {
    const deps = world('IN_REVIEW');
    await review(deps, 'first');
    later(deps, '2026-03-11T09:59:59.000Z');

    const again = await review(deps, 'restarted');

    expect(again).toEqual({ expertId: 'exp_1', status: 'PENDING', emailed: false });
    expect(deps.workflow.failed).toEqual([]);
    expect(await deps.tasks.taskToken({ kind: 'review', applicationId: APP, expertId: 'exp_1' })).toBe(
      'restarted',
    );
  });

  it('keeps an answer given before the deadline, even when resumed after it', async () => {
    const deps = world('IN_REVIEW');
    await review(deps, 'first');
    const stored = deps.tasks.tasks.get(`${APP}/exp_1`);
    Object.assign(stored ?? {}, { status: 'ANSWERED' });
    later(deps, '2026-03-20T00:00:00.000Z');

    const again = await review(deps, 'restarted');

    expect(again.status).toBe('ANSWERED');
    expect(deps.workflow.resumed).toEqual([
      { token: 'restarted', output: { expertId: 'exp_1', answered: true } },
    ]);
    expect(deps.workflow.failed).toEqual([]);
  });
});

describe('a sign-off step re-entered', () => {
  const signoff = (deps: World, taskToken: string) => requestSignoff({ applicationId: APP, taskToken }, deps);
  const escalate = (deps: World, taskToken: string) =>
    escalateSignoff({ applicationId: APP, taskToken }, deps);

  it('on day 16 of a 14-day sign-off goes on to escalation at once, and the head gets it as at the deadline', async () => {
    const deps = world('AWAITING_SIGNOFF');
    await signoff(deps, 'first');
    expect((await deps.tasks.getSignoff(APP))?.deadline).toBe('2026-03-15T10:00:00.000Z');
    later(deps, '2026-03-17T10:00:00.000Z');

    const again = await signoff(deps, 'restarted');

    expect(again).toEqual({ officialId: 'off_a', status: 'PENDING', emailed: false, deadlinePassed: true });
    expect(deps.workflow.failed).toEqual([
      { token: 'restarted', error: 'DeadlinePassed', cause: expect.any(String) },
    ]);
    expect(deps.mailer.sent).toHaveLength(1);

    // The Catch sends the execution to EscalateSignoff: the same step as at the deadline.
    const escalated = await escalate(deps, 'escalation');
    expect(escalated).toEqual({ outcome: 'ESCALATED', officialId: 'off_head', emailed: true });
    expect(deps.mailer.sent.map((email) => email.to)).toEqual([
      ['off_a@dept.example'],
      ['off_head@dept.example'],
    ]);
  });

  it('on day 12 waits as before, with the first deadline kept', async () => {
    const deps = world('AWAITING_SIGNOFF');
    await signoff(deps, 'first');
    later(deps, '2026-03-13T10:00:00.000Z');

    const again = await signoff(deps, 'restarted');

    expect(again).toEqual({ officialId: 'off_a', status: 'PENDING', emailed: false });
    expect(deps.workflow.failed).toEqual([]);
    expect((await deps.tasks.getSignoff(APP))?.deadline).toBe('2026-03-15T10:00:00.000Z');
  });

  it('uses requestedAt + the sign-off period for a task recorded before deadlines were', async () => {
    const deps = world('AWAITING_SIGNOFF');
    await signoff(deps, 'first');
    const stored = deps.tasks.tasks.get(`${APP}/SIGNOFF`) as { deadline?: string } | undefined;
    delete stored?.deadline;
    later(deps, '2026-03-15T10:00:00.000Z');

    expect(await signoff(deps, 'restarted')).toMatchObject({ deadlinePassed: true });
  });

  it('once escalated goes straight back to the escalation step, which waits for the head without a new email', async () => {
    const deps = world('AWAITING_SIGNOFF');
    await signoff(deps, 'first');
    later(deps, '2026-03-15T10:00:00.000Z');
    await escalate(deps, 'escalation');
    const sent = deps.mailer.sent.length;
    later(deps, '2026-03-17T10:00:00.000Z');

    // The restart enters at SIGNOFF: RequestSignoff ends at once, EscalateSignoff re-arms.
    expect(await signoff(deps, 'restarted')).toMatchObject({ officialId: 'off_head', deadlinePassed: true });
    const rearmed = await escalate(deps, 'escalation-again');

    expect(rearmed).toEqual({ outcome: 'ESCALATED', officialId: 'off_head', emailed: false });
    expect(deps.workflow.failed.map((failed) => failed.token)).toEqual(['restarted']);
    expect(await deps.tasks.taskToken({ kind: 'signoff', applicationId: APP })).toBe('escalation-again');
    expect(deps.mailer.sent).toHaveLength(sent);
  });

  it('once escalated and past the head’s deadline too, the escalation step ends at once: EXPIRED as at that deadline', async () => {
    const deps = world('AWAITING_SIGNOFF');
    await signoff(deps, 'first');
    later(deps, '2026-03-15T10:00:00.000Z');
    await escalate(deps, 'escalation');
    const sent = deps.mailer.sent.length;
    later(deps, '2026-03-20T10:00:00.000Z');

    await signoff(deps, 'restarted');
    const result = await escalate(deps, 'escalation-again');

    expect(result).toEqual({
      outcome: 'ESCALATED',
      officialId: 'off_head',
      emailed: false,
      deadlinePassed: true,
    });
    expect(deps.workflow.failed.map(({ token, error }) => ({ token, error }))).toEqual([
      { token: 'restarted', error: 'DeadlinePassed' },
      { token: 'escalation-again', error: 'DeadlinePassed' },
    ]);
    expect(deps.mailer.sent).toHaveLength(sent);
    expect(deps.applications.events.filter((event) => event.action === 'SIGNOFF_ESCALATED')).toHaveLength(1);
  });

  it('keeps a decision recorded before the deadline, even when resumed after it', async () => {
    const deps = world('AWAITING_SIGNOFF');
    await signoff(deps, 'first');
    const stored = deps.tasks.tasks.get(`${APP}/SIGNOFF`);
    Object.assign(stored ?? {}, {
      status: 'DECIDED',
      decision: { outcome: 'APPROVED', comment: '', decidedAt: '2026-03-14T10:00:00.000Z' },
    });
    later(deps, '2026-03-20T10:00:00.000Z');

    await signoff(deps, 'restarted');

    expect(deps.workflow.resumed).toEqual([{ token: 'restarted', output: { outcome: 'APPROVED' } }]);
    expect(deps.workflow.failed).toEqual([]);
  });
});
