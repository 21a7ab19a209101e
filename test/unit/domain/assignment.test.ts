import { describe, expect, it } from 'vitest';
import { type AssignmentRequest, assignExperts, type Expert, stableHash } from '#shared/domain/assignment';
import { makeInn } from '#shared/domain/inn';
import { relatedSectorsOf, SECTORS, type Sector } from '#shared/domain/sectors';

/** Tiny seeded PRNG so the property-style loops are reproducible. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function expert(id: string, sectors: Sector[], overrides: Partial<Expert> = {}): Expert {
  return {
    expertId: id,
    name: `Expert ${id}`,
    email: `${id}@experts.example`,
    institution: 'CITY',
    sectors,
    affiliationInn: makeInn(10_000 + Number.parseInt(id.replace(/\D/g, '') || '0', 10), 'legal'),
    openAssignments: 0,
    ...overrides,
  };
}

function request(overrides: Partial<AssignmentRequest> = {}): AssignmentRequest {
  return {
    applicationId: 'app-1',
    sectors: ['electronics'],
    count: 3,
    conflictedInns: new Set(),
    ...overrides,
  };
}

const idsOf = (result: ReturnType<typeof assignExperts>): string[] =>
  result.ok ? result.experts.map((e) => e.expertId) : [];

describe('assignExperts', () => {
  it('picks experts of the application sectors', () => {
    // Arrange
    const pool = [
      expert('e1', ['electronics']),
      expert('e2', ['biopharma']),
      expert('e3', ['electronics', 'it']),
      expert('e4', ['microelectronics']),
      expert('e5', ['electronics']),
    ];

    // Act
    const result = assignExperts(request({ count: 3 }), pool);

    // Assert
    expect(result.ok).toBe(true);
    expect(idsOf(result).sort()).toEqual(['e1', 'e3', 'e5']);
    expect(result).toMatchObject({ usedRelatedSectors: false });
  });

  it('counts an expert as matching when any of their sectors is among the application sectors', () => {
    const pool = [expert('e1', ['biopharma', 'robotics']), expert('e2', ['microelectronics'])];

    const result = assignExperts(request({ sectors: ['robotics', 'medicine'], count: 1 }), pool);

    expect(idsOf(result)).toEqual(['e1']);
  });

  it('never picks an expert affiliated with a conflicted organization', () => {
    const conflicted = makeInn(10_001, 'legal');
    const pool = [
      expert('e1', ['electronics']),
      expert('e2', ['electronics']),
      expert('e3', ['electronics']),
    ];

    const result = assignExperts(request({ count: 3, conflictedInns: new Set([conflicted]) }), pool);

    expect(pool[0]?.affiliationInn).toBe(conflicted);
    expect(idsOf(result).sort()).toEqual(['e2', 'e3']);
  });

  it('never picks a conflicted expert, over many random pools (property)', () => {
    const random = mulberry32(20_240_601);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
    const affiliations = Array.from({ length: 12 }, (_, i) => makeInn(500 + i, 'legal'));

    for (let run = 0; run < 500; run++) {
      // Arrange
      const pool = Array.from({ length: 1 + Math.floor(random() * 25) }, (_, i) =>
        expert(`e${i}`, [pick(SECTORS), pick(SECTORS)], {
          affiliationInn: pick(affiliations),
          openAssignments: Math.floor(random() * 4),
        }),
      );
      const conflictedInns = new Set(affiliations.filter(() => random() < 0.4));
      const sectors = [pick(SECTORS), pick(SECTORS)];
      const count = 1 + Math.floor(random() * 4);

      // Act
      const result = assignExperts({ applicationId: `app-${run}`, sectors, count, conflictedInns }, pool);

      // Assert
      const allowed = new Set([...sectors, ...relatedSectorsOf(sectors)]);
      const candidates = pool.filter(
        (e) => !conflictedInns.has(e.affiliationInn) && e.sectors.some((s) => allowed.has(s)),
      );
      if (candidates.length === 0) {
        expect(result.ok, `run ${run}`).toBe(false);
        continue;
      }
      expect(result.ok, `run ${run}`).toBe(true);
      if (!result.ok) continue;
      expect(result.experts.length, `run ${run}`).toBe(Math.min(count, candidates.length));
      expect(new Set(result.experts.map((e) => e.expertId)).size, `run ${run}`).toBe(result.experts.length);
      for (const chosen of result.experts) {
        expect(conflictedInns.has(chosen.affiliationInn), `run ${run}: ${chosen.expertId}`).toBe(false);
        expect(
          chosen.sectors.some((s) => allowed.has(s)),
          `run ${run}: ${chosen.expertId}`,
        ).toBe(true);
      }
    }
  });

  it('gives the same result for the same inputs, whatever the pool order', () => {
    // Arrange
    const pool = Array.from({ length: 10 }, (_, i) => expert(`e${i}`, ['electronics']));
    const shuffled = [...pool].reverse();

    // Act
    const first = assignExperts(request({ applicationId: 'app-42' }), pool);
    const again = assignExperts(request({ applicationId: 'app-42' }), pool);
    const reordered = assignExperts(request({ applicationId: 'app-42' }), shuffled);

    // Assert
    expect(idsOf(again)).toEqual(idsOf(first));
    expect(idsOf(reordered)).toEqual(idsOf(first));
  });

  it('prefers the least loaded experts', () => {
    const pool = [
      expert('e1', ['electronics'], { openAssignments: 5 }),
      expert('e2', ['electronics'], { openAssignments: 0 }),
      expert('e3', ['electronics'], { openAssignments: 2 }),
      expert('e4', ['electronics'], { openAssignments: 1 }),
    ];

    const result = assignExperts(request({ count: 3 }), pool);

    expect(idsOf(result)).toEqual(['e2', 'e4', 'e3']);
  });

  it('spreads 100 applications over an equally loaded pool', () => {
    // Arrange
    const pool = Array.from({ length: 10 }, (_, i) => expert(`e${i}`, ['electronics']));
    const picks = new Map<string, number>(pool.map((e) => [e.expertId, 0]));

    // Act
    for (let n = 0; n < 100; n++) {
      for (const id of idsOf(assignExperts(request({ applicationId: `app-${n}`, count: 3 }), pool))) {
        picks.set(id, (picks.get(id) ?? 0) + 1);
      }
    }

    // Assert
    const counts = [...picks.values()];
    const average = 300 / pool.length;
    expect(counts.reduce((a, b) => a + b, 0)).toBe(300);
    expect(Math.max(...counts)).toBeLessThanOrEqual(2 * average);
    expect(Math.min(...counts)).toBeGreaterThanOrEqual(average / 2);
  });

  it('spreads application ids that differ only in their last character', () => {
    const pool = Array.from({ length: 6 }, (_, i) => expert(`e${i}`, ['electronics']));

    const firsts = new Set(
      Array.from(
        { length: 10 },
        (_, n) => idsOf(assignExperts(request({ applicationId: `app-${n}`, count: 1 }), pool))[0],
      ),
    );

    expect(firsts.size).toBeGreaterThan(2);
  });

  it('falls back to related sectors when conflicts leave too few, and says so', () => {
    // Arrange
    const conflicted = makeInn(777, 'legal');
    const pool = [
      expert('e1', ['biopharma'], { affiliationInn: conflicted }),
      expert('e2', ['biopharma']),
      expert('e3', ['medicine']),
      expert('e4', ['nanotech'], { openAssignments: 3 }),
      expert('e5', ['it']),
    ];

    // Act
    const result = assignExperts(
      request({ sectors: ['biopharma'], count: 3, conflictedInns: new Set([conflicted]) }),
      pool,
    );

    // Assert
    expect(result).toMatchObject({ ok: true, usedRelatedSectors: true });
    expect(idsOf(result)).toEqual(['e2', 'e3', 'e4']);
  });

  it('does not use related sectors while own-sector experts suffice, even busier ones', () => {
    const pool = [
      expert('e1', ['biopharma'], { openAssignments: 9 }),
      expert('e2', ['medicine'], { openAssignments: 0 }),
    ];

    const result = assignExperts(request({ sectors: ['biopharma'], count: 1 }), pool);

    expect(result).toMatchObject({ ok: true, usedRelatedSectors: false });
    expect(idsOf(result)).toEqual(['e1']);
  });

  it('assigns fewer than asked when that is all there is', () => {
    const pool = [expert('e1', ['robotics']), expert('e2', ['biopharma'])];

    const result = assignExperts(request({ sectors: ['robotics'], count: 3 }), pool);

    expect(result).toMatchObject({ ok: true, usedRelatedSectors: false });
    expect(idsOf(result)).toEqual(['e1']);
  });

  it('fails with a cause naming the sectors when no expert can be assigned', () => {
    // Arrange
    const conflicted = makeInn(778, 'legal');
    const pool = [
      expert('e1', ['biopharma'], { affiliationInn: conflicted }),
      expert('e2', ['it']),
      expert('e3', ['robotics']),
    ];

    // Act
    const result = assignExperts(
      request({ sectors: ['biopharma'], count: 3, conflictedInns: new Set([conflicted]) }),
      pool,
    );

    // Assert
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.cause).toContain('biopharma');
    expect(result.cause).toContain('medicine');
  });

  it('fails for an empty pool', () => {
    expect(assignExperts(request(), [])).toMatchObject({ ok: false });
  });

  it('counts an expert listed twice in the pool once', () => {
    const pool = [expert('e1', ['electronics']), expert('e1', ['electronics'])];

    expect(idsOf(assignExperts(request({ count: 3 }), pool))).toEqual(['e1']);
  });

  it('never picks a deactivated expert, even the least loaded or the only one of an institution', () => {
    // Arrange: the idle experts are deactivated; the busy one is the only active one
    const pool = [
      expert('e1', ['electronics'], { active: false }),
      expert('e2', ['electronics'], { active: false, institution: 'PARTNER_INSTITUTION' }),
      expert('e3', ['electronics'], { openAssignments: 9 }),
      expert('e4', ['it'], { active: false }),
    ];

    // Act
    const result = assignExperts(request({ count: 3, jointPanel: true }), pool);

    // Assert: only e3; an expert stored without the flag counts as active
    expect(idsOf(result)).toEqual(['e3']);
    expect(idsOf(assignExperts(request({ count: 1 }), [expert('e5', ['electronics'])]))).toEqual(['e5']);
  });

  it('fails when every expert of the sectors is deactivated', () => {
    const pool = [expert('e1', ['electronics'], { active: false })];

    expect(assignExperts(request({ count: 1 }), pool).ok).toBe(false);
  });

  it.each([0, -1, 1.5])('rejects a count of %d', (count) => {
    expect(() => assignExperts(request({ count }), [expert('e1', ['electronics'])])).toThrow(RangeError);
  });
});

describe('stableHash', () => {
  it('is a deterministic unsigned 32-bit value', () => {
    expect(stableHash('app-1\u0000e1')).toBe(stableHash('app-1\u0000e1'));
    expect(stableHash('')).toBeGreaterThanOrEqual(0);
    expect(stableHash('x')).toBeLessThan(2 ** 32);
    expect(stableHash('a')).not.toBe(stableHash('b'));
  });
});
