import { describe, expect, it } from 'vitest';
import {
  decodeCursor,
  encodeCursor,
  gsi1PartitionCursor,
  tablePartitionCursor,
} from '#shared/adapters/paging';
import { ValidationError } from '#shared/errors';

const cursorOf = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const clusters = gsi1PartitionCursor('CLUSTER');
const members = tablePartitionCursor('CLUSTER#clu_1', 'MEMBER#');

function refusal(run: () => unknown): ValidationError {
  try {
    run();
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error('the cursor was accepted');
}

describe('list cursors', () => {
  it('round-trip a key of the query they continue', () => {
    const key = { PK: 'CLUSTER#clu_1', SK: 'META', GSI1PK: 'CLUSTER', GSI1SK: 'alpha' };
    expect(decodeCursor(encodeCursor(key) ?? undefined, clusters)).toEqual(key);
    const member = { PK: 'CLUSTER#clu_1', SK: 'MEMBER#7707083893' };
    expect(decodeCursor(encodeCursor(member) ?? undefined, members)).toEqual(member);
    expect(decodeCursor(undefined, clusters)).toBeUndefined();
    expect(encodeCursor(undefined)).toBeNull();
  });

  it.each([
    ['{} (e30)', 'e30'],
    ['garbage', 'not a cursor!'],
    ['base64 of garbage', Buffer.from('zzz').toString('base64url')],
    ['an array', cursorOf([1, 2])],
    ['null', cursorOf(null)],
    ['another partition', cursorOf({ PK: 'ORG#1', SK: 'META', GSI1PK: 'ORG', GSI1SK: 'a' })],
    ['the table key only', cursorOf({ PK: 'CLUSTER#clu_1', SK: 'META' })],
    ['an extra attribute', cursorOf({ PK: 'a', SK: 'b', GSI1PK: 'CLUSTER', GSI1SK: 'c', x: 'd' })],
    ['a number for a key', cursorOf({ PK: 1, SK: 'b', GSI1PK: 'CLUSTER', GSI1SK: 'c' })],
    ['an empty key', cursorOf({ PK: '', SK: 'b', GSI1PK: 'CLUSTER', GSI1SK: 'c' })],
    ['an over-long key', cursorOf({ PK: 'a'.repeat(1025), SK: 'b', GSI1PK: 'CLUSTER', GSI1SK: 'c' })],
  ])('refuse %s with a 400 naming cursor', (_name, cursor) => {
    const error = refusal(() => decodeCursor(cursor, clusters));
    expect(error.statusCode).toBe(400);
    expect(error.code).toBe('VALIDATION_ERROR');
    expect(error.details.map((detail) => detail.path)).toEqual(['cursor']);
  });

  it('refuse a member key of another cluster or outside the member range', () => {
    refusal(() => decodeCursor(cursorOf({ PK: 'CLUSTER#clu_2', SK: 'MEMBER#1' }), members));
    refusal(() => decodeCursor(cursorOf({ PK: 'CLUSTER#clu_1', SK: 'META' }), members));
  });
});
