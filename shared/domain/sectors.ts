/**
 * The programme's fixed sector list and its published relatedness table.
 * `docs/sector-relatedness.md` publishes the same table; a unit test keeps
 * the two in step.
 */

export const SECTORS = [
  'it',
  'electronics',
  'microelectronics',
  'robotics',
  'medicine',
  'biopharma',
  'new_materials',
  'laser_radiation',
  'nanotech',
  'measuring_equipment',
  'communications_equipment',
  'education_research',
  'energy_efficiency',
] as const;

export type Sector = (typeof SECTORS)[number];

export const SECTOR_NAMES: Readonly<Record<Sector, { ru: string; en: string }>> = {
  it: { ru: 'Информационные технологии', en: 'Information technology' },
  electronics: { ru: 'Электроника', en: 'Electronics' },
  microelectronics: { ru: 'Микроэлектроника', en: 'Microelectronics' },
  robotics: { ru: 'Робототехника', en: 'Robotics' },
  medicine: { ru: 'Медицина', en: 'Medicine' },
  biopharma: { ru: 'Биофармацевтика', en: 'Biopharmaceuticals' },
  new_materials: { ru: 'Новые материалы', en: 'New materials' },
  laser_radiation: { ru: 'Лазерные и радиационные технологии', en: 'Laser and radiation technologies' },
  nanotech: { ru: 'Нанотехнологии', en: 'Nanotechnology' },
  measuring_equipment: { ru: 'Измерительное оборудование', en: 'Measuring equipment' },
  communications_equipment: { ru: 'Оборудование связи', en: 'Communications equipment' },
  education_research: { ru: 'Образование и научные исследования', en: 'Education and research' },
  energy_efficiency: { ru: 'Энергоэффективность', en: 'Energy efficiency' },
};

/**
 * Written out row by row, as published, rather than derived from an edge
 * list: the table is what people read and argue about, and the unit tests
 * check it is symmetric. A sector is not listed as related to itself;
 * `areRelated` handles that case. Rows follow SECTORS order.
 */
export const SECTOR_RELATEDNESS: Readonly<Record<Sector, readonly Sector[]>> = {
  it: [
    'electronics',
    'microelectronics',
    'robotics',
    'medicine',
    'measuring_equipment',
    'communications_equipment',
    'education_research',
    'energy_efficiency',
  ],
  electronics: [
    'it',
    'microelectronics',
    'robotics',
    'medicine',
    'laser_radiation',
    'measuring_equipment',
    'communications_equipment',
    'education_research',
    'energy_efficiency',
  ],
  microelectronics: [
    'it',
    'electronics',
    'robotics',
    'medicine',
    'new_materials',
    'laser_radiation',
    'nanotech',
    'measuring_equipment',
    'communications_equipment',
    'education_research',
  ],
  robotics: [
    'it',
    'electronics',
    'microelectronics',
    'medicine',
    'laser_radiation',
    'measuring_equipment',
    'education_research',
  ],
  medicine: [
    'it',
    'electronics',
    'microelectronics',
    'robotics',
    'biopharma',
    'new_materials',
    'laser_radiation',
    'nanotech',
    'measuring_equipment',
    'education_research',
  ],
  biopharma: [
    'medicine',
    'new_materials',
    'laser_radiation',
    'nanotech',
    'measuring_equipment',
    'education_research',
  ],
  new_materials: [
    'microelectronics',
    'medicine',
    'biopharma',
    'laser_radiation',
    'nanotech',
    'education_research',
    'energy_efficiency',
  ],
  laser_radiation: [
    'electronics',
    'microelectronics',
    'robotics',
    'medicine',
    'biopharma',
    'new_materials',
    'nanotech',
    'measuring_equipment',
    'communications_equipment',
    'education_research',
  ],
  nanotech: [
    'microelectronics',
    'medicine',
    'biopharma',
    'new_materials',
    'laser_radiation',
    'measuring_equipment',
    'education_research',
  ],
  measuring_equipment: [
    'it',
    'electronics',
    'microelectronics',
    'robotics',
    'medicine',
    'biopharma',
    'laser_radiation',
    'nanotech',
    'communications_equipment',
    'education_research',
    'energy_efficiency',
  ],
  communications_equipment: [
    'it',
    'electronics',
    'microelectronics',
    'laser_radiation',
    'measuring_equipment',
    'education_research',
  ],
  education_research: [
    'it',
    'electronics',
    'microelectronics',
    'robotics',
    'medicine',
    'biopharma',
    'new_materials',
    'laser_radiation',
    'nanotech',
    'measuring_equipment',
    'communications_equipment',
    'energy_efficiency',
  ],
  energy_efficiency: ['it', 'electronics', 'new_materials', 'measuring_equipment', 'education_research'],
};

const SECTOR_SET: ReadonlySet<string> = new Set(SECTORS);

export function isSector(value: string): value is Sector {
  return SECTOR_SET.has(value);
}

export function areRelated(a: Sector, b: Sector): boolean {
  return a === b || SECTOR_RELATEDNESS[a].includes(b);
}

/**
 * The chosen sectors split into connected groups, the relatedness table's
 * pairs taken as edges: two chosen sectors are in one group when a path of
 * related chosen sectors joins them. Sectors outside `sectors` are not
 * stepping stones. Duplicates count once; each group's sectors and the groups
 * themselves (by their first sector) are in SECTORS order, so the answer does
 * not depend on how the applicant ordered the list. No sector, no group.
 */
export function sectorGroups(sectors: readonly Sector[]): Sector[][] {
  const chosen = new Set(sectors);
  const seen = new Set<Sector>();
  const groups: Sector[][] = [];
  for (const start of SECTORS.filter((sector) => chosen.has(sector))) {
    if (seen.has(start)) continue;
    seen.add(start);
    const group = new Set<Sector>([start]);
    const stack: Sector[] = [start];
    for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
      for (const neighbour of SECTOR_RELATEDNESS[next]) {
        if (chosen.has(neighbour) && !seen.has(neighbour)) {
          seen.add(neighbour);
          group.add(neighbour);
          stack.push(neighbour);
        }
      }
    }
    groups.push(SECTORS.filter((sector) => group.has(sector)));
  }
  return groups;
}

/** The spec's sector rule: every chosen sector reaches every other through related chosen sectors. */
export function sectorsConnected(sectors: readonly Sector[]): boolean {
  return sectorGroups(sectors).length <= 1;
}

/** Sectors related to at least one of `sectors`, not among them, in SECTORS order. */
export function relatedSectorsOf(sectors: readonly Sector[]): Sector[] {
  const given = new Set<Sector>(sectors);
  return SECTORS.filter(
    (candidate) => !given.has(candidate) && sectors.some((s) => SECTOR_RELATEDNESS[s].includes(candidate)),
  );
}
