import type { Expert } from '#shared/domain/assignment';
import { makeInn, makeOgrn, makeOgrnip } from '#shared/domain/inn';
import type { ClusterMember, Official, Organization } from '#shared/domain/registry';
import { relatedSectorsOf, SECTORS, type Sector } from '#shared/domain/sectors';
import { deterministicId } from '#shared/ids';

/**
 * The sample registry the local runtime loads on first start, generated
 * deterministically so every machine (and every test) sees the same data:
 * 7,000 organizations, the programme's real size (about 538 per primary
 * sector, every third also in a related one, every 25th suspended, every 10th
 * an individual entrepreneur, each with a contact email), 8 experts per
 * sector (4 of the city, 4 of its partner institution, each affiliated with
 * one organization), 3 officials and one active cluster.
 */

export const SAMPLE_ORGANIZATION_COUNT = 7_000;
/** Experts are affiliated with the first organizations, as they were when the registry had 600. */
const EXPERT_AFFILIATION_POOL = 600;
const EXPERTS_PER_SECTOR = 8;

const PREFIXES = [
  'Техно',
  'Нано',
  'Микро',
  'Гео',
  'Био',
  'Инфо',
  'Электро',
  'Лазер',
  'Спектр',
  'Квант',
  'Радио',
  'Мед',
];
const SUFFIXES = [
  'Систем',
  'Прибор',
  'Лаб',
  'Софт',
  'Тех',
  'Фарм',
  'Синтез',
  'Пром',
  'Сервис',
  'Инжиниринг',
  'Проект',
];
const FIRST_NAMES = [
  'Анна',
  'Борис',
  'Вера',
  'Григорий',
  'Дарья',
  'Евгений',
  'Жанна',
  'Иван',
  'Ксения',
  'Лев',
  'Мария',
  'Никита',
];
const LAST_NAMES = [
  'Иванов',
  'Смирнов',
  'Кузнецов',
  'Попов',
  'Соколов',
  'Лебедев',
  'Козлов',
  'Новиков',
  'Морозов',
  'Волков',
];

const WOMEN = new Set(['Анна', 'Вера', 'Дарья', 'Жанна', 'Ксения', 'Мария']);

/** «Жанна Козлова», not «Жанна Козлов»: these surnames take -а for women. */
function fullName(first: string, last: string): string {
  return `${first} ${WOMEN.has(first) ? `${last}а` : last}`;
}

function pick<T>(list: readonly T[], index: number): T {
  const item = list[index % list.length];
  if (item === undefined) throw new RangeError('empty list');
  return item;
}

function organizationSectors(index: number): Sector[] {
  const primary = pick(SECTORS, index);
  if (index % 3 !== 0) return [primary];
  const related = relatedSectorsOf([primary]);
  return related.length > 0 ? [primary, pick(related, Math.floor(index / 13))] : [primary];
}

export function sampleOrganizations(): Organization[] {
  return Array.from({ length: SAMPLE_ORGANIZATION_COUNT }, (_, index) => {
    const seed = index + 1;
    const individual = index % 10 === 9;
    const inn = makeInn(seed, individual ? 'individual' : 'legal');
    const name = individual
      ? `ИП ${fullName(pick(FIRST_NAMES, index * 7), pick(LAST_NAMES, index))
          .split(' ')
          .reverse()
          .join(' ')
          .replace(/ (.).*$/, ' $1.')}`
      : `ООО «${pick(PREFIXES, index)}${pick(SUFFIXES, Math.floor(index / PREFIXES.length)).toLowerCase()} ${seed}»`;
    return {
      inn,
      ogrn: individual ? makeOgrnip(seed) : makeOgrn(seed),
      name,
      sectors: organizationSectors(index),
      status: index % 25 === 7 ? 'SUSPENDED' : 'ACTIVE',
      email: `office@org${seed}.example.org`,
    };
  });
}

export function sampleExperts(organizations: readonly Organization[]): Expert[] {
  const affiliations = organizations.slice(0, EXPERT_AFFILIATION_POOL);
  return SECTORS.flatMap((sector, sectorIndex) =>
    Array.from({ length: EXPERTS_PER_SECTOR }, (_, n) => {
      const index = sectorIndex * EXPERTS_PER_SECTOR + n;
      const affiliation = pick(affiliations, index * 37 + 11);
      const related = relatedSectorsOf([sector]);
      return {
        expertId: `exp_${sector}_${n + 1}`,
        name: fullName(pick(FIRST_NAMES, index), pick(LAST_NAMES, index * 3)),
        email: `expert.${sector}.${n + 1}@experts.example.org`,
        // Alternating, and crossing the related-sector split: each institution has experts of both kinds.
        institution: Math.floor(n / 2) % 2 === 0 ? 'CITY' : 'PARTNER_INSTITUTION',
        sectors: n % 2 === 0 && related.length > 0 ? [sector, pick(related, n)] : [sector],
        affiliationInn: affiliation.inn,
        openAssignments: 0,
      };
    }),
  );
}

export function sampleOfficials(): Official[] {
  return [
    {
      officialId: 'off_1',
      name: 'Ольга Петрова',
      email: 'o.petrova@dept.example.city',
      role: 'OFFICIAL',
      active: true,
      position: 'Начальник отдела кластеров',
    },
    {
      officialId: 'off_2',
      name: 'Сергей Орлов',
      email: 's.orlov@dept.example.city',
      role: 'OFFICIAL',
      active: true,
      position: 'Заместитель начальника управления',
    },
    {
      officialId: 'off_3',
      name: 'Ирина Зайцева',
      email: 'i.zaitseva@dept.example.city',
      role: 'HEAD',
      active: true,
      position: 'Руководитель департамента',
    },
  ];
}

export const SAMPLE_CLUSTER_NAME = 'Зеленоградский кластер микроэлектроники';
export const SAMPLE_CLUSTER_ID = deterministicId('clu', 'sample-cluster-1');

/** One active cluster: 32 active electronics and microelectronics organizations. */
export function sampleCluster(organizations: readonly Organization[], at: string) {
  const sectors: Sector[] = ['electronics', 'microelectronics'];
  const members: ClusterMember[] = organizations
    .filter((org) => org.status === 'ACTIVE' && org.sectors.some((sector) => sectors.includes(sector)))
    .slice(0, 32)
    .map((org) => ({ inn: org.inn, name: org.name, joinedAt: at }));
  return {
    cluster: {
      clusterId: SAMPLE_CLUSTER_ID,
      name: SAMPLE_CLUSTER_NAME,
      sectors,
      project: {
        title: 'Отечественная элементная база для робототехники',
        summary: 'Совместная разработка и выпуск микросхем управления приводами.',
      },
      createdAt: at,
      // The first member founded the cluster: it coordinates it and may invite (README: invitations).
      coordinatorInn: members[0]?.inn,
    },
    members,
  };
}
