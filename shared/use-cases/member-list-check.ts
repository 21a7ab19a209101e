import { isValidInn } from '#shared/domain/inn';
import type { Registry } from '#shared/use-cases/ports';

/**
 * A member list as people paste or upload it, checked line by line before it
 * is filed, so that each mistake is named where it is: an INN of the wrong
 * shape or with a bad check digit, one not in the participant registry, a
 * suspended participant, a line repeated. The eligibility check still runs on
 * what is filed (shared/domain/eligibility.ts): this only spares the
 * applicant an application that would come back INELIGIBLE for these.
 */

export type MemberLineProblem = 'NOT_AN_INN' | 'CHECK_DIGIT' | 'NOT_IN_REGISTRY' | 'SUSPENDED' | 'DUPLICATE';

export interface MemberLine {
  /** Where the line came from: the text box or the uploaded file. */
  source: 'list' | 'file';
  /** 1-based line number in its source. */
  line: number;
  value: string;
}

export interface MemberListCheck {
  /** Distinct INNs in the order given. */
  inns: string[];
  problems: Array<MemberLine & { problem: MemberLineProblem }>;
}

export async function checkMemberLines(
  lines: readonly MemberLine[],
  registry: Pick<Registry, 'getOrganizations'>,
): Promise<MemberListCheck> {
  const problems: MemberListCheck['problems'] = [];
  const first = new Map<string, MemberLine>();
  for (const entry of lines) {
    if (!/^(\d{10}|\d{12})$/.test(entry.value)) problems.push({ ...entry, problem: 'NOT_AN_INN' });
    else if (!isValidInn(entry.value)) problems.push({ ...entry, problem: 'CHECK_DIGIT' });
    else if (first.has(entry.value)) problems.push({ ...entry, problem: 'DUPLICATE' });
    else first.set(entry.value, entry);
  }
  const inns = [...first.keys()];
  const found = inns.length > 0 ? await registry.getOrganizations(inns) : new Map();
  for (const [inn, entry] of first) {
    const organization = found.get(inn);
    if (!organization) problems.push({ ...entry, problem: 'NOT_IN_REGISTRY' });
    else if (organization.status !== 'ACTIVE') problems.push({ ...entry, problem: 'SUSPENDED' });
  }
  problems.sort((a, b) => (a.source === b.source ? a.line - b.line : a.source === 'list' ? -1 : 1));
  return { inns, problems };
}
