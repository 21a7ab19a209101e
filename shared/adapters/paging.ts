import { ValidationError } from '#shared/errors';

/**
 * Cursors are the DynamoDB LastEvaluatedKey, opaque to clients (base64url
 * JSON). A cursor comes back from the client, so before it reaches DynamoDB
 * it is checked against the exact key shape of the query it continues: the
 * same attribute names, each a non-empty string, the query's own partition,
 * and the sort-key prefix of its key condition. Anything else (`{}`, a key of
 * another partition or index, garbage) is a 400 naming `cursor`, never
 * DynamoDB's ValidationException and a 500. Not signed: a well-shaped cursor
 * can only start the caller's own query at another key of the same
 * partition, which reveals nothing the query does not already return.
 */
export interface CursorShape {
  /** Every attribute of the key, table and index keys together. */
  attributes: readonly string[];
  /** Attributes whose value the query fixes (its partition). */
  equals?: Readonly<Record<string, string>>;
  /** Attributes whose value the key condition restricts to a prefix. */
  prefixes?: Readonly<Record<string, string>>;
}

/** The longest key attribute a cursor may carry (DynamoDB allows 2 KB partition and 1 KB sort keys). */
const MAX_KEY_LENGTH = 1024;

export function encodeCursor(lastKey: Record<string, unknown> | undefined): string | null {
  return lastKey ? Buffer.from(JSON.stringify(lastKey)).toString('base64url') : null;
}

function invalidCursor(message: string): never {
  throw new ValidationError('cursor is not valid', [{ path: 'cursor', message }]);
}

function parseCursor(cursor: string): unknown {
  if (!/^[A-Za-z0-9_-]+$/.test(cursor)) return invalidCursor('not a cursor this API returned');
  try {
    return JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    return invalidCursor('not a cursor this API returned');
  }
}

function matchesShape(value: unknown, shape: CursorShape): value is Record<string, string> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return false;
  const entries = Object.entries(value);
  if (entries.length !== shape.attributes.length) return false;
  for (const [name, attribute] of entries) {
    if (!shape.attributes.includes(name)) return false;
    if (typeof attribute !== 'string' || attribute.length === 0 || attribute.length > MAX_KEY_LENGTH)
      return false;
    const fixed = shape.equals?.[name];
    if (fixed !== undefined && attribute !== fixed) return false;
    const prefix = shape.prefixes?.[name];
    if (prefix !== undefined && !attribute.startsWith(prefix)) return false;
  }
  return true;
}

/** The ExclusiveStartKey a cursor stands for, if it has the key shape of the query it continues. */
export function decodeCursor(
  cursor: string | undefined,
  shape: CursorShape,
): Record<string, string> | undefined {
  if (!cursor) return undefined;
  const value = parseCursor(cursor);
  if (!matchesShape(value, shape)) return invalidCursor('not a cursor of this list');
  return value;
}

/** The key of a GSI1 query on one partition: the table's key and the index's. */
export const gsi1PartitionCursor = (partition: string): CursorShape => ({
  attributes: ['PK', 'SK', 'GSI1PK', 'GSI1SK'],
  equals: { GSI1PK: partition },
});

/** The key of a table query on one partition whose sort keys begin with `prefix`. */
export const tablePartitionCursor = (partition: string, prefix: string): CursorShape => ({
  attributes: ['PK', 'SK'],
  equals: { PK: partition },
  prefixes: { SK: prefix },
});
