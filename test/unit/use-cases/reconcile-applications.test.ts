import { describe, expect, it } from 'vitest';
import { reconcileApplications } from '#shared/use-cases/reconcile-applications';
import { application, clockAt, inMemoryStores } from '#test/support/in-memory-stores';

const NOW = '2026-03-01T12:00:00.000Z';

/** A workflow engine that knows which runs are running, and records what is started. */
function engine(running: ReadonlyArray<[string, number]>, ended: ReadonlyArray<[string, number]> = []) {
  const started: Array<{ applicationId: string; stage: string; run: number }> = [];
  const key = (id: string, run: number) => `${id}#${run}`;
  const runningKeys = new Set(running.map(([id, run]) => key(id, run)));
  const endedKeys = new Set(ended.map(([id, run]) => key(id, run)));
  return {
    started,
    runStatus: async (id: string, run: number) =>
      runningKeys.has(key(id, run))
        ? ('RUNNING' as const)
        : endedKeys.has(key(id, run))
          ? ('ENDED' as const)
          : ('MISSING' as const),
    startAt: async (input: { applicationId: string; stage: string }, run: number) => {
      started.push({ applicationId: input.applicationId, stage: input.stage, run });
      runningKeys.add(key(input.applicationId, run));
    },
  };
}

const app = (id: string, overrides: Parameters<typeof application>[0] = {}) =>
  application({ applicationId: id, updatedAt: '2026-03-01T10:00:00.000Z', ...overrides });

describe('reconcileApplications', () => {
  it('resumes open applications whose run is not running, at their stage, once', async () => {
    const stores = inMemoryStores(
      app('app_running', { status: 'IN_REVIEW' }),
      app('app_ended', { status: 'IN_REVIEW', redriveCount: 1 }),
      app('app_lost', { status: 'SUBMITTED' }),
      app('app_signoff', { status: 'AWAITING_SIGNOFF' }),
      app('app_done', { status: 'APPROVED' }),
    );
    const workflow = engine(
      [['app_running', 0]],
      [
        ['app_ended', 1],
        ['app_signoff', 0],
      ],
    );
    const deps = { applications: stores.applications, workflow, clock: clockAt(NOW) };
    const report = await reconcileApplications(deps, {
      graceSeconds: 300,
      actor: 'system:reconciler',
      pageSize: 1,
    });

    expect(report.checked).toBe(4);
    expect(report.resumed.sort()).toEqual(['app_ended', 'app_lost', 'app_signoff']);
    expect(workflow.started).toEqual(
      expect.arrayContaining([
        { applicationId: 'app_ended', stage: 'REVIEW', run: 2 },
        { applicationId: 'app_lost', stage: 'ELIGIBILITY', run: 1 },
        { applicationId: 'app_signoff', stage: 'SIGNOFF', run: 1 },
      ]),
    );
    const history = await stores.applications.history('app_ended');
    expect(history.at(-1)).toMatchObject({
      action: 'RESUMED',
      actor: 'system:reconciler',
      detail: { run: 2 },
    });

    // The runs it started are running now: a second pass changes nothing.
    const again = await reconcileApplications(deps, { graceSeconds: 300, actor: 'system:reconciler' });
    expect(again.resumed).toEqual([]);
    expect(workflow.started).toHaveLength(3);
  });

  it('leaves an application changed within the grace period to the next pass', async () => {
    const stores = inMemoryStores(
      app('app_fresh', { status: 'SUBMITTED', updatedAt: '2026-03-01T11:58:00.000Z' }),
    );
    const workflow = engine([]);
    const deps = { applications: stores.applications, workflow, clock: clockAt(NOW) };
    expect(await reconcileApplications(deps, { graceSeconds: 300, actor: 'x' })).toMatchObject({
      checked: 1,
      tooRecent: 1,
      resumed: [],
    });
    expect(await reconcileApplications(deps, { graceSeconds: 60, actor: 'x' })).toMatchObject({
      resumed: ['app_fresh'],
    });
  });

  it('goes on past an application it cannot check, and reports it for the next pass', async () => {
    const stores = inMemoryStores(
      app('app_first', { status: 'IN_REVIEW' }),
      app('app_second', { status: 'IN_REVIEW' }),
      app('app_third', { status: 'AWAITING_SIGNOFF' }),
    );
    const workflow = engine([]);
    const runStatus = workflow.runStatus;
    workflow.runStatus = async (id: string, run: number) => {
      if (id === 'app_first')
        throw Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
      return runStatus(id, run);
    };
    const deps = { applications: stores.applications, workflow, clock: clockAt(NOW) };
    const report = await reconcileApplications(deps, { graceSeconds: 300, actor: 'x', pageSize: 1 });
    expect(report.failed).toEqual(['app_first']);
    expect(report.resumed.sort()).toEqual(['app_second', 'app_third']);
  });
});
