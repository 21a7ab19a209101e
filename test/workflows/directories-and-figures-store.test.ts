import { execFile } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { dynamoApplicationStore } from '#shared/adapters/application-store';
import { documentClient } from '#shared/adapters/dynamodb';
import { dynamoFigures } from '#shared/adapters/figures-store';
import { dynamoRegistryStore } from '#shared/adapters/registry-store';
import type { Expert } from '#shared/domain/assignment';
import { bucketOf } from '#shared/domain/figures';
import { programmeFigures } from '#shared/use-cases/programme-figures';
import { application, clockAt } from '#test/support/in-memory-stores';
import { suiteDynamoDbEndpoint } from '#test/support/lanes';
import { createTestTable } from '#test/support/test-table';
import { scaled } from '#test/support/timeouts';

/**
 * The directory writes and the figures' running aggregates on DynamoDB Local: conditional creates,
 * edits that keep an expert's load, paging; the counters every status change adds, read back in
 * one batch; and `npm run directory:import` against a table.
 */
const INN = '7707083893';
let tableName: string;
let registry: ReturnType<typeof dynamoRegistryStore>;

beforeAll(async () => {
  tableName = await createTestTable(suiteDynamoDbEndpoint());
  registry = dynamoRegistryStore(documentClient, tableName);
});

const expert = (expertId: string): Omit<Expert, 'openAssignments'> => ({
  expertId,
  name: `Expert ${expertId}`,
  email: `${expertId}@experts.example`,
  institution: 'CITY',
  sectors: ['it'],
  affiliationInn: INN,
  active: true,
});

describe('the directory store', () => {
  it('creates once, edits keeping the load, answers null for an unknown id, and pages', async () => {
    expect(await registry.createExpert(expert('exp_a'))).toBe(true);
    expect(await registry.createExpert({ ...expert('exp_a'), name: 'Other' })).toBe(false);
    await registry.adjustExpertLoad(['exp_a'], 2);
    expect(await registry.updateExpert('exp_a', { active: false, name: 'Renamed' })).toMatchObject({
      name: 'Renamed',
      active: false,
      openAssignments: 2,
    });
    expect(await registry.updateExpert('exp_missing', { active: false })).toBeNull();
    // An expert stored before deactivation existed (no flag) reads as active.
    const { active: _active, ...legacy } = expert('exp_b');
    await registry.putExperts([{ ...legacy, openAssignments: 0 } as Expert]);
    expect((await registry.getExpert('exp_b'))?.active).toBe(true);
    for (const id of ['exp_c', 'exp_d', 'exp_e']) await registry.createExpert(expert(id));

    const first = await registry.listExpertsPage({ limit: 2 });
    expect(first.items).toHaveLength(2);
    const second = await registry.listExpertsPage({ limit: 10, cursor: first.next ?? undefined });
    expect([...first.items, ...second.items].map((entry) => entry.expertId)).toEqual([
      'exp_a',
      'exp_b',
      'exp_c',
      'exp_d',
      'exp_e',
    ]);
    expect(second.next).toBeNull();

    const official = {
      officialId: 'off_a',
      name: 'A',
      email: 'a@dept.example',
      role: 'OFFICIAL' as const,
      active: true,
    };
    expect(await registry.createOfficial(official)).toBe(true);
    expect(await registry.createOfficial(official)).toBe(false);
    expect(await registry.updateOfficial('off_a', { role: 'HEAD' })).toMatchObject({
      role: 'HEAD',
      active: true,
    });
    expect(await registry.updateOfficial('off_zz', { role: 'HEAD' })).toBeNull();
  });

  it('imports a CSV with npm run directory:import, writing the rejected rows beside it', {
    timeout: scaled(60_000),
  }, async () => {
    const folder = await mkdtemp(join(tmpdir(), 'directory-import-'));
    const file = join(folder, 'officials.csv');
    await writeFile(
      file,
      [
        'officialId,name,email,role,active,position',
        'off_csv_1,Ирина,i@csv.example,HEAD,,Руководитель',
        'off_csv_2,Bad,bad,KING,,',
      ].join('\n'),
    );
    const run = () =>
      promisify(execFile)(
        'npx',
        ['tsx', 'scripts/directory-import.ts', 'officials', file, '--table', tableName],
        {
          env: {
            ...process.env,
            AWS_ENDPOINT_URL_DYNAMODB: suiteDynamoDbEndpoint(),
            AWS_REGION: 'local',
            AWS_ACCESS_KEY_ID: 'local',
            AWS_SECRET_ACCESS_KEY: 'local',
          },
        },
      );

    const first = await run();
    expect(first.stdout).toContain('2 rows');
    expect(first.stdout).toContain('1 created, 0 updated, 0 unchanged, 1 rejected');
    expect(first.stdout).toMatch(/line 3 \(off_csv_2\): email: .*; role: /);
    const rejected = await readFile(join(folder, 'officials.rejected.csv'), 'utf8');
    expect(rejected.split('\n')[0]).toBe('line,officialId,reasons');
    expect(rejected).toContain('3,"off_csv_2"');
    expect(await registry.getOfficial('off_csv_1')).toMatchObject({ role: 'HEAD', position: 'Руководитель' });
    expect((await run()).stdout).toContain('0 created, 0 updated, 1 unchanged, 1 rejected');
  });
});

describe("npm run registry:import (sharing the import command's parts)", () => {
  it('still loads organizations and writes line,inn,reasons for the rejected rows', {
    timeout: scaled(60_000),
  }, async () => {
    const folder = await mkdtemp(join(tmpdir(), 'registry-import-'));
    const file = join(folder, 'participants.csv');
    await writeFile(
      file,
      [
        'inn,ogrn,name,sectors,status,email',
        `${INN},1027700132195,Сбербанк,it,ACTIVE,info@example.ru`,
        '7707083894,1,Bad,it,ACTIVE,x@example.ru',
      ].join('\n'),
    );
    const { stdout } = await promisify(execFile)(
      'npx',
      ['tsx', 'scripts/registry-import.ts', file, '--table', tableName],
      {
        env: {
          ...process.env,
          AWS_ENDPOINT_URL_DYNAMODB: suiteDynamoDbEndpoint(),
          AWS_REGION: 'local',
          AWS_ACCESS_KEY_ID: 'local',
          AWS_SECRET_ACCESS_KEY: 'local',
        },
      },
    );
    expect(stdout).toContain('line 3 (7707083894): inn: check digit is not valid');
    expect(stdout).toContain('1 created, 0 updated, 0 unchanged, 1 rejected');
    expect(
      (await readFile(join(folder, 'participants.rejected.csv'), 'utf8')).split('\n').slice(0, 2),
    ).toEqual(['line,inn,reasons', '3,"7707083894","inn: check digit is not valid"']);
    expect((await registry.getOrganization(INN))?.name).toBe('Сбербанк');
  });
});

describe('the programme figures', () => {
  it('follow every status change: counts by status, stage-time buckets, assignments, missed deadlines', async () => {
    // Arrange: a fresh table; one application submitted, reviewed in 3 days, expired at sign-off a day later
    const table = await createTestTable(suiteDynamoDbEndpoint());
    const applications = dynamoApplicationStore(documentClient, table);
    const figures = dynamoFigures(documentClient, table);
    const id = 'app_00000000000000000figures';
    const created = application({
      applicationId: id,
      status: 'SUBMITTED',
      createdAt: '2026-11-01T10:00:00.000Z',
      updatedAt: '2026-11-01T10:00:00.000Z',
      version: 1,
      review: null,
    });
    await applications.create(created, { at: created.createdAt, action: 'SUBMITTED', actor: 'system' });
    const step = (from: string, to: string, at: string, patch = {}) =>
      applications.transition({
        applicationId: id,
        from: [from as never],
        to: to as never,
        at,
        action: `TO_${to}`,
        actor: 'system',
        patch,
      });
    await step('SUBMITTED', 'CHECKING_ELIGIBILITY', '2026-11-01T10:00:05.000Z');
    await step('CHECKING_ELIGIBILITY', 'IN_REVIEW', '2026-11-01T10:01:00.000Z', {
      review: {
        expertIds: ['exp_1', 'exp_2', 'exp_3'],
        deadline: '2026-11-11T10:00:00.000Z',
        usedRelatedSectors: false,
      },
    });
    await step('IN_REVIEW', 'AWAITING_SIGNOFF', '2026-11-04T10:01:00.000Z', {
      tally: {
        assigned: 3,
        received: 2,
        quorum: 2,
        quorumMet: true,
        recommendations: { APPROVE: 2, REJECT: 0 },
        averageScores: null,
      },
    });
    await step('AWAITING_SIGNOFF', 'EXPIRED', '2026-11-05T10:01:00.000Z');

    // Act
    const read = await figures.read(['2026-11-01', '2026-11-04', '2026-11-05']);
    const view = await programmeFigures({
      figures,
      directory: { listExperts: async () => [] },
      clock: clockAt('2026-11-05T12:00:00.000Z'),
    });

    // Assert
    expect(read.inStatus).toMatchObject({
      SUBMITTED: 0,
      CHECKING_ELIGIBILITY: 0,
      IN_REVIEW: 0,
      AWAITING_SIGNOFF: 0,
      EXPIRED: 1,
    });
    expect(read.byDay.get('2026-11-01')).toMatchObject({
      'entered#SUBMITTED': 1,
      'entered#CHECKING_ELIGIBILITY': 1,
      'entered#IN_REVIEW': 1,
      [`stage#SUBMITTED#${bucketOf(5)}`]: 1,
      'assigned#exp_1': 1,
      'assigned#exp_3': 1,
    });
    expect(read.byDay.get('2026-11-04')).toMatchObject({
      [`stage#IN_REVIEW#${bucketOf(3 * 86_400)}`]: 1,
      'missed#REVIEW': 1,
    });
    expect(read.byDay.get('2026-11-05')).toMatchObject({
      'entered#EXPIRED': 1,
      'missed#EXPIRED_IN_AWAITING_SIGNOFF': 1,
      [`stage#TOTAL#${bucketOf(4 * 86_400 + 60)}`]: 1,
    });
    const month = view.windows[0];
    expect(view.countsByStatus.EXPIRED).toBe(1);
    expect(month?.entered.SUBMITTED).toBe(1);
    expect(month?.missedDeadlines).toEqual({ REVIEW: 1, EXPIRED_IN_AWAITING_SIGNOFF: 1 });
    const review = month?.stages.find((stage) => stage.stage === 'IN_REVIEW');
    expect(Math.abs((review?.medianSeconds ?? 0) - 3 * 86_400) / (3 * 86_400)).toBeLessThan(0.045);
    expect((await applications.get(id))?.statusSince).toBe('2026-11-05T10:01:00.000Z');
  });
});
