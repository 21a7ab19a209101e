import type * as z from 'zod';

/**
 * Form posts (`application/x-www-form-urlencoded`) carry only strings. Before
 * the one schema that also checks JSON bodies sees them, the fields the
 * schema types as numbers are decoded from strings, strictly: a plain decimal
 * (`"7"`, `"-2"`, `"7.5"`) becomes a number; anything else (`"7abc"`, `""`,
 * `" 7"`, `"0x7"`, `"1e3"`) stays a string, which the schema then refuses as
 * not a number. JSON bodies are never decoded: a JSON string is not a number.
 */

const DECIMAL = /^-?(0|[1-9]\d*)(\.\d+)?$/;
const WRAPPERS = new Set(['optional', 'default', 'nullable', 'readonly', 'prefault', 'catch', 'nonoptional']);

/** The schema under optional/default/... wrappers. */
function unwrapped(schema: z.core.$ZodType): z.core.$ZodType {
  let current = schema;
  for (;;) {
    const def = current._zod.def as { type: string; innerType?: z.core.$ZodType };
    if (!WRAPPERS.has(def.type) || !def.innerType) return current;
    current = def.innerType;
  }
}

function decodeField(schema: z.core.$ZodType, value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const type = unwrapped(schema)._zod.def.type;
  if (type === 'number' && DECIMAL.test(value)) return Number(value);
  if (type === 'boolean' && (value === 'true' || value === 'false')) return value === 'true';
  return value;
}

const isOptional = (schema: z.core.$ZodType | undefined) =>
  schema !== undefined && ['optional', 'default'].includes(schema._zod.def.type);

/** The fields of a form, typed for `schema` (an object schema): see above. */
export function decodeFormFields(
  schema: z.ZodObject,
  fields: Record<string, string>,
): Record<string, unknown> {
  const shape = schema.shape as Record<string, z.core.$ZodType>;
  return Object.fromEntries(
    Object.entries(fields)
      .map(([name, value]) => {
        const field = shape[name];
        return [name, field ? decodeField(field, value) : value];
      })
      // An empty optional field (a score left blank when declining a review) is a field not given.
      .filter(([name, value]) => !(value === '' && isOptional(shape[name as string]))),
  );
}
