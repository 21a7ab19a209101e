import { describe, expect, it } from 'vitest';
import type { Application } from '#shared/domain/application';
import { newLinkId } from '#shared/links/signature';
import { cancelApplication, withdrawApplication } from '#shared/use-cases/withdraw-application';
import {
  application,
  clockAt,
  fakeMailer,
  inMemoryStores,
  testExpert,
  throttledError,
} from '#test/support/in-memory-stores';

/**
 * A withdrawal or an operator's cancellation that fails after its status changed (a throttled
 * StopExecution, a failed load update, a mail outage) is finished by a retry of the same act:
 * every step once, the answer the first attempt would have given. Anyone else's retry stays 409.
 */

const APP = 'app_0000000000test';
const NOW = '2026-03-05T12:00:00.000Z';
const OPERATOR = 'operator:anna';
const INN = '7707083893';
const PANEL = ['exp_1', 'exp_2', 'exp_3'];

/** Fails the next `times` calls of `work` with a throttling error, then runs it. */
function failing<A extends unknown[], R>(times: number, work: (...args: A) => Promise<R>) {
  let left = times;
  return async (...args: A): Promise<R> => {
    if (left > 0) {
      left -= 1;
      throw throttledError();
    }
    return work(...args);
  };
}

async function world(seed: Partial<Application> = {}) {
  const stores = inMemoryStores(application({ applicationId: APP, ...seed }));
  await stores.registry.putExperts(['exp_1', 'exp_2', 'exp_3', 'exp_4'].map((id) => testExpert(id)));
  for (const expertId of PANEL) {
    await stores.tasks.openReview({
      applicationId: APP,
      expertId,
      taskToken: `token-${expertId}`,
      linkId: newLinkId(),
      expiresAt: new Date('2026-03-11T10:00:00.000Z'),
      requestedAt: '2026-03-01T10:00:00.000Z',
    });
  }
  const stopped: string[] = [];
  const workflow = { stop: async (applicationId: string) => void stopped.push(applicationId) };
  const deps = { ...stores, workflow, mailer: fakeMailer(), clock: clockAt(NOW) };
  return { stores, deps, stopped };
}
type World = Awaited<ReturnType<typeof world>>;

const loads = async (w: World) =>
  Promise.all(PANEL.map(async (expertId) => (await w.stores.registry.getExpert(expertId))?.openAssignments));
const taskStatuses = async (w: World) =>
  Promise.all(PANEL.map(async (expertId) => (await w.stores.tasks.getReview(APP, expertId))?.status));
const tokens = async (w: World) =>
  Promise.all(
    PANEL.map((expertId) => w.stores.tasks.taskToken({ kind: 'review', applicationId: APP, expertId })),
  );

describe('an operator cancel that failed after the status changed', () => {
  it('is finished by its retry: the execution stopped, the tasks closed, the load given back once, one email, 200', async () => {
    const w = await world();
    w.deps.workflow.stop = failing(1, w.deps.workflow.stop);
    const cancel = () =>
      cancelApplication(APP, { reason: 'Duplicate of another application', actor: OPERATOR }, w.deps);

    await expect(cancel()).rejects.toMatchObject({ name: 'ThrottlingException' });
    // Committed, and the steps that do not need the stop were not skipped.
    expect((await w.stores.applications.get(APP))?.status).toBe('WITHDRAWN');
    expect(await taskStatuses(w)).toEqual(['CLOSED', 'CLOSED', 'CLOSED']);
    expect(await loads(w)).toEqual([0, 0, 0]);
    expect(w.deps.mailer.sent).toHaveLength(1);
    expect(w.stopped).toEqual([]);

    const retried = await cancel();

    expect(retried).toMatchObject({
      status: 'WITHDRAWN',
      cancellation: { reason: 'Duplicate of another application', by: OPERATOR },
      withdrawal: { by: OPERATOR, at: NOW, settledAt: NOW },
    });
    expect(w.stopped).toEqual([APP]);
    expect(await loads(w)).toEqual([0, 0, 0]);
    expect(await loads(w)).not.toContain(-1);
    const emails = w.deps.mailer.sent;
    expect(emails).toHaveLength(1);
    expect(emails[0]?.text).toContain('Duplicate of another application');
    const history = await w.stores.applications.history(APP);
    expect(history.filter((event) => event.status === 'WITHDRAWN')).toHaveLength(1);
    expect(history.filter((event) => event.action === 'APPLICANT_NOTIFIED')).toHaveLength(1);

    // Finished: the same request again is the 409 it always was.
    await expect(cancel()).rejects.toMatchObject({ statusCode: 409, code: 'ALREADY_DECIDED' });
    expect(w.stopped).toEqual([APP]);
    expect(await loads(w)).toEqual([0, 0, 0]);
  });

  it('gives each expert its load back exactly once when the load update of one failed', async () => {
    const w = await world();
    const adjust = w.stores.registry.adjustExpertLoad;
    let failedOnce = false;
    w.stores.registry.adjustExpertLoad = async (expertIds, delta) => {
      if (!failedOnce && expertIds.includes('exp_2')) {
        failedOnce = true;
        throw throttledError();
      }
      return adjust(expertIds, delta);
    };
    const cancel = () => cancelApplication(APP, { reason: 'Filed twice', actor: OPERATOR }, w.deps);

    await expect(cancel()).rejects.toMatchObject({ name: 'ThrottlingException' });
    expect(await loads(w)).toEqual([0, 1, 0]);
    // The other steps ran: the applicant was told, the execution stopped.
    expect(w.stopped).toEqual([APP]);
    expect(w.deps.mailer.sent).toHaveLength(1);

    await expect(cancel()).resolves.toMatchObject({ status: 'WITHDRAWN' });
    expect(await loads(w)).toEqual([0, 0, 0]);
    expect(w.deps.mailer.sent).toHaveLength(1);
  });

  it('stays 409 for anyone but that operator with that reason, and for an application decided', async () => {
    const w = await world();
    w.deps.workflow.stop = failing(1, w.deps.workflow.stop);
    await expect(
      cancelApplication(APP, { reason: 'Filed twice', actor: OPERATOR }, w.deps),
    ).rejects.toBeDefined();

    for (const attempt of [
      () => cancelApplication(APP, { reason: 'Filed twice', actor: 'operator:boris' }, w.deps),
      () => cancelApplication(APP, { reason: 'Another reason', actor: OPERATOR }, w.deps),
      () => withdrawApplication(APP, INN, w.deps),
    ]) {
      await expect(attempt()).rejects.toMatchObject({ statusCode: 409, code: 'ALREADY_DECIDED' });
    }
    expect(w.stopped).toEqual([]);

    const decided = await world({ status: 'AWAITING_SIGNOFF', signoffDecidedAt: NOW });
    await expect(
      cancelApplication(APP, { reason: 'Filed twice', actor: OPERATOR }, decided.deps),
    ).rejects.toMatchObject({ statusCode: 409, code: 'ALREADY_DECIDED' });
  });
});

describe('an applicant withdrawal that failed after the status changed', () => {
  it('is finished by the applicant retrying, with the withdrawal email sent once when the mail was down', async () => {
    const w = await world();
    w.deps.mailer.send = failing(1, w.deps.mailer.send);
    w.deps.workflow.stop = failing(1, w.deps.workflow.stop);

    await expect(withdrawApplication(APP, INN, w.deps)).rejects.toBeInstanceOf(AggregateError);
    expect(w.deps.mailer.sent).toHaveLength(0);
    expect(await tokens(w)).toEqual([null, null, null]);

    const retried = await withdrawApplication(APP, INN, w.deps);

    expect(retried).toMatchObject({ status: 'WITHDRAWN', withdrawal: { by: `applicant:${INN}` } });
    expect(retried.cancellation).toBeUndefined();
    expect(w.stopped).toEqual([APP]);
    expect(await taskStatuses(w)).toEqual(['CLOSED', 'CLOSED', 'CLOSED']);
    expect(await loads(w)).toEqual([0, 0, 0]);
    expect(w.deps.mailer.sent).toHaveLength(1);
    expect(w.deps.mailer.sent[0]?.to).toEqual(['a@example.org']);

    await expect(withdrawApplication(APP, INN, w.deps)).rejects.toMatchObject({ statusCode: 409 });
  });

  it('does not hand an operator’s half-finished cancellation to the applicant', async () => {
    const w = await world();
    w.deps.workflow.stop = failing(1, w.deps.workflow.stop);
    await expect(
      cancelApplication(APP, { reason: 'Filed twice', actor: OPERATOR }, w.deps),
    ).rejects.toBeDefined();
    await expect(withdrawApplication(APP, INN, w.deps)).rejects.toMatchObject({ statusCode: 409 });
    // The operator's own retry still finishes it.
    await expect(
      cancelApplication(APP, { reason: 'Filed twice', actor: OPERATOR }, w.deps),
    ).resolves.toMatchObject({ status: 'WITHDRAWN' });
    expect(w.stopped).toEqual([APP]);
  });

  it('gives back no load for an application withdrawn after its review was tallied, and none twice for one withdrawn before this record existed', async () => {
    const tallied = await world({
      status: 'AWAITING_SIGNOFF',
      tally: {
        assigned: 3,
        received: 3,
        quorum: 2,
        quorumMet: true,
        recommendations: { APPROVE: 3, REJECT: 0 },
        averageScores: { innovation: 8, feasibility: 8, cooperation: 8 },
      },
    });
    tallied.deps.workflow.stop = failing(1, tallied.deps.workflow.stop);
    await expect(withdrawApplication(APP, INN, tallied.deps)).rejects.toBeDefined();
    await withdrawApplication(APP, INN, tallied.deps);
    expect(await loads(tallied)).toEqual([1, 1, 1]);

    // WITHDRAWN with no `withdrawal` record: whatever it set off is not known to be owed.
    const legacy = await world({ status: 'WITHDRAWN' });
    await expect(withdrawApplication(APP, INN, legacy.deps)).rejects.toMatchObject({ statusCode: 409 });
    expect(await loads(legacy)).toEqual([1, 1, 1]);
    expect(legacy.stopped).toEqual([]);
  });
});
