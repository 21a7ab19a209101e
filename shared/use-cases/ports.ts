import type { Clock } from '#shared/clock';
import type {
  Amendment,
  Application,
  ApplicationStatus,
  HistoryEvent,
  TerminalStatus,
  WorkflowStage,
} from '#shared/domain/application';
import type { Expert } from '#shared/domain/assignment';
import type { DayCounters, FiguresDelta } from '#shared/domain/figures';
import type { Invitation, InvitationEvent, StoredInvitationStatus } from '#shared/domain/invitations';
import type {
  ClusterMember,
  ClusterPartner,
  ClusterRecord,
  NewCluster,
  Official,
  Organization,
  SlotHolder,
} from '#shared/domain/registry';
import type { Sector } from '#shared/domain/sectors';
import type {
  ConsentAnswerRecord,
  ConsentParty,
  ConsentRequest,
  ConsentStage,
  LinkRecord,
  Opened,
  OpenTaskInput,
  RecordOutcome,
  RecusalRecord,
  ReviewAnswerRecord,
  ReviewTask,
  SignoffDecisionRecord,
  SignoffHandoverKind,
  SignoffTask,
  TaskKind,
  TaskRef,
} from '#shared/domain/tasks';

/**
 * What the use-cases need from the world, in the domain's words. The
 * adapters in shared/adapters implement these over DynamoDB, Step Functions
 * and SES; tests pass in-memory fakes (test/support/in-memory-stores.ts) that
 * the store contract tests hold to the same behaviour.
 */

export type { Clock };

export interface PageRequest {
  limit: number;
  cursor?: string | undefined;
}

/** One page of a listing; `next` is an opaque cursor, null on the last page. */
export interface Page<T> {
  items: T[];
  next: string | null;
}

// ---- Applications ----------------------------------------------------------

export interface StatusChange {
  applicationId: string;
  /** The change only happens if the application is in one of these statuses. */
  from: readonly ApplicationStatus[];
  to: ApplicationStatus;
  at: string;
  action: string;
  actor: string;
  detail?: Record<string, unknown> | undefined;
  /** An extra rule on the current application (e.g. no withdrawal once an official decided). */
  precondition?: (current: Application) => boolean;
  /** Attributes written with the status (eligibility, review stage, decision...). */
  patch?: Partial<Omit<Application, 'applicationId' | 'status' | 'version'>>;
}

export type TransitionResult =
  | { changed: true; application: Application; previous: Application }
  | { changed: false; current: Application | null };

export interface Applications {
  /** Stores a new application with its first history event; an existing one with the same id is returned. */
  create(
    application: Application,
    event: HistoryEvent,
  ): Promise<{ created: boolean; application: Application }>;
  get(applicationId: string): Promise<Application | null>;
  /**
   * The applicant's applications, newest first; with `status`, only those in it (a page may then
   * hold fewer than `limit` items while `next` is set: follow it).
   */
  listByApplicant(
    inn: string,
    page: PageRequest & { status?: ApplicationStatus | undefined },
  ): Promise<Page<Application>>;
  /**
   * Changes the status and appends the history event in one write, if the
   * application is still in `from` (and passes `precondition`). Closing an
   * application frees the cluster name or join slot it held.
   */
  transition(change: StatusChange): Promise<TransitionResult>;
  /** The ids of the open applications, oldest first; with `createdBefore`, only those created before it. */
  listOpenIds(page: PageRequest & { createdBefore?: string | undefined }): Promise<Page<string>>;
  /** The ids of the closed applications in `status`, newest first (the operators' lists), as listOpenIds. */
  listClosedIds(
    status: TerminalStatus,
    page: PageRequest & { createdBefore?: string | undefined },
  ): Promise<Page<string>>;
  /** The applications among `applicationIds` that exist, in that order. */
  getMany(applicationIds: readonly string[]): Promise<Application[]>;
  /**
   * Approves a create application: the new cluster (written invisibly with
   * its members and partners first) becomes ACTIVE, and takes over the name,
   * in the same write that makes the application APPROVED. Safe to repeat.
   */
  approveCreate(
    change: StatusChange,
    cluster: NewCluster,
    members: readonly ClusterMember[],
    partners?: readonly ClusterPartner[],
  ): Promise<TransitionResult>;
  /** Approves a join application: the membership is added in the same write that makes it APPROVED. */
  approveJoin(change: StatusChange, clusterId: string, member: ClusterMember): Promise<TransitionResult>;
  update(applicationId: string, patch: Partial<Application>): Promise<void>;
  appendEvent(applicationId: string, event: HistoryEvent): Promise<void>;
  history(applicationId: string): Promise<HistoryEvent[]>;
  /** Marks a notice as sent; false if it was already. Emails go out once per application and kind. */
  claimNotice(applicationId: string, kind: string, at: string): Promise<boolean>;
  /** Undoes a claim whose email could not be sent, so a retry sends it. */
  releaseNotice(applicationId: string, kind: string): Promise<void>;
}

// ---- The participant registry ----------------------------------------------

/** Says whether another holder of a slot is a closed application whose release was lost (then it is free). */
export type StaleHolderCheck = (holder: SlotHolder) => Promise<boolean>;

export interface Registry {
  getOrganization(inn: string): Promise<Organization | null>;
  /** The organizations that exist among `inns`, by INN. */
  getOrganizations(inns: readonly string[]): Promise<Map<string, Organization>>;
  listOrganizations(page: PageRequest & { sector?: Sector | undefined }): Promise<Page<Organization>>;
  /** Writes organizations (idempotent); `previous` says which sector listings to drop. */
  putOrganizations(
    organizations: readonly Organization[],
    previous?: ReadonlyMap<string, Organization>,
  ): Promise<void>;

  listExperts(): Promise<Expert[]>;
  getExpert(expertId: string): Promise<Expert | null>;
  /** Counts open assignments, for spreading reviews; unknown experts are skipped. */
  adjustExpertLoad(expertIds: readonly string[], delta: number): Promise<void>;

  listOfficials(): Promise<Official[]>;
  getOfficial(officialId: string): Promise<Official | null>;

  getCluster(clusterId: string): Promise<ClusterRecord | null>;
  listActiveClusters(page: PageRequest): Promise<Page<ClusterRecord>>;
  listMembers(clusterId: string, page: PageRequest): Promise<Page<ClusterMember>>;
  memberInnsOf(clusterId: string): Promise<string[]>;
  isMember(clusterId: string, inn: string): Promise<boolean>;
  /** Every partner of a cluster, by key. */
  listPartners(clusterId: string): Promise<ClusterPartner[]>;
  isPartner(clusterId: string, partnerKey: string): Promise<boolean>;

  /**
   * Claims a (normalized) cluster name for an open application. Returns the
   * holder after the attempt: this application if the claim succeeded or it
   * already held it, someone else otherwise. A stale holder is taken over.
   */
  claimClusterName(
    normalizedName: string,
    applicationId: string,
    isStale?: StaleHolderCheck,
  ): Promise<SlotHolder>;
  /** Claims the one open join application an organization may have for a cluster, as claimClusterName. */
  claimJoinSlot(
    clusterId: string,
    inn: string,
    applicationId: string,
    isStale?: StaleHolderCheck,
  ): Promise<SlotHolder>;
}

// ---- The expert and official directories (operators) ---------------------------

/** What an operator may change of an expert: not the id, not the open-review load. */
export type ExpertFields = Omit<Expert, 'expertId' | 'openAssignments'>;
export type OfficialFields = Omit<Official, 'officialId'>;

export interface Directory {
  listExperts(): Promise<Expert[]>;
  listExpertsPage(page: PageRequest): Promise<Page<Expert>>;
  getExpert(expertId: string): Promise<Expert | null>;
  /** Stores a new expert (no open reviews); false when the id is taken. */
  createExpert(expert: Omit<Expert, 'openAssignments'>): Promise<boolean>;
  /** Changes an expert's fields, keeping its load; null when there is no such expert. */
  updateExpert(expertId: string, fields: Partial<ExpertFields>): Promise<Expert | null>;
  listOfficials(): Promise<Official[]>;
  listOfficialsPage(page: PageRequest): Promise<Page<Official>>;
  getOfficial(officialId: string): Promise<Official | null>;
  createOfficial(official: Official): Promise<boolean>;
  updateOfficial(officialId: string, fields: Partial<OfficialFields>): Promise<Official | null>;
}

// ---- The programme's figures (running aggregates) -------------------------------

export interface FiguresSnapshot {
  /** Applications in each status now. */
  inStatus: Partial<Record<ApplicationStatus, number>>;
  /** The counters of each day asked for that has any. */
  byDay: Map<string, DayCounters>;
}

export interface Figures {
  /** Adds a change's counters to its day's figures and to the counts by status. */
  record(delta: FiguresDelta): Promise<void>;
  /** The counts by status and the counters of `days` (a few dozen small items, never the applications). */
  read(days: readonly string[]): Promise<FiguresSnapshot>;
}

// ---- Coordinators' invitations ------------------------------------------------

/** How an open invitation ends: who did it, and what the invitation keeps. */
export interface InvitationEnd {
  status: Exclude<StoredInvitationStatus, 'PENDING'>;
  at: string;
  event: InvitationEvent;
  /** ACCEPTED member invitations: the application filed and what the invitee gave. */
  patch?: Pick<Invitation, 'applicationId' | 'answer'>;
}

export interface Invitations {
  /**
   * Stores the invitation and takes its invitee's slot in one write, unless
   * another open (unexpired) invitation holds the slot: then nothing is
   * written and the holder's id comes back.
   */
  create(
    invitation: Invitation,
    now: Date,
  ): Promise<{ created: true } | { created: false; holderId: string }>;
  get(invitationId: string): Promise<Invitation | null>;
  /** A cluster's invitations, newest first. */
  listByCluster(clusterId: string, page: PageRequest): Promise<Page<Invitation>>;
  /**
   * Ends an invitation that is still PENDING and unexpired at `now`, frees
   * its slot and records the event, in one write. False (nothing changed) otherwise.
   */
  end(invitationId: string, end: InvitationEnd, now: Date): Promise<boolean>;
  /**
   * Accepts a PARTNER invitation: it becomes ACCEPTED, its slot is freed and
   * the partner is listed on the cluster, all in one write, if the invitation
   * is pending and unexpired, the cluster ACTIVE and the partner not listed yet.
   */
  acceptPartner(
    invitationId: string,
    partner: ClusterPartner,
    end: InvitationEnd,
    now: Date,
  ): Promise<boolean>;
  /** Claims the invitation's email; false if it was already sent (or is being sent). */
  claimNotification(invitationId: string, at: string): Promise<boolean>;
  releaseNotification(invitationId: string): Promise<void>;
}

// ---- Human tasks (reviews, sign-offs) and their links ----------------------

export interface Tasks {
  getLink(linkId: string): Promise<LinkRecord | null>;
  listReviews(applicationId: string): Promise<ReviewTask[]>;
  getReview(applicationId: string, expertId: string): Promise<ReviewTask | null>;
  getSignoff(applicationId: string): Promise<SignoffTask | null>;
  /**
   * Creates the task and its link, or, if the task exists (a retried or
   * re-entered request step), swaps in the new token while it is pending.
   */
  openReview(input: OpenTaskInput & { expertId: string }): Promise<Opened<ReviewTask>>;
  openSignoff(
    input: OpenTaskInput & { officialId: string; deadline?: string | undefined },
  ): Promise<Opened<SignoffTask>>;
  /**
   * Hands the pending sign-off to another official in one write: the task
   * takes the new holder and link (and for an escalation the new task token
   * and deadline, once only), the old link is marked superseded, the new link
   * is stored and the history event appended, all only while `fromLinkId` is
   * the task's unused link and the application is AWAITING_SIGNOFF and
   * undecided. 'refused' when any of that no longer holds.
   */
  handOverSignoff(input: SignoffHandover): Promise<RecordOutcome>;
  /** Records a review if the link is unused, the task pending and the application still IN_REVIEW. */
  recordReview(input: {
    link: LinkRecord;
    expertId: string;
    answer: ReviewAnswerRecord;
    event: HistoryEvent;
  }): Promise<RecordOutcome>;
  /**
   * Records an expert's recusal (the task RECUSED with the reason) under the same conditions as a
   * review: the link unused, the task pending, the application IN_REVIEW. A review and a recusal of
   * one link racing: exactly one is recorded, the other refused.
   */
  recordRecusal(input: {
    link: LinkRecord;
    expertId: string;
    recusal: RecusalRecord;
    event: HistoryEvent;
  }): Promise<RecordOutcome>;
  /** Records a decision, and marks the application decided, if it is AWAITING_SIGNOFF and undecided. */
  recordSignoff(input: {
    link: LinkRecord;
    decision: SignoffDecisionRecord;
    event: HistoryEvent;
  }): Promise<RecordOutcome>;
  /** The token that completes the task; only the code that completes it reads it. */
  taskToken(ref: TaskRef): Promise<string | null>;
  /** Removes a used token, unless a newer one was swapped in meanwhile. */
  clearTaskToken(ref: TaskRef, token: string): Promise<void>;
  /**
   * Ends the tasks of `kinds` nobody waits for any more: pending ones become CLOSED and lose their
   * task token in the same write; answered ones lose a token they kept. Idempotent.
   */
  closeTasks(applicationId: string, kinds: readonly TaskKind[], at: string): Promise<number>;
  /**
   * Removes every task token of `kinds` and leaves the tasks as they are: for a FAILED application,
   * whose workflow ended but whose open tasks a redrive takes up again. Idempotent.
   */
  forgetTaskTokens(applicationId: string, kinds: readonly TaskKind[]): Promise<number>;
  /** Claims the task's email; false if it was already sent (or is being sent). */
  claimNotification(ref: TaskRef, at: string): Promise<boolean>;
  releaseNotification(ref: TaskRef): Promise<void>;

  // Return for amendment (shared/adapters/tasks/amendments.ts).
  /**
   * Records the holder's return for amendment with its link and history event, and makes the
   * application AMENDMENT_REQUESTED, if it is AWAITING_SIGNOFF, undecided and returned fewer than
   * `maxReturns` times; 'refused' otherwise.
   */
  recordReturn(input: {
    link: LinkRecord;
    /** The application as read before: the programme figures count the change of status. */
    application: Application;
    amendment: Amendment;
    maxReturns: number;
    event: HistoryEvent;
  }): Promise<RecordOutcome>;
  /** Keeps the token of the step that waits for the resubmission after the `round`-th return. */
  awaitAmendment(input: {
    applicationId: string;
    round: number;
    taskToken: string;
    requestedAt: string;
  }): Promise<void>;
  /** Deletes the tasks of the round a resubmission ended (kept on the application): idempotent. */
  clearRound(applicationId: string): Promise<number>;

  // The consent stage: one stage record (counts, the one task token), one request per party.
  /**
   * Opens an application's consent stage once: its requests (one link each,
   * `requests` in the order asked) and the stage record with `pending` =
   * the number asked. A re-run (retry, restart, redrive) writes only what
   * is missing and keeps the first run's link ids and counts. Returns the
   * stage and every request in the order asked.
   */
  openConsentStage(input: {
    applicationId: string;
    deadline: string;
    expiresAt: Date;
    requestedAt: string;
    /** When to remind whoever has not answered (reminderTimes): stored with each link. */
    remindAt?: readonly string[];
    requests: ReadonlyArray<{ linkId: string; party: ConsentParty }>;
  }): Promise<{ stage: ConsentStage; requests: ConsentRequest[] }>;
  consentStage(applicationId: string): Promise<ConsentStage | null>;
  /**
   * Stores the stage's task token while the stage is PENDING and returns the
   * stage as of that write (so a last answer recorded before is seen);
   * null once the stage is CLOSED.
   */
  awaitConsents(applicationId: string, taskToken: string): Promise<ConsentStage | null>;
  /** Every request of the stage, in the order asked. */
  listConsentRequests(applicationId: string): Promise<ConsentRequest[]>;
  getConsentRequest(linkId: string): Promise<ConsentRequest | null>;
  /**
   * Records an answer in one write, if the link is unused, the request
   * PENDING, the stage PENDING and the application AWAITING_CONSENT: the link
   * is used, the request answered, the stage's counts moved, the history event appended.
   */
  recordConsent(input: {
    request: ConsentRequest;
    answer: ConsentAnswerRecord;
    event: HistoryEvent;
  }): Promise<RecordOutcome>;
  /** Claims the email of a link that is its own task (a consent request); false if already sent. */
  claimLinkNotification(linkId: string, at: string): Promise<boolean>;
  releaseLinkNotification(linkId: string): Promise<void>;
}

export type TaskReader = Pick<Tasks, 'listReviews' | 'getSignoff' | 'consentStage'>;

export interface SignoffHandover {
  kind: SignoffHandoverKind;
  applicationId: string;
  fromLinkId: string;
  fromOfficialId: string;
  toOfficialId: string;
  /** The new holder's link. */
  link: LinkRecord;
  event: HistoryEvent;
  /** ESCALATED: the escalation step's own task token and deadline. */
  escalation?: { taskToken: string; deadline: string };
  /** DELEGATED: the delegating official's comment. */
  comment?: string;
}

// ---- Reminders before a deadline ---------------------------------------------

/** A link whose next reminder is due. */
export interface DueReminder {
  link: LinkRecord;
  dueAt: string;
}

export interface Reminders {
  /**
   * Links whose next reminder is due at or before `now`, the longest due first, each as stored now
   * (a consistent read); `next` continues after the last one listed, so a sweep walks on past the
   * reminders it put back (their email failed) instead of reading them again.
   */
  due(now: string, page: PageRequest): Promise<Page<DueReminder>>;
  /**
   * Takes a due reminder: the link moves on to its next one still ahead of `now` (or none: one
   * reminder, never two in a row, when a later one fell due meanwhile). False when another sweep
   * took it first; so each reminder is sent by one sweep at most.
   */
  take(reminder: DueReminder, now: string): Promise<boolean>;
  /** Puts a taken reminder back, its email not sent: the next sweep tries again. */
  putBack(reminder: DueReminder): Promise<void>;
  /** Drops a link's remaining reminders: its task was answered, reassigned or closed. */
  drop(linkId: string): Promise<void>;
}

// ---- Email and the workflow engine ------------------------------------------

export interface EmailMessage {
  to: string[];
  subject: string;
  text: string;
  html: string;
}

export interface Mailer {
  send(message: EmailMessage): Promise<void>;
}

export interface WorkflowInput {
  applicationId: string;
  stage?: WorkflowStage;
}

export type ResumeOutcome = 'resumed' | 'gone';

export interface WorkflowEngine {
  /** Starts the application's execution; its name is the application id, so a second start is a no-op. */
  start(input: WorkflowInput): Promise<void>;
  /**
   * Starts run `run` of the application's workflow (a redrive) under the
   * derived name `<applicationId>-r<run>`; a second start of the same run is a no-op.
   */
  startAt(input: WorkflowInput & { stage: WorkflowStage }, run: number): Promise<void>;
  /** Completes a waiting task. 'gone' when the task timed out or its execution ended. */
  resumeTask(taskToken: string, output: unknown): Promise<ResumeOutcome>;
  failTask(taskToken: string, error: string, cause: string): Promise<ResumeOutcome>;
  /**
   * Stops the application's running execution, whichever run it is: every run up to `latestRun`
   * (the recorded `redriveCount`), past any that never started or that Step Functions no longer keeps.
   */
  stop(applicationId: string, latestRun: number, cause: string): Promise<void>;
  /** Whether run `run` of the application's workflow is running, has ended, or never started. */
  runStatus(applicationId: string, run: number): Promise<'RUNNING' | 'ENDED' | 'MISSING'>;
}

/** The part of Secrets Manager a rotation needs, in its own words. */
export interface RotatingSecret {
  /** Whether rotation is on, and each version's staging labels. */
  describe(secretId: string): Promise<{ rotationEnabled: boolean; versions: Record<string, string[]> }>;
  /** A version's value by stage (and version id); null when there is none. */
  value(
    secretId: string,
    select: { stage: 'AWSCURRENT' | 'AWSPENDING'; versionId?: string },
  ): Promise<string | null>;
  /** Stores `value` as version `token`, labelled AWSPENDING. */
  putPending(secretId: string, token: string, value: string): Promise<void>;
  /** Moves AWSCURRENT from `fromVersionId` to `token`. */
  promote(secretId: string, token: string, fromVersionId: string | undefined): Promise<void>;
}

/** The identity provider of the code flow (Cognito's hosted UI: shared/adapters/cognito-sign-in.ts). */
export interface IdentityProvider {
  authorizeUrl(request: { state: string; codeChallenge: string; redirectUri: string }): string;
  /** The token endpoint: the ID token for the code, or an error when the code is refused. */
  exchangeCode(request: { code: string; codeVerifier: string; redirectUri: string }): Promise<string>;
  /** The verified claims of an ID token; throws when it does not verify. */
  verifyIdToken(idToken: string): Promise<Record<string, unknown>>;
}
