import type { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import * as z from 'zod';
import { isValidInn, isValidRegistrationNumber } from '#shared/domain/inn';
import type { Organization } from '#shared/domain/registry';
import { isSector } from '#shared/domain/sectors';
import type { Registry } from '#shared/use-cases/ports';

/**
 * Loading the participant registry from the operator's CSV (format in
 * docs/registry-import.md): every row is checked, bad rows are reported with
 * their line and reasons and never written, and only organizations that are
 * new or changed are written, so a second run of the same file writes nothing.
 */

export const REGISTRY_COLUMNS = ['inn', 'ogrn', 'name', 'sectors', 'status', 'email'] as const;

export interface CsvRow {
  line: number;
  record: Record<string, string | undefined>;
}

export interface RejectedRow {
  line: number;
  inn: string;
  reasons: string[];
}

export interface ImportReport {
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  rejected: RejectedRow[];
}

const email = z.email();

/** The organization a row describes, or why it cannot be one. */
export function organizationFromRow(record: CsvRow['record']): Organization | { reasons: string[] } {
  const value = (column: (typeof REGISTRY_COLUMNS)[number]) => (record[column] ?? '').trim();
  const reasons: string[] = [];
  const inn = value('inn');
  const ogrn = value('ogrn');
  if (!/^(\d{10}|\d{12})$/.test(inn)) reasons.push('inn: must be 10 or 12 digits');
  else if (!isValidInn(inn)) reasons.push('inn: check digit is not valid');
  else if (!isValidRegistrationNumber(inn, ogrn)) {
    reasons.push(inn.length === 10 ? 'ogrn: not a valid 13-digit OGRN' : 'ogrn: not a valid 15-digit OGRNIP');
  }
  const name = value('name');
  if (!name) reasons.push('name: missing');
  const sectors = value('sectors')
    .split(';')
    .map((sector) => sector.trim())
    .filter(Boolean);
  if (sectors.length === 0) reasons.push('sectors: missing');
  for (const sector of sectors.filter((candidate) => !isSector(candidate))) {
    reasons.push(`sectors: unknown sector "${sector}"`);
  }
  const status = value('status').toUpperCase();
  if (status !== 'ACTIVE' && status !== 'SUSPENDED') reasons.push('status: must be ACTIVE or SUSPENDED');
  if (!email.safeParse(value('email')).success) reasons.push('email: not a valid address');
  if (reasons.length > 0) return { reasons };
  return {
    inn,
    ogrn,
    name,
    sectors: [...new Set(sectors)].filter(isSector).sort(),
    status: status as Organization['status'],
    email: value('email'),
  };
}

/** Rows of a CSV stream with their line numbers (header row first; `;` inside the sectors column). */
export async function* csvRows(input: Readable): AsyncGenerator<CsvRow> {
  const parser = input.pipe(
    parse({
      columns: (header: string[]) => header.map((column) => column.trim().toLowerCase()),
      bom: true,
      trim: true,
      skip_empty_lines: true,
      info: true,
      relax_column_count: true,
    }),
  );
  for await (const { record, info } of parser as AsyncIterable<{
    record: CsvRow['record'];
    info: { lines: number };
  }>) {
    yield { line: info.lines, record };
  }
}

function sameOrganization(a: Organization, b: Organization): boolean {
  return (
    a.ogrn === b.ogrn &&
    a.name === b.name &&
    a.status === b.status &&
    a.email === b.email &&
    [...a.sectors].sort().join(';') === [...b.sectors].sort().join(';')
  );
}

export interface ImportDeps {
  registry: Pick<Registry, 'getOrganizations' | 'putOrganizations'>;
  /** Called after every batch with the rows read so far. */
  onProgress?: (report: ImportReport) => void;
  dryRun?: boolean;
  batchSize?: number;
}

export async function importRegistry(rows: AsyncIterable<CsvRow>, deps: ImportDeps): Promise<ImportReport> {
  const report: ImportReport = { rows: 0, created: 0, updated: 0, unchanged: 0, rejected: [] };
  const seen = new Map<string, number>();
  let batch: Organization[] = [];

  const flush = async () => {
    if (batch.length === 0) return;
    const existing = await deps.registry.getOrganizations(batch.map((organization) => organization.inn));
    const changed = batch.filter((organization) => {
      const before = existing.get(organization.inn);
      if (!before) report.created++;
      else if (sameOrganization(before, organization)) report.unchanged++;
      else report.updated++;
      return !before || !sameOrganization(before, organization);
    });
    if (changed.length > 0 && !deps.dryRun) await deps.registry.putOrganizations(changed, existing);
    batch = [];
    deps.onProgress?.(report);
  };

  for await (const { line, record } of rows) {
    report.rows++;
    const parsed = organizationFromRow(record);
    const inn = (record.inn ?? '').trim();
    const firstLine = seen.get(inn);
    if ('reasons' in parsed) {
      report.rejected.push({ line, inn, reasons: parsed.reasons });
    } else if (firstLine !== undefined) {
      report.rejected.push({ line, inn, reasons: [`duplicate: the same INN is on line ${firstLine}`] });
    } else {
      seen.set(inn, line);
      batch.push(parsed);
      if (batch.length >= (deps.batchSize ?? 1000)) await flush();
    }
  }
  await flush();
  return report;
}
