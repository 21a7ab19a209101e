import type * as z from 'zod';
import { forEachLimited } from '#shared/concurrency';
import type { Expert } from '#shared/domain/assignment';
import type { Official } from '#shared/domain/registry';
import { newExpertSchema, newOfficialSchema, personIdSchema } from '#shared/schemas/directory';
import { validationDetails } from '#shared/schemas/parse';
import {
  type CsvRow,
  type ImportOptions,
  importRows,
  type RowImport,
  type RowImportReport,
} from '#shared/use-cases/import-registry';
import type { Directory } from '#shared/use-cases/ports';

/**
 * The expert and official directories from an operator's CSV, the same way
 * as the registry (`importRows`: one report line per rejected row with every
 * reason, only new or changed people written, a second run writes nothing).
 * Columns and examples: docs/directory-import.md. A row names its person by
 * id: a known id updates that person (an expert keeps its open-review load),
 * an unknown one adds them. Emails stay unique within a directory.
 */

export const EXPERT_COLUMNS = [
  'expertId',
  'name',
  'email',
  'institution',
  'sectors',
  'affiliationInn',
  'active',
] as const;
export const OFFICIAL_COLUMNS = ['officialId', 'name', 'email', 'role', 'active', 'position'] as const;

type Column = (typeof EXPERT_COLUMNS)[number] | (typeof OFFICIAL_COLUMNS)[number];

/** The header row is matched without regard to case (`expertid` is `expertId`). */
function cell(record: CsvRow['record'], column: Column): string {
  const wanted = column.toLowerCase();
  for (const [name, value] of Object.entries(record)) {
    if (name.toLowerCase() === wanted) return (value ?? '').trim();
  }
  return '';
}

const TRUE = new Set(['true', 'yes', '1', 'да']);
const FALSE = new Set(['false', 'no', '0', 'нет']);

/** `active`: empty means active; true/false, yes/no, 1/0 or да/нет. */
function activeOf(text: string): boolean | string {
  const value = text.toLowerCase();
  if (value === '' || TRUE.has(value)) return true;
  if (FALSE.has(value)) return false;
  return text;
}

function parsedRow<S extends z.ZodType>(schema: S, candidate: unknown): z.infer<S> | { reasons: string[] } {
  const result = schema.safeParse(candidate);
  if (result.success) return result.data;
  return { reasons: validationDetails(result.error).map((detail) => `${detail.path}: ${detail.message}`) };
}

const expertRowSchema = newExpertSchema.extend({ expertId: personIdSchema });
const officialRowSchema = newOfficialSchema.extend({ officialId: personIdSchema });

export type ImportedExpert = Omit<Expert, 'openAssignments'> & { active: boolean };

export function expertFromRow(record: CsvRow['record']): ImportedExpert | { reasons: string[] } {
  const parsed = parsedRow(expertRowSchema, {
    expertId: cell(record, 'expertId'),
    name: cell(record, 'name'),
    email: cell(record, 'email'),
    institution: cell(record, 'institution').toUpperCase(),
    sectors: cell(record, 'sectors')
      .split(';')
      .map((sector) => sector.trim())
      .filter(Boolean),
    affiliationInn: cell(record, 'affiliationInn'),
    active: activeOf(cell(record, 'active')),
  });
  if ('reasons' in parsed) return parsed;
  return { ...parsed, sectors: [...new Set(parsed.sectors)].sort() };
}

export function officialFromRow(record: CsvRow['record']): Official | { reasons: string[] } {
  const position = cell(record, 'position');
  return parsedRow(officialRowSchema, {
    officialId: cell(record, 'officialId'),
    name: cell(record, 'name'),
    email: cell(record, 'email'),
    role: cell(record, 'role').toUpperCase() || 'OFFICIAL',
    active: activeOf(cell(record, 'active')),
    ...(position ? { position } : {}),
  });
}

const normalEmail = (email: string) => email.trim().toLowerCase();

/**
 * Emails unique within the directory: a row may not take the email of
 * another stored person (unless that person's own row moves it away first:
 * the file is read in order) or of an earlier row.
 */
function uniqueEmails<T extends { email: string }>(
  stored: ReadonlyMap<string, T>,
  keyOf: (item: T) => string,
) {
  const owner = new Map<string, string>();
  for (const [id, person] of stored) owner.set(normalEmail(person.email), id);
  return (item: T): string[] => {
    const email = normalEmail(item.email);
    const holder = owner.get(email);
    if (holder !== undefined && holder !== keyOf(item)) {
      return [`email: ${holder} has this email already`];
    }
    const previous = stored.get(keyOf(item));
    if (previous && owner.get(normalEmail(previous.email)) === keyOf(item)) {
      owner.delete(normalEmail(previous.email));
    }
    owner.set(email, keyOf(item));
    return [];
  };
}

const sameFields = (fields: readonly string[]) => (a: object, b: object) =>
  fields.every(
    (field) =>
      JSON.stringify((a as Record<string, unknown>)[field] ?? null) ===
      JSON.stringify((b as Record<string, unknown>)[field] ?? null),
  );

const WRITE_PARALLELISM = 4;

export type DirectoryImportDeps = ImportOptions & {
  directory: Pick<
    Directory,
    'listExperts' | 'createExpert' | 'updateExpert' | 'listOfficials' | 'createOfficial' | 'updateOfficial'
  >;
};

/** The directory is small (hundreds of people): it is read once, whole, before the rows. */
export async function importExperts(
  rows: AsyncIterable<CsvRow>,
  deps: DirectoryImportDeps,
): Promise<RowImportReport> {
  const stored = new Map((await deps.directory.listExperts()).map((expert) => [expert.expertId, expert]));
  const spec: RowImport<ImportedExpert> = {
    keyColumn: 'expertId',
    fromRow: expertFromRow,
    keyOf: (expert) => expert.expertId,
    conflicts: uniqueEmails<ImportedExpert>(
      stored as Map<string, ImportedExpert>,
      (expert) => expert.expertId,
    ),
    existing: async (ids) =>
      new Map(ids.flatMap((id) => (stored.has(id) ? [[id, stored.get(id) as ImportedExpert] as const] : []))),
    same: sameFields(EXPERT_COLUMNS.filter((column) => column !== 'expertId')),
    write: (changed, existing) =>
      forEachLimited(changed, WRITE_PARALLELISM, async ({ expertId, ...fields }) => {
        if (existing.has(expertId)) await deps.directory.updateExpert(expertId, fields);
        else await deps.directory.createExpert({ expertId, ...fields });
      }),
  };
  return importRows(rows, spec, deps);
}

export async function importOfficials(
  rows: AsyncIterable<CsvRow>,
  deps: DirectoryImportDeps,
): Promise<RowImportReport> {
  const stored = new Map(
    (await deps.directory.listOfficials()).map((official) => [official.officialId, official]),
  );
  const spec: RowImport<Official> = {
    keyColumn: 'officialId',
    fromRow: officialFromRow,
    keyOf: (official) => official.officialId,
    conflicts: uniqueEmails<Official>(stored, (official) => official.officialId),
    existing: async (ids) =>
      new Map(ids.flatMap((id) => (stored.has(id) ? [[id, stored.get(id) as Official] as const] : []))),
    same: sameFields(OFFICIAL_COLUMNS.filter((column) => column !== 'officialId')),
    write: (changed, existing) =>
      forEachLimited(changed, WRITE_PARALLELISM, async ({ officialId, ...fields }) => {
        if (existing.has(officialId)) await deps.directory.updateOfficial(officialId, fields);
        else await deps.directory.createOfficial({ officialId, ...fields });
      }),
  };
  return importRows(rows, spec, deps);
}
