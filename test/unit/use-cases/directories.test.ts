import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { Expert } from '#shared/domain/assignment';
import type { Official } from '#shared/domain/registry';
import { ConflictError, NotFoundError } from '#shared/errors';
import {
  addExpert,
  addOfficial,
  changeExpert,
  changeOfficial,
  openTasksOf,
} from '#shared/use-cases/directories';
import { expertFromRow, importExperts, importOfficials } from '#shared/use-cases/import-directory';
import { csvRows } from '#shared/use-cases/import-registry';
import type { Directory } from '#shared/use-cases/ports';
import { application, fakeApplications, fakeTasks } from '#test/support/in-memory-stores';

const INN = '7707083893';

/** The Directory port in memory (the DynamoDB one is held to the same in test/workflows/directory-store.test.ts). */
function memoryDirectory(experts: Expert[] = [], officials: Official[] = []) {
  const byExpert = new Map(experts.map((expert) => [expert.expertId, structuredClone(expert)]));
  const byOfficial = new Map(officials.map((official) => [official.officialId, structuredClone(official)]));
  let writes = 0;
  const page = <T>(items: T[]) => ({ items, next: null });
  const directory: Directory = {
    listExperts: async () => [...byExpert.values()].map((expert) => structuredClone(expert)),
    listExpertsPage: async () => page([...byExpert.values()]),
    getExpert: async (id) => structuredClone(byExpert.get(id) ?? null),
    async createExpert(expert) {
      if (byExpert.has(expert.expertId)) return false;
      writes++;
      byExpert.set(expert.expertId, { ...expert, openAssignments: 0 });
      return true;
    },
    async updateExpert(id, fields) {
      const current = byExpert.get(id);
      if (!current) return null;
      writes++;
      byExpert.set(id, { ...current, ...fields });
      return structuredClone(byExpert.get(id) ?? null);
    },
    listOfficials: async () => [...byOfficial.values()].map((official) => structuredClone(official)),
    listOfficialsPage: async () => page([...byOfficial.values()]),
    getOfficial: async (id) => structuredClone(byOfficial.get(id) ?? null),
    async createOfficial(official) {
      if (byOfficial.has(official.officialId)) return false;
      writes++;
      byOfficial.set(official.officialId, official);
      return true;
    },
    async updateOfficial(id, fields) {
      const current = byOfficial.get(id);
      if (!current) return null;
      writes++;
      byOfficial.set(id, { ...current, ...fields });
      return structuredClone(byOfficial.get(id) ?? null);
    },
  };
  return { directory, byExpert, byOfficial, writes: () => writes };
}

const expert = (expertId: string, overrides: Partial<Expert> = {}): Expert => ({
  expertId,
  name: `Expert ${expertId}`,
  email: `${expertId}@experts.example`,
  institution: 'CITY',
  sectors: ['it'],
  affiliationInn: INN,
  openAssignments: 0,
  active: true,
  ...overrides,
});

const official = (officialId: string, overrides: Partial<Official> = {}): Official => ({
  officialId,
  name: `Official ${officialId}`,
  email: `${officialId}@dept.example`,
  role: 'OFFICIAL',
  active: true,
  ...overrides,
});

const rows = (text: string) => csvRows(Readable.from([text]));

function world(experts: Expert[] = [], officials: Official[] = []) {
  const memory = memoryDirectory(experts, officials);
  const applications = fakeApplications();
  const tasks = fakeTasks(applications);
  return { ...memory, deps: { directory: memory.directory, applications, tasks } };
}

describe('adding and editing people', () => {
  it('adds an expert with a made id when none is given, its sectors sorted once each', async () => {
    const { deps } = world();
    const added = await addExpert(
      {
        name: 'Анна',
        email: 'anna@example.org',
        institution: 'CITY',
        sectors: ['robotics', 'it', 'robotics'],
        affiliationInn: INN,
        active: true,
      },
      deps,
    );
    expect(added.expertId).toMatch(/^exp_[0-9a-z]{26}$/);
    expect(added).toMatchObject({ sectors: ['it', 'robotics'], openAssignments: 0 });
  });

  it('refuses a taken id or a taken email (whatever its case) with 409 naming the field', async () => {
    const { deps } = world([expert('exp_a')]);
    const body = {
      name: 'X',
      institution: 'CITY' as const,
      sectors: ['it' as const],
      affiliationInn: INN,
      active: true,
    };
    await expect(
      addExpert({ ...body, expertId: 'exp_a', email: 'new@example.org' }, deps),
    ).rejects.toMatchObject({
      code: 'ALREADY_EXISTS',
      details: [{ path: 'expertId' }],
    });
    await expect(addExpert({ ...body, email: 'EXP_A@experts.example' }, deps)).rejects.toBeInstanceOf(
      ConflictError,
    );
    await expect(
      addOfficial(
        { officialId: 'off_x', name: 'X', email: 'off_a@dept.example', role: 'OFFICIAL', active: true },
        world([], [official('off_a')]).deps,
      ),
    ).rejects.toMatchObject({ code: 'DUPLICATE_EMAIL' });
  });

  it('edits keeping the load, lets a person keep their own email, and answers 404 for an unknown id', async () => {
    const { deps } = world([expert('exp_a', { openAssignments: 4 }), expert('exp_b')]);
    const { expert: changed } = await changeExpert(
      'exp_a',
      { email: 'exp_a@experts.example', name: 'New' },
      deps,
    );
    expect(changed).toMatchObject({ name: 'New', openAssignments: 4 });
    await expect(changeExpert('exp_a', { email: 'exp_b@experts.example' }, deps)).rejects.toMatchObject({
      code: 'DUPLICATE_EMAIL',
    });
    await expect(changeExpert('exp_zzz', { active: false }, deps)).rejects.toBeInstanceOf(NotFoundError);
    await expect(changeOfficial('off_zzz', { active: false }, deps)).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe('deactivating a person', () => {
  it('lists the pending reviews the expert holds, and only those', async () => {
    // Arrange: exp_a is on two panels in review (one answered already) and one closed application
    const { deps } = world([expert('exp_a'), expert('exp_b')]);
    const review = (expertIds: string[]) => ({
      expertIds,
      deadline: '2026-03-10T00:00:00.000Z',
      usedRelatedSectors: false,
    });
    for (const [id, status] of [
      ['app_0000000000000001', 'IN_REVIEW'],
      ['app_0000000000000002', 'IN_REVIEW'],
      ['app_0000000000000003', 'REJECTED'],
    ] as const) {
      await deps.applications.create(
        application({ applicationId: id, status, review: review(['exp_a', 'exp_b']) }),
        { at: '2026-03-01T00:00:00.000Z', action: 'SUBMITTED', actor: 'system' },
      );
      await deps.tasks.openReview({
        applicationId: id,
        expertId: 'exp_a',
        taskToken: `token-${id}`,
        linkId: `link-${id}`,
        expiresAt: new Date('2026-03-10T00:00:00.000Z'),
        requestedAt: '2026-03-01T00:00:00.000Z',
      });
    }
    const answered = await deps.tasks.getLink('link-app_0000000000000002');
    if (!answered) throw new Error('no link');
    await deps.tasks.recordReview({
      link: answered,
      expertId: 'exp_a',
      answer: {
        recommendation: 'APPROVE',
        scores: { innovation: 5, feasibility: 5, cooperation: 5 },
        answeredAt: '2026-03-02T00:00:00.000Z',
      },
      event: { at: '2026-03-02T00:00:00.000Z', action: 'REVIEW_SUBMITTED', actor: 'expert:exp_a' },
    });

    // Act
    const { expert: deactivated, openTasks } = await changeExpert('exp_a', { active: false }, deps);

    // Assert
    expect(deactivated.active).toBe(false);
    expect(openTasks).toEqual([
      {
        applicationId: 'app_0000000000000001',
        task: 'REVIEW',
        requestedAt: '2026-03-01T00:00:00.000Z',
        deadline: '2026-03-10T00:00:00.000Z',
      },
    ]);
    expect(await openTasksOf({ expertId: 'exp_b' }, deps)).toEqual([]);
  });

  it('lists the pending sign-off an official holds', async () => {
    const { deps } = world([], [official('off_a'), official('off_b')]);
    const id = 'app_0000000000000009';
    await deps.applications.create(application({ applicationId: id, status: 'AWAITING_SIGNOFF' }), {
      at: '2026-03-01T00:00:00.000Z',
      action: 'SUBMITTED',
      actor: 'system',
    });
    await deps.tasks.openSignoff({
      applicationId: id,
      officialId: 'off_a',
      taskToken: 'token',
      linkId: 'link-signoff',
      expiresAt: new Date('2026-03-15T00:00:00.000Z'),
      requestedAt: '2026-03-01T00:00:00.000Z',
      deadline: '2026-03-15T00:00:00.000Z',
    });

    const { openTasks } = await changeOfficial('off_a', { active: false }, deps);
    expect(openTasks).toEqual([
      {
        applicationId: id,
        task: 'SIGNOFF',
        requestedAt: '2026-03-01T00:00:00.000Z',
        deadline: '2026-03-15T00:00:00.000Z',
      },
    ]);
    expect((await changeOfficial('off_b', { active: false }, deps)).openTasks).toEqual([]);
  });
});

describe('the directory CSV import', () => {
  const header = 'expertId,name,email,institution,sectors,affiliationInn,active';

  it('reads a row: institution in any case, sectors by ";", active as yes/no, true/false, 1/0 or empty', () => {
    expect(
      expertFromRow({
        expertid: 'exp_1',
        name: 'Борис "Б"',
        email: 'b@example.org',
        institution: 'partner_institution',
        sectors: 'robotics; it;robotics',
        affiliationinn: INN,
        active: 'no',
      }),
    ).toEqual({
      expertId: 'exp_1',
      name: 'Борис "Б"',
      email: 'b@example.org',
      institution: 'PARTNER_INSTITUTION',
      sectors: ['it', 'robotics'],
      affiliationInn: INN,
      active: false,
    });
    expect(
      expertFromRow({
        expertid: 'exp_1',
        name: 'A',
        email: 'a@example.org',
        institution: 'CITY',
        sectors: 'it',
        affiliationinn: INN,
        active: '',
      }),
    ).toMatchObject({ active: true });
  });

  it('reports every bad row with its line and every reason, writes the rest, and a second run writes nothing', async () => {
    const memory = memoryDirectory([expert('exp_old', { openAssignments: 3 })]);
    const csv = [
      header,
      `exp_a,Анна,a@example.org,CITY,it;electronics,${INN},false`,
      `exp_b,"Борис ""Б""",b@example.org,partner_institution,robotics,${INN},no`,
      'exp_c,Bad,not-an-email,MOON,astrology,7707083894,maybe',
      `exp_a,Again,again@example.org,CITY,it,${INN},false`,
      `exp_d,Dup mail,EXP_OLD@experts.example,CITY,it,${INN},`,
      `exp_old,Renamed,exp_old@experts.example,CITY,it,${INN},yes`,
    ].join('\n');

    const first = await importExperts(rows(csv), { directory: memory.directory });

    expect(first).toMatchObject({ rows: 6, created: 2, updated: 1, unchanged: 0 });
    expect(first.rejected.map((row) => [row.line, row.key])).toEqual([
      [4, 'exp_c'],
      [5, 'exp_a'],
      [6, 'exp_d'],
    ]);
    expect(first.rejected[0]?.reasons.map((reason) => reason.split(':')[0])).toEqual(
      expect.arrayContaining(['email', 'institution', 'sectors[0]', 'affiliationInn', 'active']),
    );
    expect(first.rejected[1]?.reasons).toEqual(['duplicate: the same expertId is on line 2']);
    expect(first.rejected[2]?.reasons).toEqual(['email: exp_old has this email already']);
    expect(memory.byExpert.get('exp_old')).toMatchObject({ name: 'Renamed', openAssignments: 3 });
    expect(memory.byExpert.get('exp_b')).toMatchObject({
      name: 'Борис "Б"',
      institution: 'PARTNER_INSTITUTION',
      active: false,
    });

    const writes = memory.writes();
    const again = await importExperts(rows(csv), { directory: memory.directory });
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 3 });
    expect(memory.writes()).toBe(writes);
  });

  it('checks only in a dry run, and imports officials the same way', async () => {
    const memory = memoryDirectory();
    const csv = [
      'officialId,name,email,role,active,position',
      'off_x,Ирина,i@dept.example,head,,Руководитель',
      'off_y,Y,y@dept.example,KING,,',
    ].join('\n');

    const dry = await importOfficials(rows(csv), { directory: memory.directory, dryRun: true });
    expect(dry).toMatchObject({ rows: 2, created: 1 });
    expect(dry.rejected).toEqual([{ line: 3, key: 'off_y', reasons: [expect.stringMatching(/^role:/)] }]);
    expect(memory.writes()).toBe(0);

    await importOfficials(rows(csv), { directory: memory.directory });
    expect(memory.byOfficial.get('off_x')).toEqual({
      officialId: 'off_x',
      name: 'Ирина',
      email: 'i@dept.example',
      role: 'HEAD',
      active: true,
      position: 'Руководитель',
    });
  });
});
