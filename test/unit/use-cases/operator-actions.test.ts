import { describe, expect, it } from 'vitest';
import type { Application } from '#shared/domain/application';
import type { Expert } from '#shared/domain/assignment';
import { makeInn } from '#shared/domain/inn';
import type { Official } from '#shared/domain/registry';
import { ConflictError, ValidationError } from '#shared/errors';
import { linkParamsFrom, newLinkId } from '#shared/links/signature';
import { reviewLinkAccess, signoffLinkAccess } from '#shared/use-cases/answer-access';
import { replaceRecusedExpert } from '#shared/use-cases/assign-experts';
import { reassignTask } from '#shared/use-cases/reassign-task';
import { requestSignoff } from '#shared/use-cases/request-signoff';
import { cancelApplication } from '#shared/use-cases/withdraw-application';
import {
  application,
  clockAt,
  fakeMailer,
  inMemoryStores,
  stepConfig,
  testSigner,
} from '#test/support/in-memory-stores';

/** An operator's reassignments and cancellation, through the recusal, delegation and withdrawal machinery. */

const APP = 'app_0000000000test';
const NOW = '2026-03-05T12:00:00.000Z';
const OPERATOR = 'operator:anna';

const expert = (expertId: string, affiliationInn?: string): Expert => ({
  expertId,
  name: `Expert ${expertId}`,
  email: `${expertId}@experts.example.org`,
  institution: 'CITY',
  sectors: ['robotics'],
  affiliationInn:
    affiliationInn ?? makeInn(30_000 + Number.parseInt(expertId.replace(/\D/g, ''), 10), 'legal'),
  openAssignments: 1,
});
const official = (officialId: string, active = true): Official => ({
  officialId,
  name: `Official ${officialId}`,
  email: `${officialId}@dept.example`,
  role: 'OFFICIAL',
  active,
});

function fakeWorkflow() {
  const failed: Array<{ token: string; error: string }> = [];
  const stopped: string[] = [];
  return {
    failed,
    stopped,
    resumeTask: async () => 'resumed' as const,
    failTask: async (token: string, error: string) => {
      failed.push({ token, error });
      return 'resumed' as const;
    },
    stop: async (applicationId: string) => void stopped.push(applicationId),
  };
}

async function world(seed: Partial<Application> = {}) {
  const stores = inMemoryStores(application({ applicationId: APP, ...seed }));
  await stores.registry.putExperts(['exp_1', 'exp_2', 'exp_3', 'exp_4', 'exp_5'].map((id) => expert(id)));
  await stores.registry.putExperts([expert('exp_9', '7707083893')]);
  await stores.registry.putOfficials([official('off_a'), official('off_b'), official('off_gone', false)]);
  const signer = testSigner();
  return {
    stores,
    deps: {
      ...stores,
      signer,
      mailer: fakeMailer(),
      workflow: fakeWorkflow(),
      clock: clockAt(NOW),
      config: stepConfig({ maxReplacementsPerApplication: 0 }),
    },
  };
}
type World = Awaited<ReturnType<typeof world>>;

async function openReview(w: World, expertId: string) {
  const { link } = await w.stores.tasks.openReview({
    applicationId: APP,
    expertId,
    taskToken: `token-${expertId}`,
    linkId: newLinkId(),
    expiresAt: new Date('2026-03-11T10:00:00.000Z'),
    requestedAt: '2026-03-01T10:00:00.000Z',
  });
  const params = await w.deps.signer.sign({
    linkId: link.linkId,
    scope: 'review',
    expiresAt: new Date(link.expiresAt),
  });
  return { link, params };
}

describe('reassigning a review', () => {
  it('closes the old link (409 REASSIGNED) and has the replacement step assign the chosen expert, with a full deadline, past the replacement limit', async () => {
    const w = await world();
    const { params } = await openReview(w, 'exp_1');

    const result = await reassignTask(
      APP,
      { task: 'REVIEW', from: 'exp_1', to: 'exp_5', reason: 'On leave' },
      OPERATOR,
      w.deps,
    );

    expect(result).toEqual({
      applicationId: APP,
      task: 'REVIEW',
      from: 'exp_1',
      to: 'exp_5',
      workflow: 'resumed',
    });
    // The waiting review step ends as after a recusal: the branch asks for the replacement.
    expect(w.deps.workflow.failed).toEqual([{ token: 'token-exp_1', error: 'ExpertRecused' }]);
    await expect(reviewLinkAccess(params, w.deps)).rejects.toMatchObject({
      statusCode: 409,
      code: 'REASSIGNED',
    });
    expect((await w.stores.applications.history(APP)).at(-1)).toMatchObject({
      action: 'REVIEW_REASSIGNED',
      actor: OPERATOR,
      detail: { from: 'exp_1', to: 'exp_5', reason: 'On leave' },
    });

    // The workflow's ReplaceExpert step (maxReplacementsPerApplication is 0 here: an operator's choice is not bound by it).
    const replaced = await replaceRecusedExpert({ applicationId: APP, recusedExpertId: 'exp_1' }, w.deps);
    expect(replaced).toEqual({ expertId: 'exp_5', deadline: '2026-03-15T12:00:00.000Z' });
    expect((await w.stores.applications.get(APP))?.review?.expertIds).toEqual(['exp_2', 'exp_3', 'exp_5']);
    expect((await w.stores.applications.history(APP)).at(-1)).toMatchObject({
      action: 'REPLACEMENT_ASSIGNED',
      detail: { expertId: 'exp_1', replacementId: 'exp_5', reassignedBy: OPERATOR },
    });
  });

  it('refuses an expert already on the panel, one with a conflict of interest, or one not in the directory', async () => {
    const w = await world();
    await openReview(w, 'exp_1');
    for (const to of ['exp_2', 'exp_9', 'exp_404']) {
      await expect(
        reassignTask(APP, { task: 'REVIEW', from: 'exp_1', to }, OPERATOR, w.deps),
        to,
      ).rejects.toBeInstanceOf(ValidationError);
    }
    expect(w.deps.workflow.failed).toEqual([]);
  });

  it('answers 409 for an expert with no open review, and for an application not in review', async () => {
    const w = await world();
    await openReview(w, 'exp_1');
    await expect(
      reassignTask(APP, { task: 'REVIEW', from: 'exp_4', to: 'exp_5' }, OPERATOR, w.deps),
    ).rejects.toMatchObject({ statusCode: 409, code: 'TASK_NOT_OPEN' });
    await reassignTask(APP, { task: 'REVIEW', from: 'exp_1', to: 'exp_5' }, OPERATOR, w.deps);
    await expect(
      reassignTask(APP, { task: 'REVIEW', from: 'exp_1', to: 'exp_4' }, OPERATOR, w.deps),
    ).rejects.toBeInstanceOf(ConflictError);

    const other = await world({ status: 'AWAITING_SIGNOFF' });
    await expect(
      reassignTask(APP, { task: 'REVIEW', from: 'exp_1', to: 'exp_5' }, OPERATOR, other.deps),
    ).rejects.toMatchObject({ statusCode: 409, code: 'NOT_IN_REVIEW' });
  });
});

describe('reassigning the sign-off', () => {
  async function awaitingSignoff() {
    const w = await world({ status: 'AWAITING_SIGNOFF' });
    await requestSignoff({ applicationId: APP, taskToken: 'signoff-token' }, w.deps);
    const task = await w.stores.tasks.getSignoff(APP);
    const params = await w.deps.signer.sign({
      linkId: task?.linkId ?? '',
      scope: 'signoff',
      expiresAt: new Date(task?.deadline ?? NOW),
    });
    return { w, holder: task?.officialId ?? '', params, deadline: task?.deadline };
  }

  it('emails the new holder a link with the deadline that remains; the old link answers 409 REASSIGNED', async () => {
    const { w, holder, params, deadline } = await awaitingSignoff();
    const to = holder === 'off_a' ? 'off_b' : 'off_a';
    w.deps.clock.current = new Date('2026-03-08T12:00:00.000Z');

    const result = await reassignTask(
      APP,
      { task: 'SIGNOFF', to, reason: 'Holder on sick leave' },
      OPERATOR,
      w.deps,
    );

    expect(result).toEqual({ applicationId: APP, task: 'SIGNOFF', from: holder, to, emailed: true });
    await expect(signoffLinkAccess(params, w.deps)).rejects.toMatchObject({
      statusCode: 409,
      code: 'REASSIGNED',
    });
    const task = await w.stores.tasks.getSignoff(APP);
    expect(task).toMatchObject({ officialId: to, status: 'PENDING', deadline });
    const mail = w.deps.mailer.sent.at(-1);
    expect(mail?.to).toEqual([`${to}@dept.example`]);
    const url = new URL(mail?.text.match(/https:\/\/\S+/)?.[0] ?? '');
    const newLink = await w.stores.tasks.getLink(url.pathname.split('/')[2] ?? '');
    expect(newLink).toMatchObject({ officialId: to, expiresAt: deadline });
    const access = await signoffLinkAccess(
      linkParamsFrom('signoff', url.pathname.split('/')[2], Object.fromEntries(url.searchParams)),
      w.deps,
    );
    expect(access.task.officialId).toBe(to);
    expect((await w.stores.applications.history(APP)).at(-1)).toMatchObject({
      action: 'SIGNOFF_REASSIGNED',
      actor: OPERATOR,
      detail: { from: holder, to, comment: 'Holder on sick leave' },
    });
  });

  it('refuses the holder itself, an inactive or unknown official, and answers 409 once decided', async () => {
    const { w, holder } = await awaitingSignoff();
    for (const to of [holder, 'off_gone', 'off_404']) {
      await expect(reassignTask(APP, { task: 'SIGNOFF', to }, OPERATOR, w.deps), to).rejects.toBeInstanceOf(
        ValidationError,
      );
    }
    await w.stores.applications.update(APP, { signoffDecidedAt: NOW });
    await expect(
      reassignTask(APP, { task: 'SIGNOFF', to: holder === 'off_a' ? 'off_b' : 'off_a' }, OPERATOR, w.deps),
    ).rejects.toMatchObject({ statusCode: 409, code: 'NOT_AWAITING_SIGNOFF' });
  });
});

describe('cancelling an application', () => {
  it('ends it WITHDRAWN by the operator with the reason, stops the workflow, closes the tasks and tells the applicant why', async () => {
    const w = await world();
    const { params } = await openReview(w, 'exp_1');

    const cancelled = await cancelApplication(
      APP,
      { reason: 'Duplicate of another application', actor: OPERATOR },
      w.deps,
    );

    expect(cancelled).toMatchObject({
      status: 'WITHDRAWN',
      cancellation: { reason: 'Duplicate of another application', by: OPERATOR },
    });
    expect(w.deps.workflow.stopped).toEqual([APP]);
    expect((await w.stores.tasks.getReview(APP, 'exp_1'))?.status).toBe('CLOSED');
    await expect(reviewLinkAccess(params, w.deps)).rejects.toMatchObject({ code: 'APPLICATION_CLOSED' });
    expect(
      (await w.stores.applications.history(APP)).find((event) => event.status === 'WITHDRAWN'),
    ).toMatchObject({
      status: 'WITHDRAWN',
      action: 'WITHDRAWN',
      actor: OPERATOR,
      detail: { reason: 'Duplicate of another application', cancelledBy: 'operator' },
    });
    const mail = w.deps.mailer.sent.at(-1);
    expect(mail?.to).toEqual(['a@example.org']);
    expect(mail?.text).toContain('Duplicate of another application');

    await expect(cancelApplication(APP, { reason: 'again', actor: OPERATOR }, w.deps)).rejects.toMatchObject({
      statusCode: 409,
    });
  });
});
