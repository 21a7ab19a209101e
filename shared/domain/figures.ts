/**
 * The programme's figures (counts by status, time per stage, expert load,
 * approval rate, missed deadlines), kept as running aggregates: every status
 * change adds a few counters to the figures of its day, and to the counts of
 * applications in each status now. Reading 90 days is then 91 small items,
 * whatever the number of applications.
 *
 * Durations are kept as histograms, not lists: a duration falls into a bucket
 * of a log scale with BUCKETS_PER_DOUBLING buckets per doubling (each bucket
 * about 9% wide), so a day's figures stay a few hundred counters however many
 * applications close that day, days add up by adding counts, a counter is
 * written with DynamoDB's `ADD` without reading it first, and a percentile
 * read back from the buckets is within half a bucket (±4.4%) of the exact one.
 */

import {
  APPLICATION_STATUSES,
  type ApplicationStatus,
  isOpen,
  TERMINAL_STATUSES,
} from '#shared/domain/application';

export const BUCKETS_PER_DOUBLING = 8;

/** The bucket a duration (in seconds) falls into; anything under a second counts as one second. */
export function bucketOf(seconds: number): number {
  return Math.floor(BUCKETS_PER_DOUBLING * Math.log2(Math.max(1, seconds)));
}

/** The duration a bucket stands for: its geometric middle (bucket 0: one second and a bit). */
export function bucketValue(bucket: number): number {
  return 2 ** ((bucket + 0.5) / BUCKETS_PER_DOUBLING);
}

/** Bucket → how many durations fell into it. */
export type Histogram = Record<number, number>;

/** The q-quantile (0 < q ≤ 1) by nearest rank over the buckets, in seconds; null for no durations. */
export function quantile(histogram: Histogram, q: number): number | null {
  const buckets = Object.entries(histogram)
    .map(([bucket, count]) => [Number(bucket), count] as const)
    .filter(([, count]) => count > 0)
    .sort(([a], [b]) => a - b);
  const total = buckets.reduce((sum, [, count]) => sum + count, 0);
  if (total === 0) return null;
  const rank = Math.max(1, Math.ceil(q * total));
  let seen = 0;
  for (const [bucket, count] of buckets) {
    seen += count;
    if (seen >= rank) return bucketValue(bucket);
  }
  return null;
}

export function addHistograms(into: Histogram, from: Histogram): Histogram {
  for (const [bucket, count] of Object.entries(from)) {
    into[Number(bucket)] = (into[Number(bucket)] ?? 0) + count;
  }
  return into;
}

/**
 * A stage is the status an application waits in; `TOTAL` is submission to
 * its outcome (any final status but `FAILED`, which a redrive may reopen: an
 * application is timed once, when it ends for good). Any status can be one (a
 * status added to the workflow is a stage of its own without a change here).
 */
export type StageKey = ApplicationStatus | 'TOTAL';

/** Kinds of missed deadline: an expert's review not answered in time; an application expired in a stage. */
export type MissedDeadlineKind = 'REVIEW' | 'SIGNOFF' | `EXPIRED_IN_${ApplicationStatus}`;

/**
 * The counters of one day, by name (how they are stored: flat, so one
 * `ADD` writes any of them):
 * - `entered#<status>`: applications that entered the status;
 * - `stage#<stage>#<bucket>`: time spent in a stage, counted the day it was left;
 * - `assigned#<expertId>`: reviews given to the expert;
 * - `missed#<kind>`: missed deadlines.
 */
export type DayCounters = Record<string, number>;

export const counterName = {
  entered: (status: ApplicationStatus) => `entered#${status}`,
  stage: (stage: StageKey, bucket: number) => `stage#${stage}#${bucket}`,
  assigned: (expertId: string) => `assigned#${expertId}`,
  missed: (kind: MissedDeadlineKind) => `missed#${kind}`,
} as const;

/** What one change adds: to its day's counters, and to the counts of applications in each status. */
export interface FiguresDelta {
  day: string;
  counters: DayCounters;
  inStatus: Partial<Record<ApplicationStatus, number>>;
  /** The exact durations behind the `stage#` counters (for metrics that take raw values). */
  durations: Array<{ stage: StageKey; seconds: number }>;
}

/** The part of an application the figures look at. */
export interface FiguresSubject {
  status: ApplicationStatus;
  createdAt: string;
  /** When it entered its status (absent on applications stored before this was kept). */
  statusSince?: string | undefined;
  review?: { expertIds: readonly string[] } | null | undefined;
  tally?: { received: number } | null | undefined;
}

/** The UTC day of an ISO time: the figures' day. */
export const dayOf = (at: string): string => at.slice(0, 10);

const secondsBetween = (from: string, to: string): number => (Date.parse(to) - Date.parse(from)) / 1000;

const add = (counters: DayCounters, name: string, by = 1) => {
  counters[name] = (counters[name] ?? 0) + by;
};

/** A new application: one more SUBMITTED (or whatever status it is stored in). */
export function creationFigures(application: FiguresSubject): FiguresDelta {
  return {
    day: dayOf(application.createdAt),
    counters: { [counterName.entered(application.status)]: 1 },
    inStatus: { [application.status]: 1 },
    durations: [],
  };
}

/** When an application entered its current status, where that is known. */
function enteredAt(application: FiguresSubject): string | undefined {
  return application.statusSince ?? (application.status === 'SUBMITTED' ? application.createdAt : undefined);
}

/**
 * What a change of an application (`previous` → `next`, at `at`) adds to the
 * figures: nothing when neither its status, its panel nor its tally changed.
 */
export function transitionFigures(
  previous: FiguresSubject,
  next: FiguresSubject,
  at: string,
): FiguresDelta | null {
  const counters: DayCounters = {};
  const inStatus: FiguresDelta['inStatus'] = {};
  const durations: FiguresDelta['durations'] = [];
  const spent = (stage: StageKey, from: string) => {
    const seconds = Math.max(0, secondsBetween(from, at));
    add(counters, counterName.stage(stage, bucketOf(seconds)));
    durations.push({ stage, seconds });
  };
  if (previous.status !== next.status) {
    inStatus[previous.status] = -1;
    inStatus[next.status] = 1;
    add(counters, counterName.entered(next.status));
    const since = enteredAt(previous);
    if (since) spent(previous.status, since);
    if (isOutcome(next.status) && !isOutcome(previous.status)) spent('TOTAL', previous.createdAt);
    if (next.status === 'EXPIRED') add(counters, counterName.missed(`EXPIRED_IN_${previous.status}`));
  }
  const before = new Set(previous.review?.expertIds ?? []);
  for (const expertId of next.review?.expertIds ?? []) {
    if (!before.has(expertId)) add(counters, counterName.assigned(expertId));
  }
  if (next.tally && JSON.stringify(next.tally) !== JSON.stringify(previous.tally ?? null)) {
    // The review stage ended: whoever on the panel did not answer missed the deadline.
    const unanswered = (next.review?.expertIds.length ?? 0) - next.tally.received;
    if (unanswered > 0) add(counters, counterName.missed('REVIEW'), unanswered);
  }
  if (Object.keys(counters).length === 0 && Object.keys(inStatus).length === 0) return null;
  return { day: dayOf(at), counters, inStatus, durations };
}

const isTerminal = (status: ApplicationStatus): boolean =>
  (TERMINAL_STATUSES as readonly string[]).includes(status);

/** A final status an application keeps: FAILED is final until an operator redrives it. */
const isOutcome = (status: ApplicationStatus): boolean => isTerminal(status) && status !== 'FAILED';

/** A sign-off whose deadline passed undecided (escalated to the head, or expired without one). */
export function missedSignoffFigures(at: string): FiguresDelta {
  return { day: dayOf(at), counters: { [counterName.missed('SIGNOFF')]: 1 }, inStatus: {}, durations: [] };
}

// ---- Reading the figures back --------------------------------------------------

export interface StageTimes {
  stage: StageKey;
  /** Durations counted (stages left in the window). */
  count: number;
  medianSeconds: number | null;
  p90Seconds: number | null;
}

export interface WindowFigures {
  days: number;
  /** First day of the window (UTC), inclusive. */
  from: string;
  to: string;
  /** Applications that entered each status in the window (SUBMITTED: submitted). */
  entered: Record<ApplicationStatus, number>;
  stages: StageTimes[];
  /** Decided in the window: approved / (approved + rejected); null when none was decided. */
  approvalRate: number | null;
  decided: number;
  missedDeadlines: Record<string, number>;
  /** Reviews given to each expert in the window. */
  assignedByExpert: Record<string, number>;
}

/** The days of a window ending `today` (inclusive), oldest first. */
export function windowDays(today: string, days: number): string[] {
  const end = Date.parse(`${today}T00:00:00.000Z`);
  return Array.from({ length: days }, (_, index) =>
    new Date(end - (days - 1 - index) * 86_400_000).toISOString().slice(0, 10),
  );
}

/** The figures of a window from its days' counters (days without figures are simply absent). */
export function summarizeWindow(
  days: readonly string[],
  countersByDay: ReadonlyMap<string, DayCounters>,
): WindowFigures {
  const entered = Object.fromEntries(APPLICATION_STATUSES.map((status) => [status, 0])) as Record<
    ApplicationStatus,
    number
  >;
  const histograms = new Map<StageKey, Histogram>();
  const missedDeadlines: Record<string, number> = {};
  const assignedByExpert: Record<string, number> = {};
  for (const day of days) {
    for (const [name, value] of Object.entries(countersByDay.get(day) ?? {})) {
      const [kind, key, bucket] = name.split('#');
      if (!key) continue;
      if (kind === 'entered' && key in entered) entered[key as ApplicationStatus] += value;
      else if (kind === 'stage' && bucket !== undefined) {
        const histogram = histograms.get(key as StageKey) ?? {};
        addHistograms(histogram, { [Number(bucket)]: value });
        histograms.set(key as StageKey, histogram);
      } else if (kind === 'missed') missedDeadlines[key] = (missedDeadlines[key] ?? 0) + value;
      else if (kind === 'assigned') assignedByExpert[key] = (assignedByExpert[key] ?? 0) + value;
    }
  }
  const stageOrder: StageKey[] = [...APPLICATION_STATUSES.filter(isOpen), 'TOTAL'];
  const stages = [...stageOrder, ...[...histograms.keys()].filter((key) => !stageOrder.includes(key))].map(
    (stage) => {
      const histogram = histograms.get(stage) ?? {};
      return {
        stage,
        count: Object.values(histogram).reduce((sum, count) => sum + count, 0),
        medianSeconds: roundSeconds(quantile(histogram, 0.5)),
        p90Seconds: roundSeconds(quantile(histogram, 0.9)),
      };
    },
  );
  const decided = entered.APPROVED + entered.REJECTED;
  return {
    days: days.length,
    from: days[0] ?? '',
    to: days[days.length - 1] ?? '',
    entered,
    stages,
    approvalRate: decided === 0 ? null : Math.round((entered.APPROVED / decided) * 1000) / 1000,
    decided,
    missedDeadlines,
    assignedByExpert,
  };
}

const roundSeconds = (seconds: number | null): number | null =>
  seconds === null ? null : Math.round(seconds);
