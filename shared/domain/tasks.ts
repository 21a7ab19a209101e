import type { Recommendation, ReviewScores } from '#shared/domain/tally';

/**
 * The human tasks of the workflow: one review task per (application,
 * expert), one sign-off task per application, one consent stage per create
 * application (with one consent request per member or partner asked), and
 * the emailed link of each. The workflow's task token is not part of these
 * views: only the code that completes a task reads it.
 */

/** Tasks people answer from an emailed link. */
export const LINKED_TASK_KINDS = ['consent', 'review', 'signoff'] as const;
export type LinkedTaskKind = (typeof LINKED_TASK_KINDS)[number];
/** ...and the applicant's resubmission, which comes through the API. */
export const TASK_KINDS = [...LINKED_TASK_KINDS, 'amendment'] as const;
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
  /** An operator took the review from the expert for this expert (the replacement step assigns it). */
  reassignedTo?: string;
  /** The operator who did (`operator:<id>`). */
  reassignedBy?: string;
}

export interface SignoffDecisionRecord {
  outcome: 'APPROVED' | 'REJECTED';
  comment: string;
  decidedAt: string;
}

/**
 * One sign-off per application. Escalation and delegation hand the same task
 * (and the workflow's token with it) to another official with a new link:
 * the workflow keeps waiting on the same callback step.
 */
export interface SignoffTask {
  applicationId: string;
  /** Who holds the sign-off now. */
  officialId: string;
  /** RETURNED: the holder returned the application for amendment instead of deciding. */
  status: 'PENDING' | 'DECIDED' | 'RETURNED' | 'CLOSED';
  /** The holder's link; earlier holders' links are superseded. */
  linkId: string;
  requestedAt: string;
  /** When the waiting step times out (absent on tasks opened before it was recorded). */
  deadline?: string;
  notifiedAt?: string;
  closedAt?: string;
  decision?: SignoffDecisionRecord;
  returned?: { comment: string; returnedAt: string };
  /** Set once the sign-off deadline passed and the department head took it over (at most once). */
  escalatedAt?: string;
  escalatedFrom?: string;
  /** The latest delegation: who handed the sign-off over, and why. */
  delegatedAt?: string;
  delegatedFrom?: string;
  delegationComment?: string;
}

/** Why a sign-off link stopped working before anyone used it: the task went to someone else. */
export type SignoffHandoverKind = 'ESCALATED' | 'DELEGATED' | 'REASSIGNED';

/** LINK#<id>: what an emailed link points at. Deleted by TTL a while after it expires. */
export interface LinkRecord {
  linkId: string;
  kind: LinkedTaskKind;
  applicationId: string;
  expertId?: string;
  officialId?: string;
  expiresAt: string;
  createdAt: string;
  /** Set in the same transaction that records the answer: a link works once. */
  usedAt?: string;
  /** When the reminders still to send are due, oldest first (shared/domain/reminders.ts). */
  remindAt?: string[];
  /** The sign-off went to another official (escalated or delegated): this link answers 409 with this code. */
  supersededBy?: SignoffHandoverKind;
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
  | { kind: 'consent'; applicationId: string }
  /** The applicant's resubmission after the `round`-th return: a task token only, no link. */
  | { kind: 'amendment'; applicationId: string; round: number };

/** An expert's review task. */
export type ReviewTaskRef = Extract<TaskRef, { kind: 'review' }>;

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
  /** When to remind the person of the task (reminderTimes): stored with the link. */
  remindAt?: readonly string[];
}

export type RecordOutcome = 'recorded' | 'refused';
