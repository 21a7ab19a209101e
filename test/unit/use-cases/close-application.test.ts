import { describe, expect, it, vi } from 'vitest';
import type { Application } from '#shared/domain/application';
import {
  closeApplication,
  closeApplicationAndTasks,
  failureCause,
} from '#shared/use-cases/close-application';
import type { Applications } from '#shared/use-cases/ports';
import { application, clockAt } from '#test/support/in-memory-stores';

function applicationsHolding(current: Application) {
  const transition = vi.fn(async (change: Parameters<Applications['transition']>[0]) => {
    const allowed = change.from.includes(current.status) && (change.precondition?.(current) ?? true);
    return allowed
      ? { changed: true as const, application: { ...current, status: change.to }, previous: current }
      : { changed: false as const, current };
  });
  return { get: async () => current, transition } as unknown as Applications & {
    transition: typeof transition;
  };
}

const deps = (applications: Applications) => ({
  applications,
  registry: { adjustExpertLoad: vi.fn(async () => {}) },
  clock: clockAt('2026-03-20T10:00:00.000Z'),
});

describe('closeApplication', () => {
  it('ends an application waiting for sign-off EXPIRED at the deadline', async () => {
    const applications = applicationsHolding(application({ status: 'AWAITING_SIGNOFF' }));
    const result = await closeApplication(
      { applicationId: 'app_0000000000test', status: 'EXPIRED' },
      deps(applications),
    );
    expect(result).toEqual({ status: 'EXPIRED' });
    expect(applications.transition).toHaveBeenCalledOnce();
  });

  it('keeps a decision the official recorded just before the deadline', async () => {
    const decided = application({ status: 'AWAITING_SIGNOFF', signoffDecidedAt: '2026-03-20T09:59:59.000Z' });
    const applications = applicationsHolding(decided);
    const result = await closeApplication(
      { applicationId: decided.applicationId, status: 'EXPIRED' },
      deps(applications),
    );
    expect(result).toEqual({ status: 'AWAITING_SIGNOFF' });
    expect(applications.transition).not.toHaveBeenCalled();
  });

  it('records FAILED with the message of the Lambda error, not its stack', async () => {
    const applications = applicationsHolding(application({ status: 'IN_REVIEW' }));
    const failure = {
      Error: 'Error',
      Cause: JSON.stringify({ errorMessage: 'expert pool unreachable', trace: ['at x'] }),
    };
    await closeApplication(
      { applicationId: 'app_0000000000test', status: 'FAILED', failure },
      deps(applications),
    );
    expect(applications.transition.mock.calls[0]?.[0].patch).toEqual({
      failureCause: 'Error: expert pool unreachable',
      failedStage: 'REVIEW',
    });
    expect(failureCause(undefined)).toBe('unknown failure');
  });
});

describe('closeApplicationAndTasks', () => {
  const tasks = () => ({ closeTasks: vi.fn(async () => 0), forgetTaskTokens: vi.fn(async () => 0) });

  it('closes the open tasks of an application that ended EXPIRED', async () => {
    const taskStore = tasks();
    const applications = applicationsHolding(application({ status: 'AWAITING_SIGNOFF' }));
    await closeApplicationAndTasks(
      { applicationId: 'app_0000000000test', status: 'EXPIRED' },
      { ...deps(applications), tasks: taskStore },
    );
    expect(taskStore.closeTasks).toHaveBeenCalledWith(
      'app_0000000000test',
      ['consent', 'review', 'signoff', 'amendment'],
      expect.any(String),
    );
    expect(taskStore.forgetTaskTokens).not.toHaveBeenCalled();
  });

  it('leaves the tasks of a FAILED application open (a redrive takes them up) and only forgets their tokens', async () => {
    const taskStore = tasks();
    const applications = applicationsHolding(application({ status: 'IN_REVIEW' }));
    await closeApplicationAndTasks(
      { applicationId: 'app_0000000000test', status: 'FAILED', failure: { Error: 'Error', Cause: 'x' } },
      { ...deps(applications), tasks: taskStore },
    );
    expect(taskStore.forgetTaskTokens).toHaveBeenCalledWith('app_0000000000test', [
      'consent',
      'review',
      'signoff',
      'amendment',
    ]);
    expect(taskStore.closeTasks).not.toHaveBeenCalled();
  });
});
