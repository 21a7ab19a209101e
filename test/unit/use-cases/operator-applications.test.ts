import { describe, expect, it } from 'vitest';
import type { Application } from '#shared/domain/application';
import { type OpenTask, stuckReasons } from '#shared/domain/operations';
import {
  listApplicationsForOperators,
  operatorApplicationView,
} from '#shared/use-cases/operator-applications';
import { application, clockAt, inMemoryStores } from '#test/support/in-memory-stores';

const NOW = '2026-03-20T12:00:00.000Z';
const SETTINGS = { stuckAfterSeconds: 24 * 3600, graceSeconds: 300 };
const at = (day: number) => new Date(Date.UTC(2026, 2, day, 10)).toISOString();

describe('a stuck application', () => {
  const open = application({ status: 'IN_REVIEW', updatedAt: at(10) });
  const task = (deadline: string): OpenTask => ({ kind: 'REVIEW', holder: 'exp_1', deadline });
  const now = new Date(NOW);

  it('is open with no running workflow, once past the grace period', () => {
    expect(stuckReasons(open, [], 'MISSING', now, SETTINGS)).toEqual(['NO_RUNNING_WORKFLOW']);
    expect(stuckReasons(open, [], 'ENDED', now, SETTINGS)).toEqual(['NO_RUNNING_WORKFLOW']);
    expect(
      stuckReasons({ ...open, updatedAt: '2026-03-20T11:58:00.000Z' }, [], 'MISSING', now, SETTINGS),
    ).toEqual([]);
  });

  it('has a task whose deadline passed longer ago than the setting', () => {
    expect(stuckReasons(open, [task('2026-03-19T11:00:00.000Z')], 'RUNNING', now, SETTINGS)).toEqual([
      'DEADLINE_LONG_PAST',
    ]);
    expect(stuckReasons(open, [task('2026-03-19T13:00:00.000Z')], 'RUNNING', now, SETTINGS)).toEqual([]);
  });

  it('sits in a machine stage longer than the setting; a closed application never is stuck', () => {
    expect(stuckReasons({ ...open, status: 'CHECKING_ELIGIBILITY' }, [], 'RUNNING', now, SETTINGS)).toEqual([
      'NO_PROGRESS',
    ]);
    expect(stuckReasons({ ...open, status: 'FAILED' }, [], 'MISSING', now, SETTINGS)).toEqual([]);
  });
});

describe("the operators' application list", () => {
  function world() {
    const apps: Application[] = [
      application({
        applicationId: 'app_a',
        status: 'IN_REVIEW',
        type: 'CREATE_CLUSTER',
        createdAt: at(1),
        updatedAt: at(1),
      }),
      application({
        applicationId: 'app_b',
        status: 'AWAITING_SIGNOFF',
        type: 'JOIN_CLUSTER',
        cluster: undefined,
        clusterId: 'clu_1',
        createdAt: at(2),
        updatedAt: at(2),
      }),
      application({
        applicationId: 'app_c',
        status: 'IN_REVIEW',
        type: 'JOIN_CLUSTER',
        createdAt: at(18),
        updatedAt: at(18),
      }),
      application({
        applicationId: 'app_d',
        status: 'FAILED',
        failedStage: 'REVIEW',
        createdAt: at(3),
        updatedAt: at(4),
      }),
      application({ applicationId: 'app_e', status: 'APPROVED', createdAt: at(5), updatedAt: at(6) }),
    ];
    const stores = inMemoryStores(...apps);
    const running = new Set(['app_a', 'app_c']);
    return {
      ...stores,
      workflow: {
        runStatus: async (applicationId: string) =>
          running.has(applicationId) ? ('RUNNING' as const) : ('MISSING' as const),
      },
      clock: clockAt(NOW),
      config: SETTINGS,
    };
  }

  it('lists open applications oldest first with stage, age, workflow and open tasks; pages through them', async () => {
    const deps = world();
    const first = await listApplicationsForOperators({ limit: 2 }, deps);
    expect(first.items.map((item) => item.applicationId)).toEqual(['app_a', 'app_b']);
    expect(first.items[0]).toMatchObject({
      stage: 'REVIEW',
      age: 19 * 24 * 3600 + 2 * 3600,
      workflow: { execution: 'app_a', state: 'RUNNING' },
      stuck: [],
    });
    expect(first.items[1]).toMatchObject({
      stage: 'SIGNOFF',
      workflow: { state: 'MISSING' },
      stuck: ['NO_RUNNING_WORKFLOW'],
    });
    const second = await listApplicationsForOperators({ limit: 2, cursor: first.next ?? undefined }, deps);
    expect(second.items.map((item) => item.applicationId)).toEqual(['app_c']);
    expect(second.next).toBeNull();
  });

  it('filters by status (closed ones from their own list), type, age and stuck', async () => {
    const deps = world();
    const ids = async (query: Parameters<typeof listApplicationsForOperators>[0]) =>
      (await listApplicationsForOperators(query, deps)).items.map((item) => item.applicationId);
    expect(await ids({ limit: 10, status: 'FAILED' })).toEqual(['app_d']);
    expect(
      (await listApplicationsForOperators({ limit: 10, status: 'FAILED' }, deps)).items[0],
    ).toMatchObject({
      stage: 'REVIEW',
      workflow: null,
    });
    expect(await ids({ limit: 10, status: 'IN_REVIEW' })).toEqual(['app_a', 'app_c']);
    expect(await ids({ limit: 10, type: 'JOIN_CLUSTER' })).toEqual(['app_b', 'app_c']);
    expect(await ids({ limit: 10, minAgeDays: 7 })).toEqual(['app_a', 'app_b']);
    expect(await ids({ limit: 10, stuck: true })).toEqual(['app_b']);
    expect(await ids({ limit: 10, stuck: true, status: 'FAILED' })).toEqual([]);
    // A page that filters leave short still goes on: one item per page, three index reads.
    expect(await ids({ limit: 1, type: 'JOIN_CLUSTER' })).toEqual(['app_b']);
  });

  it("shows one application's history with the actors' names", async () => {
    const deps = world();
    await deps.registry.putOfficials([
      { officialId: 'off_a', name: 'Ирина Зайцева', email: 'z@dept.example', role: 'OFFICIAL', active: true },
    ]);
    await deps.applications.appendEvent('app_b', {
      at: at(2),
      action: 'SIGNOFF_DELEGATED',
      actor: 'official:off_a',
    });
    await deps.applications.appendEvent('app_b', { at: at(3), action: 'NOTE', actor: 'operator:anna' });
    const view = await operatorApplicationView('app_b', deps);
    expect(view.history.map((event) => [event.actor, event.actorName])).toEqual([
      ['official:off_a', 'Ирина Зайцева'],
      ['operator:anna', 'anna'],
    ]);
    expect(view).toMatchObject({ applicationId: 'app_b', stage: 'SIGNOFF', stuck: ['NO_RUNNING_WORKFLOW'] });
    expect(view).not.toHaveProperty('requestHash');
    await expect(operatorApplicationView('app_zz', deps)).rejects.toMatchObject({ statusCode: 404 });
  });
});
