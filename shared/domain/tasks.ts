import type { Recommendation, ReviewScores } from '#shared/domain/tally';

/**
 * The human tasks of the workflow: one review task per (application,
 * expert), one sign-off task per application, one consent stage per create
 * application (with one consent request per member or partner asked), and
 * the emailed link of each. The workflow's task token is not part of these
 * views: only the code that completes a task reads it.
 */

export const TASK_KINDS = ['consent', 'review', 'signoff'] as const;
export type TaskKind = (typeof TASK_KINDS)[number];

export interface ReviewAnswerRecord {
  recommendation: Recommendation;
  scores: ReviewScores;
  comment?: string;
  answeredAt: string;
}

export interface ReviewTask {
  applicationId: string;
  expertId: string;
  /** CLOSED: the workflow stopped waiting without an answer (withdrawn, expired, review stage over). */
  status: 'PENDING' | 'ANSWERED' | 'CLOSED';
  linkId: string;
  requestedAt: string;
  /** Set once the expert's email went out: a retried request step does not send it again. */
  notifiedAt?: string;
  closedAt?: string;
  answer?: ReviewAnswerRecord;
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

/** Who is asked to consent: a listed member (by INN) or a listed partner (by its place in the list). */
export type ConsentParty =
  | { kind: 'member'; inn: string; name: string; email: string }
  | { kind: 'partner'; index: number; name: string; email: string; inn?: string };

/** `member:<inn>` or `partner:<n>`: the actor of a consent answer in the history. */
export function partyActor(party: ConsentParty): string {
  return party.kind === 'member' ? `member:${party.inn}` : `partner:${party.index}`;
}

export type ConsentAnswer = 'CONFIRM' | 'DECLINE';

export interface ConsentAnswerRecord {
  answer: ConsentAnswer;
  comment?: string;
  answeredAt: string;
}

/**
 * One member's or partner's consent request. It is its own link record
 * (`LINK#<linkId>`, kind `consent`): one item per party asked, written once,
 * answered once.
 */
export interface ConsentRequest extends LinkRecord {
  kind: 'consent';
  party: ConsentParty;
  status: 'PENDING' | 'CONFIRMED' | 'DECLINED';
  /** Set once its email went out: a retried or resumed request step does not send it again. */
  notifiedAt?: string;
  answer?: ConsentAnswerRecord;
}

/**
 * The consent stage of an application (`APP#<id>` / `CONSENT`): counts kept
 * exact by the answers' transactions, and (server-side only) the one task
 * token the workflow waits on for the whole stage. PENDING while answers are
 * taken; CLOSED once concluded, withdrawn or otherwise ended.
 */
export interface ConsentStage {
  applicationId: string;
  status: 'PENDING' | 'CLOSED';
  asked: number;
  pending: number;
  confirmed: number;
  declined: number;
  deadline: string;
  requestedAt: string;
  closedAt?: string;
}

export type TaskRef =
  | { kind: 'review'; applicationId: string; expertId: string }
  | { kind: 'signoff'; applicationId: string }
  | { kind: 'consent'; applicationId: string };

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
