/** The "N passed, N failed" line of a vitest JSON report and the test command's exit status. */
export function summarize(report: unknown, exitStatus: number, missingReason?: string): string;
