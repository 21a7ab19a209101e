import { describe, expect, it } from 'vitest';
import type { Expert, Institution } from '#shared/domain/assignment';
import { makeInn } from '#shared/domain/inn';
import { tallyReviews } from '#shared/domain/tally';
import { replaceRecusedExpert } from '#shared/use-cases/assign-experts';
import { tallyApplicationReviews } from '#shared/use-cases/tally-reviews';
import { application, clockAt, inMemoryStores } from '#test/support/in-memory-stores';

const APP = 'app_0000000000test';
const NOW = '2026-03-05T12:00:00.000Z';

function expert(expertId: string, institution: Institution, openAssignments = 0): Expert {
  return {
    expertId,
    name: `Expert ${expertId}`,
    email: `${expertId}@experts.example.org`,
    institution,
    sectors: ['robotics'],
    affiliationInn: makeInn(30_000 + Number.parseInt(expertId.replace(/\D/g, ''), 10), 'legal'),
    openAssignments,
  };
}

async function world(pool: Expert[], maxReplacementsPerApplication = 3) {
  const stores = inMemoryStores(application({ applicationId: APP }));
  await stores.registry.putExperts(pool);
  const deps = {
    ...stores,
    clock: clockAt(NOW),
    config: {
      expertsPerCreate: 3,
      expertsPerJoin: 1,
      reviewTimeoutSeconds: 3600,
      maxReplacementsPerApplication,
    },
  };
  return { stores, deps };
}

/** What the review page records when an expert declines. */
async function recuse(stores: Awaited<ReturnType<typeof world>>['stores'], expertId: string) {
  const { link } = await stores.tasks.openReview({
    applicationId: APP,
    expertId,
    taskToken: `token-${expertId}`,
    linkId: `link-${expertId}-0000000000`,
    expiresAt: new Date('2026-03-11T10:00:00.000Z'),
    requestedAt: '2026-03-01T10:00:00.000Z',
  });
  const outcome = await stores.tasks.recordRecusal({
    link,
    expertId,
    recusal: { reason: 'Conflict of interest', recusedAt: NOW },
    event: { at: NOW, action: 'RECUSED', actor: `expert:${expertId}` },
  });
  expect(outcome).toBe('recorded');
}

describe('replacing a recused expert', () => {
  it('assigns a replacement of the institution the panel lacks, with a full deadline of its own, and moves the load', async () => {
    const pool = [
      expert('exp_1', 'PARTNER_INSTITUTION', 1),
      expert('exp_2', 'CITY', 1),
      expert('exp_3', 'CITY', 1),
      expert('exp_4', 'CITY'),
      expert('exp_5', 'PARTNER_INSTITUTION', 2),
    ];
    const { stores, deps } = await world(pool);
    await recuse(stores, 'exp_1');

    const output = await replaceRecusedExpert({ applicationId: APP, recusedExpertId: 'exp_1' }, deps);

    expect(output).toEqual({ expertId: 'exp_5', deadline: '2026-03-05T13:00:00.000Z' });
    const stored = await stores.applications.get(APP);
    expect(stored?.review).toMatchObject({
      expertIds: ['exp_2', 'exp_3', 'exp_5'],
      panelSize: 3,
      recusals: [
        {
          expertId: 'exp_1',
          reason: 'Conflict of interest',
          replacementId: 'exp_5',
          replacementDeadline: '2026-03-05T13:00:00.000Z',
        },
      ],
    });
    expect((await stores.registry.getExpert('exp_1'))?.openAssignments).toBe(0);
    expect((await stores.registry.getExpert('exp_5'))?.openAssignments).toBe(3);
    const history = await stores.applications.history(APP);
    expect(history.at(-1)).toMatchObject({
      action: 'REPLACEMENT_ASSIGNED',
      actor: 'system',
      detail: { expertId: 'exp_1', replacementId: 'exp_5', reason: 'Conflict of interest' },
    });

    // A retried step returns what was recorded and changes nothing more.
    expect(await replaceRecusedExpert({ applicationId: APP, recusedExpertId: 'exp_1' }, deps)).toEqual(
      output,
    );
    expect((await stores.registry.getExpert('exp_5'))?.openAssignments).toBe(3);
    expect((await stores.applications.history(APP)).length).toBe(history.length);
  });

  it('never assigns anyone assigned before, a recused expert included', async () => {
    const pool = ['exp_1', 'exp_2', 'exp_3', 'exp_4', 'exp_5'].map((id) => expert(id, 'CITY'));
    const { stores, deps } = await world(pool);
    await recuse(stores, 'exp_1');
    expect(await replaceRecusedExpert({ applicationId: APP, recusedExpertId: 'exp_1' }, deps)).toMatchObject({
      expertId: expect.stringMatching(/^exp_[45]$/),
    });
    const first = (await stores.applications.get(APP))?.review?.expertIds.at(-1) ?? '';
    await recuse(stores, first);
    const second = await replaceRecusedExpert({ applicationId: APP, recusedExpertId: first }, deps);
    expect(second.expertId).toBe(first === 'exp_4' ? 'exp_5' : 'exp_4');
    await recuse(stores, second.expertId ?? '');
    const third = await replaceRecusedExpert(
      { applicationId: APP, recusedExpertId: second.expertId ?? '' },
      deps,
    );
    expect(third).toEqual({});
    const review = (await stores.applications.get(APP))?.review;
    expect(review?.expertIds).toEqual(['exp_2', 'exp_3']);
    expect(review?.panelSize).toBe(3);
    expect((await stores.applications.history(APP)).at(-1)).toMatchObject({ action: 'NO_REPLACEMENT' });
  });

  it('stops replacing at the configured limit, and the quorum still counts the panel first assigned', async () => {
    const pool = ['exp_1', 'exp_2', 'exp_3', 'exp_4', 'exp_5'].map((id) => expert(id, 'CITY'));
    const { stores, deps } = await world(pool, 0);
    await recuse(stores, 'exp_1');

    expect(await replaceRecusedExpert({ applicationId: APP, recusedExpertId: 'exp_1' }, deps)).toEqual({});
    expect((await stores.applications.history(APP)).at(-1)).toMatchObject({
      action: 'NO_REPLACEMENT',
      detail: { cause: expect.stringContaining('0 replacements') },
    });

    // One of the two remaining experts answers: 1 of 3 is short of the majority (2), EXPIRED.
    const { link } = await stores.tasks.openReview({
      applicationId: APP,
      expertId: 'exp_2',
      taskToken: 't2',
      linkId: 'link-exp_2-0000000000',
      expiresAt: new Date('2026-03-11T10:00:00.000Z'),
      requestedAt: '2026-03-01T10:00:00.000Z',
    });
    await stores.tasks.recordReview({
      link,
      expertId: 'exp_2',
      answer: {
        recommendation: 'APPROVE',
        scores: { innovation: 8, feasibility: 8, cooperation: 8 },
        answeredAt: NOW,
      },
      event: { at: NOW, action: 'REVIEW_SUBMITTED', actor: 'expert:exp_2' },
    });
    const tally = await tallyApplicationReviews(APP, { ...deps, config: { quorum: undefined } });
    expect(tally).toEqual({ quorumMet: false, received: 1, assigned: 3 });
    expect((await stores.applications.get(APP))?.status).toBe('EXPIRED');
  });

  it('refuses to replace an expert who has not recused', async () => {
    const { deps } = await world([expert('exp_4', 'CITY')]);
    await expect(
      replaceRecusedExpert({ applicationId: APP, recusedExpertId: 'exp_1' }, deps),
    ).rejects.toThrow(/has not recused/);
  });
});

describe('the tally after recusals', () => {
  it('counts the quorum against the experts first assigned', () => {
    expect(tallyReviews(3, [], undefined).quorum).toBe(2);
    const two = ['exp_2', 'exp_3'].map((expertId) => ({
      expertId,
      recommendation: 'APPROVE' as const,
      scores: { innovation: 7, feasibility: 7, cooperation: 7 },
    }));
    expect(tallyReviews(3, two)).toMatchObject({ assigned: 3, received: 2, quorumMet: true });
    expect(tallyReviews(3, two.slice(0, 1))).toMatchObject({ assigned: 3, quorumMet: false });
  });
});
