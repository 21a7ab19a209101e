import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  areRelated,
  isSector,
  relatedSectorsOf,
  SECTOR_NAMES,
  SECTOR_RELATEDNESS,
  SECTORS,
  type Sector,
  sectorGroups,
  sectorsConnected,
} from '#shared/domain/sectors';

const DOC_URL = new URL('../../../docs/sector-relatedness.md', import.meta.url);

/** Rows of the published table: first cell a backticked sector id, last cell its backticked neighbours. */
function parsePublishedTable(markdown: string): Map<string, string[]> {
  const rows = new Map<string, string[]>();
  for (const line of markdown.split('\n')) {
    const match = /^\|\s*`([a-z_]+)`\s*\|.*\|([^|]*)\|\s*$/.exec(line);
    if (match === null) continue;
    const [, id = '', related = ''] = match;
    if (rows.has(id)) throw new Error(`sector ${id} has two rows in the published table`);
    rows.set(
      id,
      [...related.matchAll(/`([a-z_]+)`/g)].map((m) => m[1] ?? ''),
    );
  }
  return rows;
}

describe('SECTORS and SECTOR_NAMES', () => {
  it('lists the thirteen sectors of the spec once each', () => {
    expect(SECTORS).toHaveLength(13);
    expect(new Set(SECTORS).size).toBe(13);
  });

  it('names every sector in both languages', () => {
    expect(Object.keys(SECTOR_NAMES).sort()).toEqual([...SECTORS].sort());
    for (const sector of SECTORS) {
      expect(SECTOR_NAMES[sector].ru).toMatch(/[а-яё]/i);
      expect(SECTOR_NAMES[sector].en).toMatch(/^[A-Z][A-Za-z ]+$/);
    }
  });
});

describe('SECTOR_RELATEDNESS', () => {
  it('has a row for every sector and lists only known sectors', () => {
    expect(Object.keys(SECTOR_RELATEDNESS).sort()).toEqual([...SECTORS].sort());
    for (const sector of SECTORS) {
      for (const related of SECTOR_RELATEDNESS[sector]) expect(isSector(related)).toBe(true);
    }
  });

  it('is symmetric', () => {
    // Arrange
    const oneWay: string[] = [];

    // Act
    for (const a of SECTORS) {
      for (const b of SECTOR_RELATEDNESS[a]) {
        if (!SECTOR_RELATEDNESS[b].includes(a)) oneWay.push(`${a} -> ${b}`);
      }
    }

    // Assert
    expect(oneWay).toEqual([]);
  });

  it('does not list a sector as related to itself, nor any neighbour twice', () => {
    for (const sector of SECTORS) {
      const row = SECTOR_RELATEDNESS[sector];
      expect(row).not.toContain(sector);
      expect(new Set(row).size).toBe(row.length);
    }
  });

  it('relates education_research to every other sector', () => {
    expect([...SECTOR_RELATEDNESS.education_research].sort()).toEqual(
      SECTORS.filter((s) => s !== 'education_research').sort(),
    );
  });

  it('gives every sector at least one neighbour besides education_research', () => {
    for (const sector of SECTORS) {
      expect(SECTOR_RELATEDNESS[sector].filter((s) => s !== 'education_research').length).toBeGreaterThan(0);
    }
  });
});

describe('docs/sector-relatedness.md', () => {
  it('publishes exactly the table in the code', () => {
    // Arrange
    const published = parsePublishedTable(readFileSync(DOC_URL, 'utf8'));

    // Act
    const asPublished = Object.fromEntries([...published].map(([id, related]) => [id, [...related].sort()]));
    const inCode = Object.fromEntries(SECTORS.map((s) => [s, [...SECTOR_RELATEDNESS[s]].sort()]));

    // Assert
    expect(asPublished).toEqual(inCode);
  });

  it('parses a row the way the table is written', () => {
    const rows = parsePublishedTable(
      '| Sector | Related |\n|---|---|\n| `it` | IT | `electronics`, `robotics` |\n',
    );
    expect([...rows]).toEqual([['it', ['electronics', 'robotics']]]);
  });
});

describe('isSector', () => {
  it.each(SECTORS)('accepts %s', (sector) => {
    expect(isSector(sector)).toBe(true);
  });

  it.each(['', 'IT', ' it', 'it ', 'biotech', 'constructor', 'toString', '__proto__'])(
    'rejects %j',
    (value) => {
      expect(isSector(value)).toBe(false);
    },
  );
});

describe('areRelated', () => {
  it('treats a sector as related to itself', () => {
    for (const sector of SECTORS) expect(areRelated(sector, sector)).toBe(true);
  });

  it('follows the table in both directions', () => {
    expect(areRelated('electronics', 'microelectronics')).toBe(true);
    expect(areRelated('microelectronics', 'electronics')).toBe(true);
    expect(areRelated('medicine', 'biopharma')).toBe(true);
  });

  it('is false for sectors the table does not relate', () => {
    expect(areRelated('it', 'biopharma')).toBe(false);
    expect(areRelated('biopharma', 'it')).toBe(false);
    expect(areRelated('robotics', 'energy_efficiency')).toBe(false);
  });
});

const ZELENOGRAD: Sector[] = ['it', 'electronics', 'microelectronics', 'medicine', 'robotics'];

/** Every pair related: the rule before issue 12, kept here as a yardstick. */
const pairwiseRelated = (sectors: readonly Sector[]): boolean =>
  sectors.every((a) => sectors.every((b) => areRelated(a, b)));

/**
 * A reference written differently from sectorGroups: the transitive closure of
 * relatedness over the chosen sectors (Floyd–Warshall), then the partition it
 * induces, as sorted lists of sorted groups.
 */
function referencePartition(sectors: readonly Sector[]): string[][] {
  const nodes = [...new Set(sectors)];
  const reach = nodes.map((a) => nodes.map((b) => areRelated(a, b)));
  for (let k = 0; k < nodes.length; k++)
    for (let i = 0; i < nodes.length; i++)
      for (let j = 0; j < nodes.length; j++)
        if (reach[i]?.[k] && reach[k]?.[j]) (reach[i] as boolean[])[j] = true;
  const classes = new Set(
    nodes.map((_, i) =>
      nodes
        .filter((_, j) => reach[i]?.[j])
        .sort()
        .join(','),
    ),
  );
  return [...classes].map((c) => c.split(',')).sort((a, b) => (a[0] ?? '').localeCompare(b[0] ?? ''));
}

const asPartition = (groups: readonly (readonly Sector[])[]): string[][] =>
  groups.map((g) => [...g].sort()).sort((a, b) => (a[0] ?? '').localeCompare(b[0] ?? ''));

const sectorArb = fc.constantFrom(...SECTORS);
/** 1 to 5 sectors as the spec allows, repeats possible; some runs go wider to stress the search. */
const chosenArb = fc.array(sectorArb, { minLength: 1, maxLength: 5 });
const anySetArb = fc.array(sectorArb, { minLength: 0, maxLength: 13 });

describe('sectorGroups / sectorsConnected', () => {
  it('passes the Zelenograd cluster: IT, electronics, microelectronics, medicine, robotics', () => {
    expect(sectorsConnected(ZELENOGRAD)).toBe(true);
    expect(sectorGroups(ZELENOGRAD)).toEqual([
      ['it', 'electronics', 'microelectronics', 'robotics', 'medicine'],
    ]);
  });

  it('fails it with biopharma alone, naming both as separate groups', () => {
    expect(areRelated('it', 'biopharma')).toBe(false);
    expect(sectorsConnected(['it', 'biopharma'])).toBe(false);
    expect(sectorGroups(['biopharma', 'it'])).toEqual([['it'], ['biopharma']]);
  });

  it('accepts a single sector, and repeats of it', () => {
    for (const sector of SECTORS) {
      expect(sectorsConnected([sector])).toBe(true);
      expect(sectorsConnected([sector, sector, sector])).toBe(true);
      expect(sectorGroups([sector, sector])).toEqual([[sector]]);
    }
  });

  it('gives no group for no sector (the schema refuses an empty list before this)', () => {
    expect(sectorGroups([])).toEqual([]);
    expect(sectorsConnected([])).toBe(true);
  });

  it('connects sectors that are not pairwise related through a chosen sector', () => {
    // medicine is related to both; it and biopharma are not related to each other.
    const sectors: Sector[] = ['it', 'medicine', 'biopharma'];
    expect(pairwiseRelated(sectors)).toBe(false);
    expect(sectorsConnected(sectors)).toBe(true);
  });

  it('does not use a sector outside the cluster as a stepping stone', () => {
    // Both are related to medicine (and education_research), which is not chosen.
    expect(sectorGroups(['robotics', 'biopharma'])).toEqual([['robotics'], ['biopharma']]);
  });

  it('splits into several groups, each in SECTORS order, groups ordered by their first sector', () => {
    expect(sectorGroups(['biopharma', 'energy_efficiency', 'communications_equipment', 'it'])).toEqual([
      ['it', 'communications_equipment', 'energy_efficiency'],
      ['biopharma'],
    ]);
    expect(sectorGroups(['biopharma', 'robotics', 'energy_efficiency'])).toEqual([
      ['robotics'],
      ['biopharma'],
      ['energy_efficiency'],
    ]);
  });

  it('does not depend on order or repeats', () => {
    const withShuffle = chosenArb.chain((sectors) =>
      fc.tuple(fc.constant(sectors), fc.shuffledSubarray(sectors, { minLength: sectors.length })),
    );
    fc.assert(
      fc.property(withShuffle, ([sectors, shuffled]) => {
        expect(sectorGroups(shuffled)).toEqual(sectorGroups(sectors));
        expect(sectorGroups([...sectors, ...sectors.slice(0, 2)])).toEqual(sectorGroups(sectors));
      }),
    );
  });

  it('partitions the chosen sectors: every chosen sector in exactly one group, nothing else', () => {
    fc.assert(
      fc.property(anySetArb, (sectors) => {
        const flat = sectorGroups(sectors).flat();
        expect([...flat].sort()).toEqual([...new Set(sectors)].sort());
      }),
    );
  });

  it('agrees with the transitive closure of relatedness over the chosen sectors', () => {
    fc.assert(
      fc.property(anySetArb, (sectors) => {
        expect(asPartition(sectorGroups(sectors))).toEqual(referencePartition(sectors));
      }),
      { numRuns: 500 },
    );
  });

  it('is the old pairwise rule whenever every pair is related', () => {
    fc.assert(
      fc.property(chosenArb, (sectors) => {
        // Connected is the weaker demand: it never refuses what the old rule allowed.
        if (pairwiseRelated(sectors)) expect(sectorsConnected(sectors)).toBe(true);
      }),
    );
    // Every set of mutually related sectors the spec allows (up to 5) is connected.
    const cliques: Sector[][] = [[]];
    for (const sector of SECTORS) {
      for (const clique of [...cliques]) {
        if (clique.length < 5 && clique.every((s) => areRelated(s, sector)))
          cliques.push([...clique, sector]);
      }
    }
    expect(cliques.length).toBeGreaterThan(SECTORS.length);
    for (const clique of cliques) expect(sectorsConnected(clique), clique.join(',')).toBe(true);
  });

  it('stays connected when a sector related to one member is added', () => {
    fc.assert(
      fc.property(chosenArb, fc.nat(), fc.nat(), (sectors, memberIndex, neighbourIndex) => {
        fc.pre(sectorsConnected(sectors));
        const member = sectors[memberIndex % sectors.length] as Sector;
        const neighbours = SECTOR_RELATEDNESS[member];
        const added = neighbours[neighbourIndex % neighbours.length] as Sector;
        expect(sectorsConnected([...sectors, added])).toBe(true);
      }),
    );
  });

  it('becomes disconnected when a sector related to no member is added', () => {
    fc.assert(
      fc.property(chosenArb, sectorArb, (sectors, added) => {
        fc.pre(!sectors.some((s) => areRelated(s, added)));
        expect(sectorsConnected([...sectors, added])).toBe(false);
        expect(sectorGroups([...sectors, added])).toContainEqual([added]);
      }),
    );
  });
});

describe('relatedSectorsOf', () => {
  it('returns the neighbours of one sector in SECTORS order', () => {
    expect(relatedSectorsOf(['biopharma'])).toEqual([
      'medicine',
      'new_materials',
      'laser_radiation',
      'nanotech',
      'measuring_equipment',
      'education_research',
    ]);
  });

  it('returns the union of neighbours, excluding the given sectors', () => {
    // Arrange
    const given: Sector[] = ['biopharma', 'energy_efficiency'];

    // Act
    const related = relatedSectorsOf(given);

    // Assert
    expect(related).toEqual([
      'it',
      'electronics',
      'medicine',
      'new_materials',
      'laser_radiation',
      'nanotech',
      'measuring_equipment',
      'education_research',
    ]);
    expect(related).not.toContain('biopharma');
    expect(related).not.toContain('energy_efficiency');
  });

  it('returns nothing for no sectors', () => {
    expect(relatedSectorsOf([])).toEqual([]);
  });

  it('returns every other sector for education_research', () => {
    expect(relatedSectorsOf(['education_research'])).toEqual(
      SECTORS.filter((s) => s !== 'education_research'),
    );
  });
});
