import { describe, expect, it } from 'vitest';
import type { Expert } from '#shared/domain/assignment';
import { makeInn } from '#shared/domain/inn';
import { escalationHead, type Official } from '#shared/domain/registry';
import {
  assignExpertsToApplication,
  replaceRecusedExpert,
  requestedReplacement,
} from '#shared/use-cases/assign-experts';
import { reassignmentCandidates } from '#shared/use-cases/operator-applications';
import { officialFor } from '#shared/use-cases/request-signoff';
import { application, clockAt, inMemoryStores } from '#test/support/in-memory-stores';

/**
 * A deactivated expert or official is never given a task again, on every path that gives one:
 * the first assignment, a recusal's replacement, an operator's reassignment (and the candidates
 * the console offers for it), the first sign-off request and the escalation to the head.
 * (Delegation to an inactive official: test/unit/use-cases/signoff-handover.test.ts.)
 */

const APP = 'app_0000000000test';
const NOW = '2026-03-05T12:00:00.000Z';

const expert = (expertId: string, active: boolean, openAssignments = 0): Expert => ({
  expertId,
  name: `Expert ${expertId}`,
  email: `${expertId}@experts.example.org`,
  institution: Number(expertId.replace(/\D/g, '')) % 2 === 0 ? 'CITY' : 'PARTNER_INSTITUTION',
  sectors: ['robotics'],
  affiliationInn: makeInn(40_000 + Number.parseInt(expertId.replace(/\D/g, ''), 10), 'legal'),
  openAssignments,
  active,
});

const official = (officialId: string, role: Official['role'], active: boolean): Official => ({
  officialId,
  name: officialId,
  email: `${officialId}@dept.example`,
  role,
  active,
});

async function world(pool: Expert[], overrides: Parameters<typeof application>[0] = {}) {
  const stores = inMemoryStores(application({ applicationId: APP, ...overrides }));
  await stores.registry.putExperts(pool);
  const deps = {
    ...stores,
    clock: clockAt(NOW),
    config: {
      expertsPerCreate: 3,
      expertsPerJoin: 1,
      reviewTimeoutSeconds: 3600,
      maxReplacementsPerApplication: 3,
    },
  };
  return { stores, deps };
}

describe('a deactivated expert', () => {
  it('is never on a new panel, even when idle and the others are busy', async () => {
    // Arrange: the idle experts are deactivated
    const pool = [
      expert('exp_1', false),
      expert('exp_2', false),
      expert('exp_3', true, 5),
      expert('exp_4', true, 5),
      expert('exp_5', true, 5),
      expert('exp_6', false),
    ];
    const { deps } = await world(pool, { status: 'CHECKING_ELIGIBILITY', review: null });

    // Act
    const result = await assignExpertsToApplication(APP, deps);

    // Assert
    expect(result.experts.map((entry) => entry.expertId).sort()).toEqual(['exp_3', 'exp_4', 'exp_5']);
  });

  it('never replaces a recused expert', async () => {
    const pool = [
      expert('exp_1', true),
      expert('exp_2', true),
      expert('exp_3', true),
      expert('exp_8', false),
    ];
    const { stores, deps } = await world(pool);
    const { link } = await stores.tasks.openReview({
      applicationId: APP,
      expertId: 'exp_1',
      taskToken: 'token',
      linkId: 'link-exp_1-00000000',
      expiresAt: new Date('2026-03-11T10:00:00.000Z'),
      requestedAt: '2026-03-01T10:00:00.000Z',
    });
    await stores.tasks.recordRecusal({
      link,
      expertId: 'exp_1',
      recusal: { reason: 'Unavailable', recusedAt: NOW },
      event: { at: NOW, action: 'RECUSED', actor: 'expert:exp_1' },
    });

    // The only expert left who could replace exp_1 is deactivated: nobody replaces it.
    expect(await replaceRecusedExpert({ applicationId: APP, recusedExpertId: 'exp_1' }, deps)).toEqual({});
    expect((await stores.applications.get(APP))?.review?.expertIds).not.toContain('exp_8');
  });

  it('is refused as an operator’s reassignment, and not offered for it', async () => {
    const pool = [
      expert('exp_1', true),
      expert('exp_2', true),
      expert('exp_3', true),
      expert('exp_8', false),
      expert('exp_9', true),
    ];
    const { stores } = await world(pool);
    const current = await stores.applications.get(APP);
    if (!current) throw new Error('no application');

    expect(await requestedReplacement(current, 'exp_8', stores.registry)).toBe('expert exp_8 is deactivated');
    expect(await requestedReplacement(current, 'exp_9', stores.registry)).toMatchObject({
      expertId: 'exp_9',
    });
    const candidates = await reassignmentCandidates(current, null, { registry: stores.registry });
    expect(candidates.experts.map((entry) => entry.expertId)).toEqual(['exp_9']);
  });
});

describe('a deactivated official', () => {
  it('is never asked to sign off, nor escalated to, nor offered for a reassignment', async () => {
    const officials = [
      official('off_1', 'OFFICIAL', false),
      official('off_2', 'OFFICIAL', true),
      official('off_head_old', 'HEAD', false),
      official('off_head', 'HEAD', true),
    ];
    for (let index = 0; index < 50; index++) {
      expect(officialFor(`app_${index}`, officials)?.officialId).toBe('off_2');
    }
    expect(escalationHead(officials, 'off_2')?.officialId).toBe('off_head');
    expect(escalationHead([official('off_head_old', 'HEAD', false)], 'off_2')).toBeUndefined();

    const { stores } = await world([]);
    await stores.registry.putOfficials(officials);
    const current = await stores.applications.get(APP);
    if (!current) throw new Error('no application');
    const candidates = await reassignmentCandidates(current, 'off_2', { registry: stores.registry });
    expect(candidates.officials.map((entry) => entry.officialId)).toEqual(['off_head']);
  });
});
