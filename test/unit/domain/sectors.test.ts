import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  areMutuallyRelated,
  areRelated,
  isSector,
  relatedSectorsOf,
  SECTOR_NAMES,
  SECTOR_RELATEDNESS,
  SECTORS,
  type Sector,
  unrelatedPairs,
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

describe('areMutuallyRelated / unrelatedPairs', () => {
  it('is vacuously true for no sector or one', () => {
    expect(areMutuallyRelated([])).toBe(true);
    expect(areMutuallyRelated(['biopharma'])).toBe(true);
  });

  it('is true when every pair is related', () => {
    expect(areMutuallyRelated(['electronics', 'microelectronics', 'measuring_equipment'])).toBe(true);
    expect(
      areMutuallyRelated(['medicine', 'biopharma', 'nanotech', 'new_materials', 'education_research']),
    ).toBe(true);
  });

  it('is false when one pair is not related, even if each is related to a third', () => {
    // Both are related to education_research, but not to each other.
    const sectors: Sector[] = ['it', 'education_research', 'biopharma'];
    expect(areMutuallyRelated(sectors)).toBe(false);
    expect(unrelatedPairs(sectors)).toEqual([['it', 'biopharma']]);
  });

  it('ignores repeated sectors', () => {
    expect(areMutuallyRelated(['it', 'it'])).toBe(true);
    expect(unrelatedPairs(['it', 'biopharma', 'it', 'biopharma'])).toEqual([['it', 'biopharma']]);
  });
});

describe('relatedSectorsOf', () => {
  it('returns the neighbours of one sector in SECTORS order', () => {
    expect(relatedSectorsOf(['biopharma'])).toEqual([
      'medicine',
      'new_materials',
      'nanotech',
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
