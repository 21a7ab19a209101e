import { ValidationError } from '#shared/errors';

/** Cursors are the DynamoDB LastEvaluatedKey, opaque to clients (base64url JSON). */
export function encodeCursor(lastKey: Record<string, unknown> | undefined): string | null {
  return lastKey ? Buffer.from(JSON.stringify(lastKey)).toString('base64url') : null;
}

export function decodeCursor(cursor: string | undefined): Record<string, unknown> | undefined {
  if (!cursor) return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // fall through to the validation error
  }
  throw new ValidationError('cursor is not valid', [
    { path: 'cursor', message: 'not a cursor this API returned' },
  ]);
}
