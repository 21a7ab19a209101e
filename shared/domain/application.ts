import type { Eligibility } from '#shared/domain/eligibility';
import type { InvitationRef } from '#shared/domain/invitations';
import type { Partner } from '#shared/domain/registry';
import type { Sector } from '#shared/domain/sectors';
import type { ReviewTally } from '#shared/domain/tally';

export const APPLICATION_STATUSES = [
  'SUBMITTED',
  'CHECKING_ELIGIBILITY',
  'INELIGIBLE',
  'AWAITING_CONSENT',
  'IN_REVIEW',
  'AWAITING_SIGNOFF',
  'AMENDMENT_REQUESTED',
  'APPROVED',
  'REJECTED',
  'WITHDRAWN',
  'EXPIRED',
  'FAILED',
] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

export type ApplicationType = 'CREATE_CLUSTER' | 'JOIN_CLUSTER';

/** Statuses in which an application is still open: it can be withdrawn and its links work. */
export const OPEN_STATUSES = [
  'SUBMITTED',
  'CHECKING_ELIGIBILITY',
  'AWAITING_CONSENT',
  'IN_REVIEW',
  'AWAITING_SIGNOFF',
  'AMENDMENT_REQUESTED',
] as const satisfies readonly ApplicationStatus[];

export const TERMINAL_STATUSES = [
  'INELIGIBLE',
  'APPROVED',
  'REJECTED',
  'WITHDRAWN',
  'EXPIRED',
  'FAILED',
] as const satisfies readonly ApplicationStatus[];

export type OpenStatus = (typeof OPEN_STATUSES)[number];
export type TerminalStatus = (typeof TERMINAL_STATUSES)[number];

export function isOpen(status: ApplicationStatus): status is OpenStatus {
  return (OPEN_STATUSES as readonly string[]).includes(status);
}

/** Where the workflow picks an application up again (after a restart or a redrive). */
export type WorkflowStage = 'ELIGIBILITY' | 'CONSENT' | 'REVIEW' | 'SIGNOFF' | 'AMENDMENT';

export function stageForStatus(status: ApplicationStatus): WorkflowStage | null {
  switch (status) {
    case 'SUBMITTED':
    case 'CHECKING_ELIGIBILITY':
      return 'ELIGIBILITY';
    case 'AWAITING_CONSENT':
      return 'CONSENT';
    case 'IN_REVIEW':
      return 'REVIEW';
    case 'AWAITING_SIGNOFF':
      return 'SIGNOFF';
    case 'AMENDMENT_REQUESTED':
      return 'AMENDMENT';
    default:
      return null;
  }
}

/** The open status an application takes when the workflow re-enters `stage` (a redrive). */
export function statusForStage(stage: WorkflowStage): OpenStatus {
  const statuses: Record<WorkflowStage, OpenStatus> = {
    ELIGIBILITY: 'CHECKING_ELIGIBILITY',
    CONSENT: 'AWAITING_CONSENT',
    REVIEW: 'IN_REVIEW',
    SIGNOFF: 'AWAITING_SIGNOFF',
    AMENDMENT: 'AMENDMENT_REQUESTED',
  };
  return statuses[stage];
}

/**
 * The name of an application's workflow execution: the application id for
 * the first run, `<applicationId>-r<n>` for the n-th redrive (or restart
 * after an outage). Names are unique per state machine, so a start under the
 * same name is a no-op and never a second run.
 */
export function executionNameFor(applicationId: string, run = 0): string {
  return run > 0 ? `${applicationId}-r${run}` : applicationId;
}

/** The application id and run number an execution name stands for (null for a foreign name). */
export function parseExecutionName(name: string): { applicationId: string; run: number } | null {
  const match = /^(.+?)(?:-r([1-9][0-9]*))?$/.exec(name);
  if (!match?.[1]) return null;
  return { applicationId: match[1], run: match[2] ? Number(match[2]) : 0 };
}

export interface ProposedCluster {
  name: string;
  sectors: Sector[];
  project: { title: string; summary: string };
}

export interface Decision {
  outcome: 'APPROVED' | 'REJECTED';
  comment: string;
  decidedAt: string;
  officialId: string;
}

/** An expert who declined a review (`RECUSE`), and who replaced them. */
export interface Recusal {
  expertId: string;
  reason: string;
  at: string;
  /** Null: nobody could take the place (the pool, conflicts or the replacement limit). */
  replacementId: string | null;
  /** The replacement's own review deadline: a full review period from its assignment. */
  replacementDeadline?: string;
}

/** What the consent stage left: the counts at its end (the confirmed lists replace memberInns and partners). */
export interface ConsentOutcome {
  asked: number;
  confirmed: number;
  declined: number;
  noAnswer: number;
  /** Confirmed members, the applicant included: at least MIN_CLUSTER_MEMBERS to go on to review. */
  confirmedMembers: number;
  concludedAt: string;
}

export interface ReviewStage {
  /** The experts whose answers count now: those assigned, less who recused, plus their replacements. */
  expertIds: string[];
  /** The deadline of the experts assigned at the start. */
  deadline: string;
  usedRelatedSectors: boolean;
  /** How many experts were assigned at the start: the quorum's base, whatever recusals did since. */
  panelSize?: number;
  recusals?: Recusal[];
}

/** The quorum's base: the experts originally assigned (stages opened before recusals: the panel). */
export function panelSizeOf(review: ReviewStage): number {
  return review.panelSize ?? review.expertIds.length;
}

/** Everyone ever assigned to the application's review: never assigned again. */
export function everAssigned(review: ReviewStage): Set<string> {
  return new Set([...review.expertIds, ...(review.recusals ?? []).map((recusal) => recusal.expertId)]);
}

/** An expert's review deadline: a replacement's own, or the stage's. */
export function reviewDeadlineFor(review: ReviewStage, expertId: string): string {
  return (
    review.recusals?.find((recusal) => recusal.replacementId === expertId)?.replacementDeadline ??
    review.deadline
  );
}

/** Replacements assigned so far: bounded per application (`maxReplacementsPerApplication`). */
export function replacementsMade(review: ReviewStage): number {
  return (review.recusals ?? []).filter((recusal) => recusal.replacementId !== null).length;
}

/** An official's return of the application to its applicant, and the applicant's resubmission. */
export interface Amendment {
  comment: string;
  requestedAt: string;
  /** The applicant resubmits by then, or the application ends EXPIRED. */
  deadline: string;
  /** 1 for the first return, 2 for the second. */
  round: number;
  officialId: string;
  resubmittedAt?: string;
}

/** What a round of examination left when its application was returned: kept for the history. */
export interface ExaminationRound {
  round: number;
  eligibility: Eligibility | null;
  consent: ConsentOutcome | null;
  review: ReviewStage | null;
  tally: ReviewTally | null;
  reviews: Array<{
    expertId: string;
    recommendation: string;
    scores?: Record<string, number>;
    comment?: string;
  }>;
  returned: Amendment;
  /** The resubmission that ended the round: its body hash and Idempotency-Key (a retry gets a 202 again). */
  resubmission: { at: string; requestHash: string; idempotencyKey?: string };
}

/** Parties whose consent an earlier round recorded: a resubmission asks only the others. */
export interface ConfirmedParties {
  memberInns: string[];
  /** Partners are matched by email address (lower case): a resubmission lists them anew. */
  partnerEmails: string[];
}

/** The round of examination an application is in: 1, then one more after each resubmission. */
export const examinationRound = (application: Pick<Application, 'rounds'>): number =>
  (application.rounds?.length ?? 0) + 1;

/** The application as stored (APP#<id> / META). Member lists stay here, never in workflow payloads. */
export interface Application {
  applicationId: string;
  type: ApplicationType;
  status: ApplicationStatus;
  applicantInn: string;
  contactEmail: string;
  createdAt: string;
  updatedAt: string;
  /** When the application entered its status (kept since the programme figures; absent on older ones). */
  statusSince?: string;
  /** Incremented on every status change; writes are conditional on it. */
  version: number;
  /** Hash of the submitted body: the same Idempotency-Key with another body is a conflict. */
  requestHash: string;
  cluster?: ProposedCluster;
  memberInns?: string[];
  /** Create applications: the partners listed (after the consent stage, the confirmed ones only). */
  partners?: Partner[];
  clusterId?: string;
  motivation?: string;
  /** A join application filed by accepting a coordinator's MEMBER invitation. */
  invitation?: InvitationRef;
  eligibility: Eligibility | null;
  review: ReviewStage | null;
  tally: ReviewTally | null;
  decision: Decision | null;
  /** Set in the same write that records the official's decision: from then on, no withdrawal. */
  signoffDecidedAt?: string;
  failureCause?: string;
  /** Cancelled by an operator (it ends WITHDRAWN): why, and who (`operator:<id>`). */
  cancellation?: { reason: string; by: string };
  /**
   * A withdrawal or an operator's cancellation, written with the status: who, when, and when all it
   * sets off was done (the execution stopped, the tasks closed, the experts' load given back, the
   * applicant told). Until `settledAt`, a retry of the same act finishes it (withdraw-application.ts).
   */
  withdrawal?: { by: string; at: string; settledAt?: string };
  /** The stage a FAILED application failed in: where a redrive re-enters the workflow. */
  failedStage?: WorkflowStage;
  /** How many times the workflow was run again (redrives, restarts after an outage): names its execution. */
  redriveCount?: number;
  /** Create applications: how the member consent stage ended (set when it concludes). */
  consent?: ConsentOutcome | null;
  /** The cluster an approved create application made. */
  createdClusterId?: string;
  /** The latest return for amendment (with its resubmission, once made). */
  amendment?: Amendment;
  /** Earlier rounds of examination, one per resubmission after a return. */
  rounds?: ExaminationRound[];
  /** Create applications after a resubmission: who confirmed in an earlier round and is not asked again. */
  confirmedParties?: ConfirmedParties;
}

/** Sectors the application is about: the proposed ones, or the joined cluster's. */
export function applicationSectors(
  application: Application,
  clusterSectors: readonly Sector[] = [],
): Sector[] {
  return application.cluster ? [...application.cluster.sectors] : [...clusterSectors];
}

export interface HistoryEvent {
  at: string;
  /** Set on status changes. */
  status?: ApplicationStatus;
  /** What happened, e.g. SUBMITTED, REVIEW_SUBMITTED, SIGNOFF_DECIDED, WITHDRAWN. */
  action: string;
  /** `applicant:<inn>`, `expert:<id>`, `official:<id>`, `member:<inn>`, `partner:<n>`, `system`. */
  actor: string;
  detail?: Record<string, unknown>;
}
