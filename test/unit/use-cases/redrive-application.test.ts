import { describe, expect, it, vi } from 'vitest';
import { executionNameFor, parseExecutionName } from '#shared/domain/application';
import { normalizeClusterName } from '#shared/domain/eligibility';
import { closeApplication } from '#shared/use-cases/close-application';
import { redriveApplication, restartOpenApplication } from '#shared/use-cases/redrive-application';
import { application, clockAt, inMemoryStores } from '#test/support/in-memory-stores';

const clock = clockAt('2026-03-20T10:00:00.000Z');
const failure = { Error: 'TransientError', Cause: 'ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:8000' };

function world(status: 'IN_REVIEW' | 'AWAITING_SIGNOFF' | 'CHECKING_ELIGIBILITY' | 'AWAITING_CONSENT') {
  const app = application({ status });
  const stores = inMemoryStores(app);
  const workflow = { startAt: vi.fn(async (_input: unknown, _run: number) => {}) };
  const deps = { applications: stores.applications, registry: stores.registry, workflow, clock };
  return { app, stores, workflow, deps };
}

async function failIt(w: ReturnType<typeof world>) {
  // The name guard is held while open, as eligibility leaves it.
  const name = normalizeClusterName(w.app.cluster?.name ?? '');
  await w.stores.registry.claimClusterName(name, w.app.applicationId, async () => false);
  await closeApplication(
    { applicationId: w.app.applicationId, status: 'FAILED', failure },
    { applications: w.stores.applications, registry: w.stores.registry, clock },
  );
  return name;
}

describe('redriveApplication', () => {
  it.each([
    ['CHECKING_ELIGIBILITY', 'ELIGIBILITY'],
    ['AWAITING_CONSENT', 'CONSENT'],
    ['IN_REVIEW', 'REVIEW'],
    ['AWAITING_SIGNOFF', 'SIGNOFF'],
  ] as const)('re-enters a FAILED application where it failed (%s → %s)', async (status, stage) => {
    const w = world(status);
    const name = await failIt(w);
    const failed = await w.stores.applications.get(w.app.applicationId);
    expect(failed).toMatchObject({ status: 'FAILED', failedStage: stage });

    const result = await redriveApplication(w.app.applicationId, 'operator:ops', w.deps);

    expect(result).toMatchObject({ stage, status, run: 1, redriven: true });
    expect(await w.stores.applications.get(w.app.applicationId)).toMatchObject({ status, redriveCount: 1 });
    const history = await w.stores.applications.history(w.app.applicationId);
    expect(history.at(-1)).toMatchObject({
      status,
      action: 'REDRIVEN',
      actor: 'operator:ops',
      detail: { stage, run: 1 },
    });
    expect(w.workflow.startAt).toHaveBeenCalledExactlyOnceWith(
      { applicationId: w.app.applicationId, stage },
      1,
    );
    // The name the failure released is held again by the application.
    expect(await w.stores.registry.claimClusterName(name, 'app_other', async () => false)).toMatchObject({
      holderId: w.app.applicationId,
    });
  });

  it('gives the experts their open assignment back when review resumes', async () => {
    const w = world('IN_REVIEW');
    const adjust = vi.spyOn(w.stores.registry, 'adjustExpertLoad');
    await failIt(w);
    expect(adjust).toHaveBeenLastCalledWith(['exp_1', 'exp_2', 'exp_3'], -1);
    await redriveApplication(w.app.applicationId, 'operator:ops', w.deps);
    expect(adjust).toHaveBeenLastCalledWith(['exp_1', 'exp_2', 'exp_3'], 1);
  });

  it('refuses an application that is not FAILED, and one whose name someone else took', async () => {
    const open = world('IN_REVIEW');
    await expect(redriveApplication(open.app.applicationId, 'ops', open.deps)).rejects.toMatchObject({
      code: 'NOT_FAILED',
    });
    await expect(redriveApplication('app_missing', 'ops', open.deps)).rejects.toMatchObject({
      statusCode: 404,
    });

    const taken = world('AWAITING_SIGNOFF');
    const name = await failIt(taken);
    await taken.stores.registry.claimClusterName(name, 'app_other', async () => false);
    const other = application({ applicationId: 'app_other', status: 'CHECKING_ELIGIBILITY' });
    taken.stores.applications.items.set(other.applicationId, other);
    await expect(redriveApplication(taken.app.applicationId, 'ops', taken.deps)).rejects.toMatchObject({
      code: 'GUARD_TAKEN',
    });
    expect((await taken.stores.applications.get(taken.app.applicationId))?.status).toBe('FAILED');
    expect(taken.workflow.startAt).not.toHaveBeenCalled();
  });

  it('of two redrives at once exactly one changes the status; a repeat only repeats the start', async () => {
    const w = world('AWAITING_SIGNOFF');
    await failIt(w);
    const results = await Promise.allSettled([
      redriveApplication(w.app.applicationId, 'ops:a', w.deps),
      redriveApplication(w.app.applicationId, 'ops:b', w.deps),
    ]);
    const redriven = results.filter((r) => r.status === 'fulfilled' && r.value.redriven);
    expect(redriven).toHaveLength(1);
    const events = (await w.stores.applications.history(w.app.applicationId)).filter(
      (event) => event.action === 'REDRIVEN',
    );
    expect(events).toHaveLength(1);
    // Every start named run 1: the same execution, never a second one.
    expect(w.workflow.startAt.mock.calls.every(([, run]) => run === 1)).toBe(true);
  });

  it('counts runs on: a second failure and redrive starts run 2', async () => {
    const w = world('AWAITING_SIGNOFF');
    await failIt(w);
    await redriveApplication(w.app.applicationId, 'ops', w.deps);
    await failIt(w);
    const second = await redriveApplication(w.app.applicationId, 'ops', w.deps);
    expect(second).toMatchObject({ run: 2, redriven: true });
  });
});

describe('restartOpenApplication (start-up after an outage)', () => {
  it('starts the next run of an open application from its stage, with a RESUMED event', async () => {
    const w = world('AWAITING_SIGNOFF');
    const result = await restartOpenApplication(w.app.applicationId, 2, 'system:local-runtime', w.deps);
    expect(result).toMatchObject({ stage: 'SIGNOFF', run: 3 });
    expect(w.workflow.startAt).toHaveBeenCalledWith(
      { applicationId: w.app.applicationId, stage: 'SIGNOFF' },
      3,
    );
    expect((await w.stores.applications.get(w.app.applicationId))?.redriveCount).toBe(3);
    expect((await w.stores.applications.history(w.app.applicationId)).at(-1)).toMatchObject({
      action: 'RESUMED',
      actor: 'system:local-runtime',
    });
  });

  it('leaves a closed application alone', async () => {
    const w = world('AWAITING_SIGNOFF');
    await failIt(w);
    expect(await restartOpenApplication(w.app.applicationId, 0, 'system', w.deps)).toBeNull();
    expect(w.workflow.startAt).not.toHaveBeenCalled();
  });
});

describe('derived execution names', () => {
  it('are the application id, then <applicationId>-r<n>, and read back', () => {
    expect(executionNameFor('app_ABC', 0)).toBe('app_ABC');
    expect(executionNameFor('app_ABC', 3)).toBe('app_ABC-r3');
    expect(parseExecutionName('app_ABC-r3')).toEqual({ applicationId: 'app_ABC', run: 3 });
    expect(parseExecutionName('app_ABC')).toEqual({ applicationId: 'app_ABC', run: 0 });
    expect(parseExecutionName('app_ABC-r0')).toEqual({ applicationId: 'app_ABC-r0', run: 0 });
  });
});
