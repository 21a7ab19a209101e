import * as z from 'zod';
import { INSTITUTIONS } from '#shared/domain/assignment';
import { SECTORS } from '#shared/domain/sectors';
import { formControlFields, innSchema, LIMITS, sectorSchema } from '#shared/schemas/api';
import { cleanText, lineText } from '#shared/schemas/text';

/**
 * The expert and official directories as operators edit them
 * (`/admin/api/experts`, `/admin/api/officials`, and their CSV import).
 * A POST gives every field (the id is made when absent); a PUT gives the
 * fields it changes (`{"active": false}` deactivates).
 */

/** Ids as the directories use them (`exp_it_1`, `off_2`): letters, digits, `_`, `-`, `.`. */
export const personIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, 'must be 1-64 letters, digits, "_", "-" or "."')
  // The console's pages use these words in their paths (`/admin/experts/new`).
  .refine((id) => id !== 'new' && id !== 'import', 'must not be "new" or "import"')
  .meta({ description: 'An id in the directory', example: 'exp_it_1' });

const emailSchema = z.email().max(LIMITS.emailLength).check(cleanText('single'));

const expertFields = {
  name: lineText(LIMITS.nameLength),
  email: emailSchema,
  institution: z.enum(INSTITUTIONS),
  sectors: z.array(sectorSchema).min(1).max(SECTORS.length),
  affiliationInn: innSchema,
  active: z.boolean(),
};

export const newExpertSchema = z
  .strictObject({ expertId: personIdSchema.optional(), ...expertFields, active: z.boolean().default(true) })
  .meta({ id: 'NewExpert' });

const atLeastOneField = [
  (value: Record<string, unknown>) => Object.keys(value).length > 0,
  { message: 'give at least one field to change' },
] as const;

export const expertChangeSchema = z
  .strictObject(expertFields)
  .partial()
  .refine(...atLeastOneField)
  .meta({ id: 'ExpertChange' });

export const OFFICIAL_ROLES = ['OFFICIAL', 'HEAD'] as const;

const officialFields = {
  name: lineText(LIMITS.nameLength),
  email: emailSchema,
  role: z.enum(OFFICIAL_ROLES),
  active: z.boolean(),
  position: lineText(LIMITS.nameLength).optional(),
};

export const newOfficialSchema = z
  .strictObject({
    officialId: personIdSchema.optional(),
    ...officialFields,
    role: z.enum(OFFICIAL_ROLES).default('OFFICIAL'),
    active: z.boolean().default(true),
  })
  .meta({ id: 'NewOfficial' });

export const officialChangeSchema = z
  .strictObject(officialFields)
  .partial()
  .refine(...atLeastOneField)
  .meta({ id: 'OfficialChange' });

export type NewExpert = z.infer<typeof newExpertSchema>;
export type ExpertChange = z.infer<typeof expertChangeSchema>;
export type NewOfficial = z.infer<typeof newOfficialSchema>;
export type OfficialChange = z.infer<typeof officialChangeSchema>;

/** `?dryRun=true` checks a CSV and writes nothing. */
export const importQuerySchema = z.strictObject({
  dryRun: z
    .enum(['true', 'false'])
    .optional()
    .transform((value) => value === 'true'),
});

/**
 * The console's directory forms (`/admin/experts`, `/admin/officials`), as posted: an expert's
 * sectors one value per ticked box; an edit form either changes the fields or, from its own
 * button, only `active`. Empty optional fields are dropped before parsing.
 */
const { active: _expertActive, ...expertFormFields } = expertFields;
const { active: _officialActive, ...officialFormFields } = officialFields;
const activeForm = z.strictObject({ active: z.enum(['true', 'false']), ...formControlFields });

export const directoryFormSchemas = {
  experts: {
    new: z.strictObject({ expertId: personIdSchema.optional(), ...expertFormFields, ...formControlFields }),
    change: z.union([z.strictObject({ ...expertFormFields, ...formControlFields }), activeForm]),
  },
  officials: {
    new: z.strictObject({
      officialId: personIdSchema.optional(),
      ...officialFormFields,
      ...formControlFields,
    }),
    change: z.union([z.strictObject({ ...officialFormFields, ...formControlFields }), activeForm]),
  },
} as const;

/** The console's import form (`/admin/{experts,officials}/import`): the file pasted, and "check only". */
export const directoryImportFormSchema = z.strictObject({
  csv: z.string().refine((text) => text.trim() !== '', 'paste the file'),
  dryRun: z.literal('true').optional(),
});
