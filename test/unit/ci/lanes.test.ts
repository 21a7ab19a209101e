import { describe, expect, it } from 'vitest';
import { laneIndex, lanes, lanesFor } from '#test/support/lanes';

describe('the lanes of the test run', () => {
  it('are two unless TEST_LANES says otherwise', () => {
    expect(lanesFor({})).toBe(2);
    expect(lanesFor({ TEST_LANES: '' })).toBe(2);
    expect(lanesFor({ TEST_LANES: '1' })).toBe(1);
    expect(lanesFor({ TEST_LANES: '3' })).toBe(3);
  });

  it('refuses a TEST_LANES that is not a positive whole number', () => {
    for (const value of ['0', '-1', '1.5', 'two'])
      expect(() => lanesFor({ TEST_LANES: value })).toThrow(/positive whole number/);
  });

  it("gives each of vitest's workers running at once its own lane", () => {
    const ids = Array.from({ length: lanes }, (_, index) => String(index + 1));
    expect(new Set(ids.map((id) => laneIndex(id))).size).toBe(lanes);
    expect(ids.map((id) => laneIndex(id))).toEqual(ids.map((_, index) => index));
    expect(laneIndex('')).toBe(0);
  });
});
