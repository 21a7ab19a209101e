import { describe, expect, it } from 'vitest';
import {
  type CreateClusterApplication,
  type CreateClusterFacts,
  checkCreateCluster,
  checkJoinCluster,
  type IneligibilityReason,
  type JoinClusterApplication,
  type JoinClusterFacts,
  MIN_CLUSTER_MEMBERS,
  normalizeClusterName,
  REASON_CODES,
  type ReasonCode,
} from '#shared/domain/eligibility';
import { describeReason } from '#shared/domain/eligibility-wording';
import { makeInn, makeOgrn } from '#shared/domain/inn';
import type { ClusterSummary, Organization } from '#shared/domain/registry';
import type { Sector } from '#shared/domain/sectors';

function organization(seed: number, overrides: Partial<Organization> = {}): Organization {
  return {
    inn: makeInn(seed, 'legal'),
    ogrn: makeOgrn(seed),
    name: `Organization ${seed}`,
    sectors: ['electronics'],
    status: 'ACTIVE',
    email: `org${seed}@example.ru`,
    ...overrides,
  };
}

const registryOf = (organizations: Organization[]): Map<string, Organization> =>
  new Map(organizations.map((o) => [o.inn, o]));

/** An eligible create application with MIN_CLUSTER_MEMBERS active electronics members; tests break one thing. */
function createScenario(): { application: CreateClusterApplication; facts: CreateClusterFacts } {
  const members = Array.from({ length: MIN_CLUSTER_MEMBERS }, (_, i) => organization(i));
  return {
    application: {
      applicationId: 'app-1',
      applicantInn: members[0]?.inn ?? '',
      cluster: { name: 'Moscow Chips', sectors: ['electronics', 'microelectronics'] },
      memberInns: members.map((m) => m.inn),
    },
    facts: { organizations: registryOf(members), nameHolder: null },
  };
}

const codesOf = (reasons: readonly IneligibilityReason[]): ReasonCode[] => reasons.map((r) => r.code);
const innOf = (seed: number): string => makeInn(seed, 'legal');

describe('checkCreateCluster', () => {
  it('finds a well-formed application with 30 active members in the sectors eligible', () => {
    // Arrange
    const { application, facts } = createScenario();

    // Act
    const result = checkCreateCluster(application, facts);

    // Assert
    expect(result).toEqual({ eligible: true, reasons: [] });
  });

  describe('TOO_FEW_MEMBERS', () => {
    it('fails with 29 members and says how many were listed', () => {
      const { application, facts } = createScenario();
      application.memberInns = application.memberInns.slice(0, MIN_CLUSTER_MEMBERS - 1);

      const result = checkCreateCluster(application, facts);

      expect(result.eligible).toBe(false);
      expect(result.reasons).toEqual([
        { code: 'TOO_FEW_MEMBERS', message: expect.stringContaining(`${MIN_CLUSTER_MEMBERS - 1}`) },
      ]);
    });

    it('counts distinct members: 30 entries with one repeated are too few', () => {
      const { application, facts } = createScenario();
      application.memberInns = [...application.memberInns.slice(0, MIN_CLUSTER_MEMBERS - 1), innOf(3)];

      const result = checkCreateCluster(application, facts);

      expect(codesOf(result.reasons)).toEqual(['TOO_FEW_MEMBERS', 'DUPLICATE_MEMBER']);
    });

    it('passes once the 30th distinct member is added', () => {
      const { application, facts } = createScenario();
      application.memberInns = [...application.memberInns.slice(0, MIN_CLUSTER_MEMBERS - 1), innOf(3)];
      application.memberInns.push(innOf(MIN_CLUSTER_MEMBERS - 1));

      const result = checkCreateCluster(application, facts);

      expect(codesOf(result.reasons)).not.toContain('TOO_FEW_MEMBERS');
    });
  });

  describe('DUPLICATE_MEMBER', () => {
    it('lists each repeated INN once, however often it repeats', () => {
      const { application, facts } = createScenario();
      application.memberInns.push(innOf(5), innOf(7), innOf(5));

      const result = checkCreateCluster(application, facts);

      expect(result.reasons).toEqual([
        { code: 'DUPLICATE_MEMBER', inn: innOf(5), message: expect.any(String) },
        { code: 'DUPLICATE_MEMBER', inn: innOf(7), message: expect.any(String) },
      ]);
    });

    it('passes when each INN appears once', () => {
      const { application, facts } = createScenario();
      application.memberInns.push(innOf(5));
      application.memberInns = [...new Set(application.memberInns)];

      expect(codesOf(checkCreateCluster(application, facts).reasons)).not.toContain('DUPLICATE_MEMBER');
    });
  });

  describe('APPLICANT_NOT_IN_MEMBERS', () => {
    it('fails when the applicant is not among the members, naming the applicant', () => {
      const { application, facts } = createScenario();
      application.applicantInn = innOf(100);

      const result = checkCreateCluster(application, facts);

      expect(result.reasons).toEqual([
        { code: 'APPLICANT_NOT_IN_MEMBERS', inn: innOf(100), message: expect.stringContaining(innOf(100)) },
      ]);
    });

    it('passes when the applicant is added to the members', () => {
      const { application, facts } = createScenario();
      application.applicantInn = innOf(100);
      application.memberInns.push(innOf(100));
      const organizations = new Map(facts.organizations).set(innOf(100), organization(100));

      const result = checkCreateCluster(application, { ...facts, organizations });

      expect(result).toEqual({ eligible: true, reasons: [] });
    });
  });

  describe('NOT_A_PARTICIPANT', () => {
    it('fails for each member missing from the registry', () => {
      const { application, facts } = createScenario();
      application.memberInns.push(innOf(200), innOf(201));

      const result = checkCreateCluster(application, facts);

      expect(result.reasons).toEqual([
        { code: 'NOT_A_PARTICIPANT', inn: innOf(200), message: expect.stringContaining(innOf(200)) },
        { code: 'NOT_A_PARTICIPANT', inn: innOf(201), message: expect.stringContaining(innOf(201)) },
      ]);
    });

    it('passes once they are in the registry', () => {
      const { application, facts } = createScenario();
      application.memberInns.push(innOf(200), innOf(201));
      const organizations = new Map(facts.organizations)
        .set(innOf(200), organization(200))
        .set(innOf(201), organization(201));

      expect(checkCreateCluster(application, { ...facts, organizations }).eligible).toBe(true);
    });
  });

  describe('PARTICIPANT_SUSPENDED', () => {
    it('fails for a suspended member, without also calling its sectors a mismatch', () => {
      const { application, facts } = createScenario();
      const organizations = new Map(facts.organizations).set(
        innOf(4),
        organization(4, { status: 'SUSPENDED', sectors: ['biopharma'] }),
      );

      const result = checkCreateCluster(application, { ...facts, organizations });

      expect(result.reasons).toEqual([
        { code: 'PARTICIPANT_SUSPENDED', inn: innOf(4), message: expect.stringContaining(innOf(4)) },
      ]);
    });

    it('passes when the member is active again', () => {
      const { application, facts } = createScenario();
      const organizations = new Map(facts.organizations).set(innOf(4), organization(4, { status: 'ACTIVE' }));

      expect(checkCreateCluster(application, { ...facts, organizations }).eligible).toBe(true);
    });

    it('applies to the applicant as a member too', () => {
      const { application, facts } = createScenario();
      const organizations = new Map(facts.organizations).set(
        innOf(0),
        organization(0, { status: 'SUSPENDED' }),
      );

      const result = checkCreateCluster(application, { ...facts, organizations });

      expect(result.reasons).toEqual([
        { code: 'PARTICIPANT_SUSPENDED', inn: innOf(0), message: expect.any(String) },
      ]);
    });
  });

  describe('SECTOR_MISMATCH', () => {
    it('fails for an active member working in none of the cluster sectors', () => {
      const { application, facts } = createScenario();
      const organizations = new Map(facts.organizations).set(
        innOf(9),
        organization(9, { sectors: ['biopharma', 'medicine'] }),
      );

      const result = checkCreateCluster(application, { ...facts, organizations });

      expect(result.reasons).toEqual([
        { code: 'SECTOR_MISMATCH', inn: innOf(9), message: expect.stringContaining('microelectronics') },
      ]);
    });

    it('passes when the member works in at least one cluster sector', () => {
      const { application, facts } = createScenario();
      const organizations = new Map(facts.organizations).set(
        innOf(9),
        organization(9, { sectors: ['biopharma', 'microelectronics'] }),
      );

      expect(checkCreateCluster(application, { ...facts, organizations }).eligible).toBe(true);
    });

    it('fails for a member with no sectors at all', () => {
      const { application, facts } = createScenario();
      const organizations = new Map(facts.organizations).set(innOf(9), organization(9, { sectors: [] }));

      expect(codesOf(checkCreateCluster(application, { ...facts, organizations }).reasons)).toEqual([
        'SECTOR_MISMATCH',
      ]);
    });
  });

  describe('SECTORS_NOT_RELATED', () => {
    it('fails when two cluster sectors are not related, naming the groups', () => {
      const { application, facts } = createScenario();
      application.cluster.sectors = ['electronics', 'biopharma'];

      const result = checkCreateCluster(application, facts);

      expect(result.reasons).toEqual([
        {
          code: 'SECTORS_NOT_RELATED',
          message: expect.stringContaining('{electronics} | {biopharma}'),
          sectorGroups: [['electronics'], ['biopharma']],
        },
      ]);
    });

    it('fails it with biopharma alone', () => {
      const { application, facts } = createScenario();
      application.cluster.sectors = ['it', 'biopharma'];

      const result = checkCreateCluster(application, facts);

      expect(result.eligible).toBe(false);
      expect(result.reasons.filter((r) => r.code === 'SECTORS_NOT_RELATED')).toEqual([
        expect.objectContaining({ sectorGroups: [['it'], ['biopharma']] }),
      ]);
    });

    it('names every group that does not reach the others', () => {
      const { application, facts } = createScenario();
      application.cluster.sectors = [
        'electronics',
        'biopharma',
        'microelectronics',
        'robotics',
        'energy_efficiency',
      ];

      const [reason] = checkCreateCluster(application, facts).reasons;

      // robotics and energy_efficiency are not related to each other, but both reach electronics.
      expect(reason?.sectorGroups).toEqual([
        ['electronics', 'microelectronics', 'robotics', 'energy_efficiency'],
        ['biopharma'],
      ]);
      expect(reason?.message).toContain(
        '{electronics, microelectronics, robotics, energy_efficiency} | {biopharma}',
      );
    });

    it('passes when every pair of cluster sectors is related', () => {
      const { application, facts } = createScenario();
      application.cluster.sectors = [
        'electronics',
        'microelectronics',
        'measuring_equipment',
        'education_research',
      ];

      expect(checkCreateCluster(application, facts).eligible).toBe(true);
    });

    it('passes connected sectors that are not pairwise related', () => {
      const { application, facts } = createScenario();
      // it and biopharma are not related; medicine is related to both.
      application.cluster.sectors = ['it', 'medicine', 'biopharma'];
      for (const [inn, org] of facts.organizations)
        (facts.organizations as Map<string, Organization>).set(inn, { ...org, sectors: ['medicine'] });

      expect(checkCreateCluster(application, facts)).toEqual({ eligible: true, reasons: [] });
    });

    it("passes the programme's first cluster, Zelenograd: 33 members in IT, electronics, microelectronics, medicine, robotics", () => {
      // Arrange: 33 organizations, spread over the five sectors, some in two.
      const zelenograd: Sector[] = ['it', 'electronics', 'microelectronics', 'medicine', 'robotics'];
      const members = Array.from({ length: 33 }, (_, i) =>
        organization(100 + i, {
          sectors:
            i % 4 === 0 ? [zelenograd[i % 5] as Sector, 'education_research'] : [zelenograd[i % 5] as Sector],
        }),
      );
      const application: CreateClusterApplication = {
        applicationId: 'app-zelenograd',
        applicantInn: members[0]?.inn ?? '',
        cluster: { name: 'Zelenograd', sectors: zelenograd },
        memberInns: members.map((m) => m.inn),
      };

      // Act
      const result = checkCreateCluster(application, {
        organizations: registryOf(members),
        nameHolder: null,
      });

      // Assert
      expect(result).toEqual({ eligible: true, reasons: [] });
    });
  });

  describe('CLUSTER_NAME_TAKEN', () => {
    it('fails when a cluster already holds the name', () => {
      const { application, facts } = createScenario();

      const result = checkCreateCluster(application, {
        ...facts,
        nameHolder: { kind: 'CLUSTER', clusterId: 'cl-1' },
      });

      expect(result.reasons).toEqual([
        { code: 'CLUSTER_NAME_TAKEN', message: expect.stringContaining('Moscow Chips') },
      ]);
    });

    it('passes when nobody holds the name', () => {
      const { application, facts } = createScenario();

      expect(checkCreateCluster(application, { ...facts, nameHolder: null }).eligible).toBe(true);
    });
  });

  describe('DUPLICATE_OPEN_APPLICATION', () => {
    it('fails when another open application holds the name, without revealing its id', () => {
      const { application, facts } = createScenario();

      const result = checkCreateCluster(application, {
        ...facts,
        nameHolder: { kind: 'APPLICATION', applicationId: 'app-other' },
      });

      expect(result.reasons).toEqual([{ code: 'DUPLICATE_OPEN_APPLICATION', message: expect.any(String) }]);
      expect(result.reasons[0]?.message).not.toContain('app-other');
    });

    it('passes when the name is held by this same application (a re-check)', () => {
      const { application, facts } = createScenario();

      const result = checkCreateCluster(application, {
        ...facts,
        nameHolder: { kind: 'APPLICATION', applicationId: 'app-1' },
      });

      expect(result).toEqual({ eligible: true, reasons: [] });
    });
  });

  it('reports every broken rule at once, in REASON_CODES order then member order', () => {
    // Arrange
    const { application } = createScenario();
    application.applicantInn = innOf(300);
    application.cluster.sectors = ['it', 'biopharma'];
    application.memberInns = [innOf(20), innOf(21), innOf(22), innOf(23), innOf(21), innOf(20)];
    const organizations = registryOf([
      organization(20, { sectors: ['robotics'] }),
      organization(21, { status: 'SUSPENDED' }),
      organization(23, { sectors: ['it'] }),
    ]);

    // Act
    const result = checkCreateCluster(application, {
      organizations,
      nameHolder: { kind: 'CLUSTER', clusterId: 'cl-9' },
    });

    // Assert
    expect(result.eligible).toBe(false);
    expect(result.reasons.map(({ code, inn }) => ({ code, inn }))).toEqual([
      { code: 'TOO_FEW_MEMBERS', inn: undefined },
      { code: 'DUPLICATE_MEMBER', inn: innOf(21) },
      { code: 'DUPLICATE_MEMBER', inn: innOf(20) },
      { code: 'APPLICANT_NOT_IN_MEMBERS', inn: innOf(300) },
      { code: 'NOT_A_PARTICIPANT', inn: innOf(22) },
      { code: 'PARTICIPANT_SUSPENDED', inn: innOf(21) },
      { code: 'SECTOR_MISMATCH', inn: innOf(20) },
      { code: 'SECTORS_NOT_RELATED', inn: undefined },
      { code: 'CLUSTER_NAME_TAKEN', inn: undefined },
    ]);
    expect(
      checkCreateCluster(application, { organizations, nameHolder: { kind: 'CLUSTER', clusterId: 'cl-9' } }),
    ).toEqual(result);
  });

  it('does not mutate its inputs', () => {
    const { application, facts } = createScenario();
    application.memberInns.push(innOf(1));
    const snapshot = structuredClone({ application, organizations: [...facts.organizations] });

    checkCreateCluster(application, facts);

    expect({ application, organizations: [...facts.organizations] }).toEqual(snapshot);
  });
});

const ACTIVE_CLUSTER: ClusterSummary = {
  clusterId: 'cl-1',
  name: 'Moscow Chips',
  sectors: ['electronics', 'microelectronics'],
  status: 'ACTIVE',
  memberCount: 42,
};

/** An eligible join application; tests break one thing. */
function joinScenario(): { application: JoinClusterApplication; facts: JoinClusterFacts } {
  return {
    application: { applicationId: 'app-2', applicantInn: innOf(50), clusterId: 'cl-1' },
    facts: {
      applicant: organization(50, { sectors: ['microelectronics', 'nanotech'] }),
      cluster: { ...ACTIVE_CLUSTER },
      alreadyMember: false,
      otherOpenApplicationId: null,
    },
  };
}

describe('checkJoinCluster', () => {
  it('finds an active participant in a cluster sector, not yet a member, eligible', () => {
    const { application, facts } = joinScenario();

    expect(checkJoinCluster(application, facts)).toEqual({ eligible: true, reasons: [] });
  });

  const cases: Array<{
    code: ReasonCode;
    breaks: (facts: JoinClusterFacts) => JoinClusterFacts;
    fixes: (facts: JoinClusterFacts) => JoinClusterFacts;
    inn: boolean;
  }> = [
    {
      code: 'NOT_A_PARTICIPANT',
      breaks: (f) => ({ ...f, applicant: null }),
      fixes: (f) => ({ ...f, applicant: organization(50, { sectors: ['microelectronics'] }) }),
      inn: true,
    },
    {
      code: 'PARTICIPANT_SUSPENDED',
      breaks: (f) => ({ ...f, applicant: organization(50, { status: 'SUSPENDED' }) }),
      fixes: (f) => ({ ...f, applicant: organization(50, { status: 'ACTIVE' }) }),
      inn: true,
    },
    {
      code: 'SECTOR_MISMATCH',
      breaks: (f) => ({ ...f, applicant: organization(50, { sectors: ['biopharma'] }) }),
      fixes: (f) => ({ ...f, applicant: organization(50, { sectors: ['biopharma', 'electronics'] }) }),
      inn: true,
    },
    {
      code: 'CLUSTER_NOT_FOUND',
      breaks: (f) => ({ ...f, cluster: null }),
      fixes: (f) => ({ ...f, cluster: { ...ACTIVE_CLUSTER } }),
      inn: false,
    },
    {
      code: 'CLUSTER_NOT_ACTIVE',
      breaks: (f) => ({ ...f, cluster: { ...ACTIVE_CLUSTER, status: 'DISSOLVED' } }),
      fixes: (f) => ({ ...f, cluster: { ...ACTIVE_CLUSTER, status: 'ACTIVE' } }),
      inn: false,
    },
    {
      code: 'ALREADY_MEMBER',
      breaks: (f) => ({ ...f, alreadyMember: true }),
      fixes: (f) => ({ ...f, alreadyMember: false }),
      inn: true,
    },
    {
      code: 'DUPLICATE_OPEN_APPLICATION',
      breaks: (f) => ({ ...f, otherOpenApplicationId: 'app-earlier' }),
      // The open application found is this one: a retried check must not trip over itself.
      fixes: (f) => ({ ...f, otherOpenApplicationId: 'app-2' }),
      inn: true,
    },
  ];

  it.each(cases)('fails with $code alone when only that rule is broken', ({ code, breaks, inn }) => {
    // Arrange
    const { application, facts } = joinScenario();

    // Act
    const result = checkJoinCluster(application, breaks(facts));

    // Assert
    expect(result.eligible).toBe(false);
    expect(result.reasons).toEqual([
      inn ? { code, inn: innOf(50), message: expect.any(String) } : { code, message: expect.any(String) },
    ]);
  });

  it.each(cases)('passes without $code once the input is fixed', ({ breaks, fixes }) => {
    const { application, facts } = joinScenario();

    const result = checkJoinCluster(application, fixes(breaks(facts)));

    expect(result).toEqual({ eligible: true, reasons: [] });
  });

  it('also fails with CLUSTER_NOT_ACTIVE for a pending cluster', () => {
    const { application, facts } = joinScenario();

    const result = checkJoinCluster(application, {
      ...facts,
      cluster: { ...ACTIVE_CLUSTER, status: 'PENDING' },
    });

    expect(codesOf(result.reasons)).toEqual(['CLUSTER_NOT_ACTIVE']);
  });

  it('names the earlier application, which is the applicant’s own, in the duplicate message', () => {
    const { application, facts } = joinScenario();

    const result = checkJoinCluster(application, { ...facts, otherOpenApplicationId: 'app-earlier' });

    expect(result.reasons[0]?.message).toContain('app-earlier');
  });

  it('reports every broken rule at once, in REASON_CODES order', () => {
    const { application } = joinScenario();

    const result = checkJoinCluster(application, {
      applicant: organization(50, { sectors: ['biopharma'] }),
      cluster: { ...ACTIVE_CLUSTER, status: 'DISSOLVED' },
      alreadyMember: true,
      otherOpenApplicationId: 'app-earlier',
    });

    expect(codesOf(result.reasons)).toEqual([
      'SECTOR_MISMATCH',
      'CLUSTER_NOT_ACTIVE',
      'ALREADY_MEMBER',
      'DUPLICATE_OPEN_APPLICATION',
    ]);
  });

  it('reports an unknown applicant and an unknown cluster together', () => {
    const { application } = joinScenario();

    const result = checkJoinCluster(application, {
      applicant: null,
      cluster: null,
      alreadyMember: false,
      otherOpenApplicationId: null,
    });

    expect(codesOf(result.reasons)).toEqual(['NOT_A_PARTICIPANT', 'CLUSTER_NOT_FOUND']);
  });
});

describe('normalizeClusterName', () => {
  it.each([
    ['Nano Tech', 'nanotech'],
    ['  NANOTECH  ', 'nanotech'],
    ['nano\u00a0tech', 'nanotech'],
    ['nano\ttech\n', 'nanotech'],
    ['nano\u200btech', 'nanotech'],
    ['ＮａｎｏＴｅｃｈ', 'nanotech'],
    ['Кластер Микроэлектроники', 'кластермикроэлектроники'],
    ['ЁЛКА', 'елка'],
    ['ёлка', 'елка'],
    ['е\u0308лка', 'елка'],
    ['Straße', 'strasse'],
    ['ΟΔΟΣ Χ', 'οδοσχ'],
  ])('normalizes %j to %j', (input, expected) => {
    expect(normalizeClusterName(input)).toBe(expected);
  });

  it('makes case and space variants of a name collide', () => {
    expect(normalizeClusterName('Зелёный Город')).toBe(normalizeClusterName('ЗЕЛЕНЫЙгород'));
  });

  it('keeps names that differ in more than case and spacing apart', () => {
    expect(normalizeClusterName('Nano-Tech')).not.toBe(normalizeClusterName('NanoTech'));
    expect(normalizeClusterName('Chips 1')).not.toBe(normalizeClusterName('Chips 2'));
  });

  it('is idempotent', () => {
    for (const name of ['Зелёный Город', 'ＮａｎｏＴｅｃｈ', 'ΟΔΟΣ', 'Straße']) {
      const once = normalizeClusterName(name);
      expect(normalizeClusterName(once)).toBe(once);
    }
  });
});

describe('describeReason', () => {
  const withInn: ReasonCode[] = [
    'DUPLICATE_MEMBER',
    'APPLICANT_NOT_IN_MEMBERS',
    'NOT_A_PARTICIPANT',
    'PARTICIPANT_SUSPENDED',
    'SECTOR_MISMATCH',
    'ALREADY_MEMBER',
    'DUPLICATE_OPEN_APPLICATION',
  ];

  it.each(REASON_CODES)('describes %s in both languages', (code) => {
    const reason: IneligibilityReason = { code, message: 'stored message' };

    const ru = describeReason(reason, 'ru');
    const en = describeReason(reason, 'en');

    expect(ru).toMatch(/[А-Яа-яЁё]/);
    expect(ru).toMatch(/\.$/);
    expect(en).toMatch(/^[A-Z].*\.$/);
    expect(en).not.toMatch(/[А-Яа-яЁё]/);
    expect(en).not.toContain('undefined');
    expect(ru).not.toContain('undefined');
  });

  it.each(withInn)('names the INN of a %s reason', (code) => {
    const reason: IneligibilityReason = { code, inn: '7707083893', message: 'stored message' };

    expect(describeReason(reason, 'ru')).toContain('7707083893');
    expect(describeReason(reason, 'en')).toContain('7707083893');
  });

  it('words a join duplicate (with INN) differently from a name duplicate (without)', () => {
    const join = describeReason({ code: 'DUPLICATE_OPEN_APPLICATION', inn: '7707083893', message: '' }, 'en');
    const name = describeReason({ code: 'DUPLICATE_OPEN_APPLICATION', message: '' }, 'en');

    expect(join).toContain('join');
    expect(name).toContain('name');
  });

  it('names the groups of sectors that do not reach each other, in both languages', () => {
    const reason: IneligibilityReason = {
      code: 'SECTORS_NOT_RELATED',
      message: 'stored message',
      sectorGroups: [['it', 'electronics'], ['biopharma'], ['energy_efficiency']],
    };

    expect(describeReason(reason, 'en')).toBe(
      "The cluster's sectors must reach each other through related sectors of the cluster in the published table; " +
        'these groups do not: "Information technology, Electronics", "Biopharmaceuticals" and "Energy efficiency".',
    );
    expect(describeReason(reason, 'ru')).toBe(
      'Отрасли кластера должны быть связаны через смежные отрасли кластера по опубликованной таблице; ' +
        'не связаны между собой группы «Информационные технологии, Электроника», «Биофармацевтика» и «Энергоэффективность».',
    );
  });

  it('words a sector reason stored without its groups as the rule alone', () => {
    const reason: IneligibilityReason = { code: 'SECTORS_NOT_RELATED', message: 'x/y' };

    expect(describeReason(reason, 'en')).toBe(
      "The cluster's sectors must reach each other through related sectors of the cluster in the published table.",
    );
    expect(describeReason(reason, 'ru')).toMatch(/по опубликованной таблице\.$/);
  });

  it('falls back to the stored message for a code it does not know', () => {
    const reason = { code: 'SOMETHING_NEW', message: 'Stored text.' } as unknown as IneligibilityReason;

    expect(describeReason(reason, 'ru')).toBe('Stored text.');
  });

  it('describes every reason the checks produce', () => {
    const { application, facts } = createScenario();
    application.cluster.sectors = ['it', 'biopharma'] satisfies Sector[];

    for (const reason of checkCreateCluster(application, facts).reasons) {
      expect(describeReason(reason, 'en')).not.toBe(reason.message);
    }
  });
});
