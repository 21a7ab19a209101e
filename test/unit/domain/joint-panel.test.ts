import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assignExperts, type Expert, INSTITUTIONS, type Institution } from '#shared/domain/assignment';
import { makeInn } from '#shared/domain/inn';
import { relatedSectorsOf, SECTORS, type Sector } from '#shared/domain/sectors';

function expert(
  id: string,
  institution: Institution,
  sectors: Sector[],
  overrides: Partial<Expert> = {},
): Expert {
  return {
    expertId: id,
    name: `Expert ${id}`,
    email: `${id}@experts.example`,
    institution,
    sectors,
    affiliationInn: makeInn(20_000 + Number.parseInt(id.replace(/\D/g, '') || '0', 10), 'legal'),
    openAssignments: 0,
    ...overrides,
  };
}

const base = {
  applicationId: 'app-1',
  sectors: ['electronics'] as Sector[],
  conflictedInns: new Set<string>(),
};
const idsOf = (result: ReturnType<typeof assignExperts>): string[] =>
  result.ok ? result.experts.map((e) => e.expertId) : [];

describe('joint examination: a panel of both institutions', () => {
  it('takes a less loaded partner-institution expert over a third city expert', () => {
    const pool = [
      expert('c1', 'CITY', ['electronics']),
      expert('c2', 'CITY', ['electronics']),
      expert('c3', 'CITY', ['electronics']),
      expert('p1', 'PARTNER_INSTITUTION', ['electronics'], { openAssignments: 5 }),
    ];

    const joint = assignExperts({ ...base, count: 3, jointPanel: true }, pool);
    const plain = assignExperts({ ...base, count: 3 }, pool);

    expect(idsOf(joint)).toContain('p1');
    expect(idsOf(joint)).toHaveLength(3);
    expect(idsOf(plain)).not.toContain('p1');
  });

  it('uses a related-sector expert for the missing institution, and says so', () => {
    const pool = [
      expert('c1', 'CITY', ['electronics']),
      expert('c2', 'CITY', ['electronics']),
      expert('c3', 'CITY', ['electronics']),
      expert('p1', 'PARTNER_INSTITUTION', ['microelectronics']),
    ];

    const result = assignExperts({ ...base, count: 3, jointPanel: true }, pool);

    expect(idsOf(result)).toContain('p1');
    expect(result).toMatchObject({ ok: true, usedRelatedSectors: true });
  });

  it('stays one institution when the pool has no other (after conflicts)', () => {
    const conflicted = makeInn(20_009, 'legal');
    const pool = [
      expert('c1', 'CITY', ['electronics']),
      expert('c2', 'CITY', ['electronics']),
      expert('p9', 'PARTNER_INSTITUTION', ['electronics']),
    ];

    const result = assignExperts(
      { ...base, count: 3, jointPanel: true, conflictedInns: new Set([conflicted]) },
      pool,
    );

    expect(pool[2]?.affiliationInn).toBe(conflicted);
    expect(idsOf(result).sort()).toEqual(['c1', 'c2']);
  });

  it('gives a replacement of the institution the remaining panel lacks, never anyone excluded', () => {
    const pool = [
      expert('c1', 'CITY', ['electronics']),
      expert('c2', 'CITY', ['electronics']),
      expert('p1', 'PARTNER_INSTITUTION', ['electronics'], { openAssignments: 3 }),
      expert('p2', 'PARTNER_INSTITUTION', ['electronics'], { openAssignments: 4 }),
    ];

    const result = assignExperts(
      {
        ...base,
        count: 1,
        jointPanel: true,
        panelInstitutions: ['CITY', 'CITY'],
        excludedExpertIds: new Set(['c1', 'p1']),
      },
      pool,
    );

    expect(idsOf(result)).toEqual(['p2']);
  });

  it('fails when everyone is excluded', () => {
    const pool = [expert('c1', 'CITY', ['electronics'])];
    const result = assignExperts({ ...base, count: 1, excludedExpertIds: new Set(['c1']) }, pool);
    expect(result.ok).toBe(false);
  });

  it('holds over random pools (property)', () => {
    const expertArb = fc.record({
      institution: fc.constantFrom(...INSTITUTIONS),
      sectors: fc.uniqueArray(fc.constantFrom(...SECTORS), { minLength: 1, maxLength: 2 }),
      affiliation: fc.integer({ min: 0, max: 7 }),
      load: fc.integer({ min: 0, max: 4 }),
    });
    fc.assert(
      fc.property(
        fc.array(expertArb, { maxLength: 25 }),
        fc.uniqueArray(fc.constantFrom(...SECTORS), { minLength: 1, maxLength: 3 }),
        fc.integer({ min: 1, max: 5 }),
        fc.uniqueArray(fc.integer({ min: 0, max: 7 }), { maxLength: 4 }),
        fc.uniqueArray(fc.integer({ min: 0, max: 24 }), { maxLength: 5 }),
        fc.array(fc.constantFrom(...INSTITUTIONS), { maxLength: 2 }),
        (specs, sectors, count, conflicted, excludedIndexes, panelInstitutions) => {
          const pool = specs.map((spec, i) =>
            expert(`e${i}`, spec.institution, spec.sectors, {
              affiliationInn: makeInn(900 + spec.affiliation, 'legal'),
              openAssignments: spec.load,
            }),
          );
          const conflictedInns = new Set(conflicted.map((n) => makeInn(900 + n, 'legal')));
          const excludedExpertIds = new Set(excludedIndexes.map((n) => `e${n}`));

          const result = assignExperts(
            {
              applicationId: 'app-p',
              sectors,
              count,
              conflictedInns,
              excludedExpertIds,
              jointPanel: true,
              panelInstitutions,
            },
            pool,
          );

          const allowed = new Set([...sectors, ...relatedSectorsOf(sectors)]);
          const candidates = pool.filter(
            (e) =>
              !conflictedInns.has(e.affiliationInn) &&
              !excludedExpertIds.has(e.expertId) &&
              e.sectors.some((s) => allowed.has(s)),
          );
          if (candidates.length === 0) return !result.ok;
          if (!result.ok) return false;
          const chosen = result.experts;
          // Every pick is a candidate; as many as asked or as there are.
          if (chosen.length !== Math.min(count, candidates.length)) return false;
          if (new Set(chosen.map((e) => e.expertId)).size !== chosen.length) return false;
          if (!chosen.every((e) => candidates.includes(e))) return false;
          // Every institution the candidates offer is on the panel, as far as the places allow.
          const present = new Set<Institution>([...panelInstitutions, ...chosen.map((e) => e.institution)]);
          const missing = INSTITUTIONS.filter(
            (institution) =>
              !panelInstitutions.includes(institution) &&
              candidates.some((e) => e.institution === institution),
          );
          const covered = missing.filter((institution) => present.has(institution)).length;
          return covered === Math.min(missing.length, count);
        },
      ),
      { numRuns: 500, seed: 20_261_201 },
    );
  });
});
