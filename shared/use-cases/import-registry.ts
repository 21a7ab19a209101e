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

/** Options every import takes: progress after each batch, a dry run, the batch size. */
export interface ImportOptions<R = RowImportReport> {
  /** Called after every batch with the rows read so far. */
  onProgress?: (report: R) => void;
  dryRun?: boolean;
  batchSize?: number;
}

/**
 * What one kind of record needs to be imported from CSV rows (the registry's
 * organizations, the expert and official directories): the rest (the
 * report, duplicates within the file, batching, writing only what changed,
 * the dry run) is `importRows`.
 */
export interface RowImport<T> {
  /** The column naming a row (`inn`, `expertId`): reported with rejected rows; a repeated key is refused. */
  keyColumn: string;
  /** How the report names the key (`INN`); the column name by default. */
  keyLabel?: string;
  fromRow(record: CsvRow['record']): T | { reasons: string[] };
  keyOf(item: T): string;
  /** Why an otherwise valid row cannot be taken, given the rows taken before it (none: it can). */
  conflicts?(item: T): string[];
  /** The stored records among a batch's keys. */
  existing(keys: readonly string[]): Promise<ReadonlyMap<string, T>>;
  same(stored: T, item: T): boolean;
  /** Writes the batch's new and changed records (`existing`: as stored before). */
  write(changed: readonly T[], existing: ReadonlyMap<string, T>): Promise<void>;
}

/** Rejected rows as the import reports them: the line, the row's key, every reason. */
export interface RejectedKeyedRow {
  line: number;
  key: string;
  reasons: string[];
}

export interface RowImportReport extends Omit<ImportReport, 'rejected'> {
  rejected: RejectedKeyedRow[];
}

export async function importRows<T>(
  rows: AsyncIterable<CsvRow>,
  spec: RowImport<T>,
  options: ImportOptions = {},
): Promise<RowImportReport> {
  const report: RowImportReport = { rows: 0, created: 0, updated: 0, unchanged: 0, rejected: [] };
  const seen = new Map<string, number>();
  let batch: T[] = [];

  const flush = async () => {
    if (batch.length === 0) return;
    const existing = await spec.existing(batch.map(spec.keyOf));
    const changed = batch.filter((item) => {
      const before = existing.get(spec.keyOf(item));
      if (!before) report.created++;
      else if (spec.same(before, item)) report.unchanged++;
      else report.updated++;
      return !before || !spec.same(before, item);
    });
    if (changed.length > 0 && !options.dryRun) await spec.write(changed, existing);
    batch = [];
    options.onProgress?.(report);
  };

  for await (const { line, record } of rows) {
    report.rows++;
    const parsed = spec.fromRow(record);
    // Header names are read in lower case (csvRows).
    const key = (record[spec.keyColumn.toLowerCase()] ?? '').trim();
    const firstLine = seen.get(key);
    if (typeof parsed === 'object' && parsed !== null && 'reasons' in parsed) {
      report.rejected.push({ line, key, reasons: parsed.reasons });
    } else if (firstLine !== undefined) {
      report.rejected.push({
        line,
        key,
        reasons: [`duplicate: the same ${spec.keyLabel ?? spec.keyColumn} is on line ${firstLine}`],
      });
    } else {
      const conflicts = spec.conflicts?.(parsed) ?? [];
      if (conflicts.length > 0) {
        report.rejected.push({ line, key, reasons: conflicts });
        continue;
      }
      seen.set(key, line);
      batch.push(parsed);
      if (batch.length >= (options.batchSize ?? 1000)) await flush();
    }
  }
  await flush();
  return report;
}

export interface ImportDeps extends ImportOptions<ImportReport> {
  registry: Pick<Registry, 'getOrganizations' | 'putOrganizations'>;
}

export async function importRegistry(rows: AsyncIterable<CsvRow>, deps: ImportDeps): Promise<ImportReport> {
  const asRegistryReport = (report: RowImportReport): ImportReport => ({
    ...report,
    rejected: report.rejected.map(({ line, key, reasons }) => ({ line, inn: key, reasons })),
  });
  const report = await importRows<Organization>(
    rows,
    {
      keyColumn: 'inn',
      keyLabel: 'INN',
      fromRow: organizationFromRow,
      keyOf: (organization) => organization.inn,
      existing: (inns) => deps.registry.getOrganizations(inns),
      same: sameOrganization,
      write: (changed, existing) => deps.registry.putOrganizations(changed, existing),
    },
    {
      dryRun: deps.dryRun,
      batchSize: deps.batchSize,
      onProgress: (progress) => deps.onProgress?.(asRegistryReport(progress)),
    },
  );
  return asRegistryReport(report);
}
