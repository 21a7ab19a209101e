/**
 * Counting expert reviews: quorum and the summary the sign-off page and the
 * application status show.
 */

export type Recommendation = 'APPROVE' | 'REJECT';

export interface ReviewScores {
  innovation: number;
  feasibility: number;
  cooperation: number;
}

export interface ReviewAnswer {
  expertId: string;
  recommendation: Recommendation;
  scores: ReviewScores;
  comment?: string;
}

export interface ReviewTally {
  assigned: number;
  received: number;
  quorum: number;
  quorumMet: boolean;
  recommendations: { APPROVE: number; REJECT: number };
  averageScores: ReviewScores | null;
}

/** A strict majority of the assigned experts: 1→1, 2→2, 3→2, 4→3. */
export function majorityQuorum(assigned: number): number {
  if (!Number.isInteger(assigned) || assigned < 0) {
    throw new RangeError(`assigned must be a non-negative integer, got ${assigned}`);
  }
  return Math.floor(assigned / 2) + 1;
}

/*
 * A configured quorum is clamped to [1, assigned] so that a setting larger
 * than the panel (3 configured, 1 expert found after conflicts) can still be
 * met, and a zero setting cannot pass with no answers at all.
 */
function effectiveQuorum(assigned: number, quorum: number | undefined): number {
  const wanted = quorum === undefined || Number.isNaN(quorum) ? majorityQuorum(assigned) : Math.ceil(quorum);
  return Math.max(1, Math.min(wanted, assigned));
}

// Sums of integer scores times ten are exact, so this rounds half up without float drift.
const averageOf = (sum: number, count: number): number => Math.round((sum * 10) / count) / 10;

/** Duplicate answers from one expert (a retried submission) count once: the first wins. */
export function tallyReviews(
  assigned: number,
  answers: readonly ReviewAnswer[],
  quorum?: number,
): ReviewTally {
  const effective = effectiveQuorum(assigned, quorum);

  const seen = new Set<string>();
  const counted: ReviewAnswer[] = [];
  for (const answer of answers) {
    if (seen.has(answer.expertId)) continue;
    seen.add(answer.expertId);
    counted.push(answer);
  }

  const recommendations = { APPROVE: 0, REJECT: 0 };
  const sums: ReviewScores = { innovation: 0, feasibility: 0, cooperation: 0 };
  for (const answer of counted) {
    recommendations[answer.recommendation] += 1;
    sums.innovation += answer.scores.innovation;
    sums.feasibility += answer.scores.feasibility;
    sums.cooperation += answer.scores.cooperation;
  }

  const received = counted.length;
  return {
    assigned,
    received,
    quorum: effective,
    quorumMet: received >= effective,
    recommendations,
    averageScores:
      received === 0
        ? null
        : {
            innovation: averageOf(sums.innovation, received),
            feasibility: averageOf(sums.feasibility, received),
            cooperation: averageOf(sums.cooperation, received),
          },
  };
}
