import { describe, expect, it } from 'vitest';
import { timeScaleFor } from '#test/support/timeouts';

describe('the time scale of the test suites', () => {
  it('is at least 2, for a machine that may be busy', () => {
    expect(timeScaleFor({}, 0.1, 2)).toBe(2);
  });

  it('grows with the load per core, up to 10', () => {
    expect(timeScaleFor({}, 10, 2)).toBe(5);
    expect(timeScaleFor({}, 200, 2)).toBe(10);
  });

  it('is TEST_TIME_SCALE when set, whatever the load', () => {
    expect(timeScaleFor({ TEST_TIME_SCALE: '1' }, 10, 2)).toBe(1);
    expect(timeScaleFor({ TEST_TIME_SCALE: '3.5' }, 0, 2)).toBe(3.5);
  });

  it('refuses a TEST_TIME_SCALE that is not a positive number', () => {
    expect(() => timeScaleFor({ TEST_TIME_SCALE: 'fast' }, 0, 2)).toThrow(/positive number/);
    expect(() => timeScaleFor({ TEST_TIME_SCALE: '0' }, 0, 2)).toThrow(/positive number/);
  });
});
