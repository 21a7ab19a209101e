import type { Recommendation, ReviewScores } from '#shared/domain/tally';

/**
 * The human tasks of the workflow: one review task per (application,
 * expert), one sign-off task per application, and the emailed link of each.
 * The workflow's task token is not part of these views: only the code that
 * completes a task reads it.
 */

export type TaskKind = 'review' | 'signoff';

export interface ReviewAnswerRecord {
  recommendation: Recommendation;
  scores: ReviewScores;
  comment?: string;
  answeredAt: string;
}

export interface ReviewTask {
  applicationId: string;
  expertId: string;
  /**
   * CLOSED: the workflow stopped waiting without an answer (withdrawn, expired, review stage over).
   * RECUSED: the expert declined (conflict of interest, unavailable); the link works no more.
   */
  status: 'PENDING' | 'ANSWERED' | 'RECUSED' | 'CLOSED';
  linkId: string;
  requestedAt: string;
  /** Set once the expert's email went out: a retried request step does not send it again. */
  notifiedAt?: string;
  closedAt?: string;
  answer?: ReviewAnswerRecord;
  recusal?: RecusalRecord;
}

export interface RecusalRecord {
  reason: string;
  recusedAt: string;
}

export interface SignoffDecisionRecord {
  outcome: 'APPROVED' | 'REJECTED';
  comment: string;
  decidedAt: string;
}

export interface SignoffTask {
  applicationId: string;
  officialId: string;
  status: 'PENDING' | 'DECIDED' | 'CLOSED';
  linkId: string;
  requestedAt: string;
  notifiedAt?: string;
  closedAt?: string;
  decision?: SignoffDecisionRecord;
}

/** LINK#<id>: what an emailed link points at. Deleted by TTL a while after it expires. */
export interface LinkRecord {
  linkId: string;
  kind: TaskKind;
  applicationId: string;
  expertId?: string;
  officialId?: string;
  expiresAt: string;
  createdAt: string;
  /** Set in the same transaction that records the answer: a link works once. */
  usedAt?: string;
}

export type TaskRef =
  | { kind: 'review'; applicationId: string; expertId: string }
  | { kind: 'signoff'; applicationId: string };

export interface Opened<T> {
  task: T;
  link: LinkRecord;
  /** False when the task already existed: its token was swapped for the new one, or it was already answered. */
  created: boolean;
}

export interface OpenTaskInput {
  applicationId: string;
  taskToken: string;
  linkId: string;
  expiresAt: Date;
  requestedAt: string;
}

export type RecordOutcome = 'recorded' | 'refused';
