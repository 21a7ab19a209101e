import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { Organization } from '#shared/domain/registry';
import { csvRows, importRegistry, organizationFromRow } from '#shared/use-cases/import-registry';
import { registryCsv } from '#test/support/registry-csv';

function memoryRegistry() {
  const stored = new Map<string, Organization>();
  let writes = 0;
  return {
    stored,
    writes: () => writes,
    getOrganizations: async (inns: readonly string[]) =>
      new Map(
        inns.flatMap((inn) =>
          stored.has(inn) ? [[inn, structuredClone(stored.get(inn) as Organization)] as const] : [],
        ),
      ),
    putOrganizations: async (organizations: readonly Organization[]) => {
      writes += organizations.length;
      for (const organization of organizations) stored.set(organization.inn, structuredClone(organization));
    },
  };
}

describe('a registry row', () => {
  it('becomes an organization with its sectors sorted and deduplicated', () => {
    expect(
      organizationFromRow({
        inn: '7707083893',
        ogrn: '1027700132195',
        name: 'Сбербанк',
        sectors: 'it; electronics;it',
        status: 'active',
        email: 'a@b.ru',
      }),
    ).toEqual({
      inn: '7707083893',
      ogrn: '1027700132195',
      name: 'Сбербанк',
      sectors: ['electronics', 'it'],
      status: 'ACTIVE',
      email: 'a@b.ru',
    });
  });

  it('is refused with every reason at once', () => {
    expect(
      organizationFromRow({
        inn: '7707083894',
        ogrn: '1',
        name: '',
        sectors: 'magic',
        status: 'GONE',
        email: 'nope',
      }),
    ).toEqual({
      reasons: [
        'inn: check digit is not valid',
        'name: missing',
        'sectors: unknown sector "magic"',
        'status: must be ACTIVE or SUSPENDED',
        'email: not a valid address',
      ],
    });
    expect(
      organizationFromRow({
        inn: '7707083893',
        ogrn: '1027700132196',
        name: 'X',
        sectors: 'it',
        status: 'ACTIVE',
        email: 'a@b.ru',
      }),
    ).toEqual({
      reasons: ['ogrn: not a valid 13-digit OGRN'],
    });
  });
});

describe('importing a registry file', () => {
  it('reports each bad row by line, writes the rest, and changes nothing when run again', async () => {
    const csv = registryCsv(2500);
    const registry = memoryRegistry();
    const progress: number[] = [];
    const first = await importRegistry(csvRows(Readable.from(csv.text)), {
      registry,
      onProgress: (report) => progress.push(report.rows),
    });

    expect(first.rejected.map((row) => row.line)).toEqual(csv.bad.map((bad) => bad.line));
    for (const [index, bad] of csv.bad.entries())
      expect(first.rejected[index]?.reasons.join('; ')).toMatch(bad.reason);
    expect(first).toMatchObject({ rows: 2501, created: csv.valid, updated: 0, unchanged: 0 });
    expect(progress.length).toBeGreaterThanOrEqual(3);

    const writes = registry.writes();
    const second = await importRegistry(csvRows(Readable.from(csv.text)), { registry });
    expect(second).toMatchObject({ created: 0, updated: 0, unchanged: csv.valid });
    expect(registry.writes()).toBe(writes);
  });

  it('updates only the organizations whose row changed, and a dry run writes nothing', async () => {
    const registry = memoryRegistry();
    const header = 'inn,ogrn,name,sectors,status,email\n';
    const row = (status: string) => `7707083893,1027700132195,Сбербанк,it,${status},a@b.ru\n`;
    await importRegistry(csvRows(Readable.from(header + row('ACTIVE'))), { registry });
    const dry = await importRegistry(csvRows(Readable.from(header + row('SUSPENDED'))), {
      registry,
      dryRun: true,
    });
    expect(dry).toMatchObject({ updated: 1 });
    expect(registry.stored.get('7707083893')?.status).toBe('ACTIVE');
    await importRegistry(csvRows(Readable.from(header + row('SUSPENDED'))), { registry });
    expect(registry.stored.get('7707083893')?.status).toBe('SUSPENDED');
  });
});
