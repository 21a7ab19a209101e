import { describe, expect, it, vi } from 'vitest';
import type { Application } from '#shared/domain/application';
import { closeApplication, failureCause } from '#shared/use-cases/close-application';
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
