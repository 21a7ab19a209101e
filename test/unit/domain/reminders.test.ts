import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseReminderOffsets, reminderTimes } from '#shared/domain/reminders';

const day = 24 * 3600;
const at = (iso: string) => new Date(iso);

describe('reminderTimes', () => {
  it('reminds 3 days and 1 day before a 10-day deadline, oldest first', () => {
    expect(reminderTimes(at('2026-12-01T10:00:00Z'), at('2026-12-11T10:00:00Z'), [day, 3 * day])).toEqual([
      '2026-12-08T10:00:00.000Z',
      '2026-12-10T10:00:00.000Z',
    ]);
  });

  it('drops reminders that would fall at or before the task opened', () => {
    expect(reminderTimes(at('2026-12-01T10:00:00Z'), at('2026-12-03T10:00:00Z'), [3 * day, day])).toEqual([
      '2026-12-02T10:00:00.000Z',
    ]);
    expect(reminderTimes(at('2026-12-01T10:00:00Z'), at('2026-12-02T10:00:00Z'), [3 * day, day])).toEqual([]);
  });

  it('never schedules two at once, nor for nonsense offsets', () => {
    expect(reminderTimes(at('2026-12-01T00:00:00Z'), at('2026-12-11T00:00:00Z'), [day, day, 0, -5])).toEqual([
      '2026-12-10T00:00:00.000Z',
    ]);
  });

  it('always gives sorted times strictly between opening and the deadline', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2_000_000_000 }),
        fc.integer({ min: 1, max: 90 * day }),
        fc.array(fc.integer({ min: -10, max: 100 * day }), { maxLength: 6 }),
        (openedSeconds, length, offsets) => {
          const opened = new Date(openedSeconds * 1000);
          const deadline = new Date((openedSeconds + length) * 1000);
          const times = reminderTimes(opened, deadline, offsets).map((time) => Date.parse(time));
          expect([...times].sort((a, b) => a - b)).toEqual(times);
          expect(new Set(times).size).toBe(times.length);
          for (const time of times) {
            expect(time).toBeGreaterThan(opened.getTime());
            expect(time).toBeLessThan(deadline.getTime());
          }
        },
      ),
    );
  });
});

describe('parseReminderOffsets', () => {
  it('reads a comma-separated list; empty means none', () => {
    expect(parseReminderOffsets('259200,86400')).toEqual([259200, 86400]);
    expect(parseReminderOffsets(' 30 , 10 ')).toEqual([30, 10]);
    expect(parseReminderOffsets('')).toEqual([]);
  });

  it('names a bad entry', () => {
    expect(() => parseReminderOffsets('30,ten')).toThrow(/"ten" is not a whole number/);
    expect(() => parseReminderOffsets('-5')).toThrow(/"-5"/);
  });
});
