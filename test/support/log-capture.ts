import type { Logger } from '@aws-lambda-powertools/logger';
import { vi } from 'vitest';

const METHODS = ['log', 'debug', 'info', 'warn', 'error'] as const;

/**
 * The JSON log lines a Powertools Logger prints while `work` runs, read
 * where it prints them (its console), still printed as usual.
 */
export async function captureLogLines<T>(
  logger: Logger,
  work: () => Promise<T>,
): Promise<{ result: T; lines: Array<Record<string, unknown>> }> {
  const lines: Array<Record<string, unknown>> = [];
  const console = (
    logger as unknown as { console: Record<(typeof METHODS)[number], (line: unknown) => void> }
  ).console;
  const spies = METHODS.map((method) => {
    const original = console[method].bind(console);
    return vi.spyOn(console, method).mockImplementation((line: unknown) => {
      if (typeof line === 'string' && line.startsWith('{'))
        lines.push(JSON.parse(line) as Record<string, unknown>);
      original(line);
    });
  });
  try {
    return { result: await work(), lines };
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
}
