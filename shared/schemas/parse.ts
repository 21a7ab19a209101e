import type { z } from 'zod';
import { type ErrorDetail, ValidationError } from '#shared/errors';

/** Parsing a value with a zod schema into the API's ValidationError (HTTP bodies, link form posts). */

/** `cluster.sectors[2]` style paths, readable in an error message. */
export function issuePath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, key) => {
    if (typeof key === 'number') return `${out}[${key}]`;
    return out ? `${out}.${String(key)}` : String(key);
  }, '');
}

export function validationDetails(error: z.ZodError): ErrorDetail[] {
  return error.issues.map((issue) => {
    const path = issuePath(issue.path);
    if (issue.code === 'unrecognized_keys') {
      return {
        path: issue.keys.map((key) => (path ? `${path}.${key}` : key)).join(', '),
        message: 'unknown field',
      };
    }
    return { path: path || '$', message: issue.message };
  });
}

export function parseWith<S extends z.ZodType>(schema: S, value: unknown, what: string): z.infer<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw new ValidationError(`${what} is not valid`, validationDetails(result.error));
  return result.data;
}
