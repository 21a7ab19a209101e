/**
 * Reminders before a human deadline. A task's link carries the times its
 * reminders are due, computed once when the task opens; a scheduled sweep
 * sends each due one if the task is still waiting for the same person.
 */

/** Three days and one day before the deadline (SPEC "Reminders"). */
export const DEFAULT_REMINDER_BEFORE_SECONDS = [3 * 24 * 3600, 24 * 3600] as const;

/**
 * When to remind someone given a task opened at `openedAt` that is due at
 * `deadline`: `beforeSeconds` ahead of the deadline, oldest first, only the
 * times still ahead when the task opened (a 2-day task gets the 1-day
 * reminder only, never one the moment it is asked) and never two at once.
 */
export function reminderTimes(openedAt: Date, deadline: Date, beforeSeconds: readonly number[]): string[] {
  const times = new Set<number>();
  for (const before of beforeSeconds) {
    if (!Number.isFinite(before) || before <= 0) continue;
    const at = deadline.getTime() - before * 1000;
    if (at > openedAt.getTime()) times.add(at);
  }
  return [...times].sort((a, b) => a - b).map((at) => new Date(at).toISOString());
}

/** REMINDER_BEFORE_SECONDS: a comma-separated list of seconds, e.g. `259200,86400`; empty: no reminders. */
export function parseReminderOffsets(value: string): number[] {
  const parts = value
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
  return parts.map((part) => {
    if (!/^[1-9][0-9]*$/.test(part)) {
      throw new Error(`REMINDER_BEFORE_SECONDS: "${part}" is not a whole number of seconds`);
    }
    return Number(part);
  });
}
