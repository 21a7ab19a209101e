import { describe, expect, it } from 'vitest';
import { APPLICATION_STATUSES } from '#shared/domain/application';
import {
  bucketOf,
  bucketValue,
  creationFigures,
  type DayCounters,
  type FiguresSubject,
  missedSignoffFigures,
  quantile,
  summarizeWindow,
  transitionFigures,
  windowDays,
} from '#shared/domain/figures';

const HOUR = 3600;
const DAY = 86_400;

const subject = (overrides: Partial<FiguresSubject> = {}): FiguresSubject => ({
  status: 'SUBMITTED',
  createdAt: '2026-11-01T10:00:00.000Z',
  ...overrides,
});

/** The exact nearest-rank quantile of a list, for comparison with the histogram's. */
function exactQuantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(1, Math.ceil(q * sorted.length)) - 1] as number;
}

describe('duration histograms', () => {
  it('puts a duration in a bucket whose value is within 4.5% of it', () => {
    for (const seconds of [1, 2, 59, 3600, 86_399, 10 * DAY, 400 * DAY]) {
      const value = bucketValue(bucketOf(seconds));
      expect(Math.abs(value - seconds) / seconds).toBeLessThan(0.045);
    }
  });

  it('counts durations under a second as one second', () => {
    expect(bucketOf(0)).toBe(bucketOf(1));
    expect(bucketOf(-5)).toBe(0);
  });

  it('gives the median and p90 within 4.5% of the exact ones, over many random samples', () => {
    let seed = 7;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let sample = 0; sample < 50; sample++) {
      const values = Array.from({ length: 1 + Math.floor(random() * 300) }, () =>
        Math.round(HOUR + random() * 20 * DAY),
      );
      const histogram: Record<number, number> = {};
      for (const value of values) histogram[bucketOf(value)] = (histogram[bucketOf(value)] ?? 0) + 1;
      for (const q of [0.5, 0.9]) {
        const exact = exactQuantile(values, q);
        expect(Math.abs((quantile(histogram, q) as number) - exact) / exact).toBeLessThan(0.045);
      }
    }
  });

  it('has no quantile without durations', () => {
    expect(quantile({}, 0.5)).toBeNull();
    expect(quantile({ 3: 0 }, 0.9)).toBeNull();
  });
});

describe('transitionFigures', () => {
  it('counts a new application as submitted, and one more SUBMITTED now', () => {
    expect(creationFigures(subject())).toEqual({
      day: '2026-11-01',
      counters: { 'entered#SUBMITTED': 1 },
      inStatus: { SUBMITTED: 1 },
      durations: [],
    });
  });

  it('moves one application between statuses and counts the time spent in the status left', () => {
    // Arrange: in review since 3 days ago
    const previous = subject({ status: 'IN_REVIEW', statusSince: '2026-11-02T10:00:00.000Z' });
    const next = { ...previous, status: 'AWAITING_SIGNOFF' as const };

    // Act
    const delta = transitionFigures(previous, next, '2026-11-05T10:00:00.000Z');

    // Assert
    expect(delta).toEqual({
      day: '2026-11-05',
      counters: { 'entered#AWAITING_SIGNOFF': 1, [`stage#IN_REVIEW#${bucketOf(3 * DAY)}`]: 1 },
      inStatus: { IN_REVIEW: -1, AWAITING_SIGNOFF: 1 },
      durations: [{ stage: 'IN_REVIEW', seconds: 3 * DAY }],
    });
  });

  it('counts the time from submission when a SUBMITTED application moves on (it has no statusSince)', () => {
    const delta = transitionFigures(
      subject(),
      subject({ status: 'CHECKING_ELIGIBILITY' }),
      '2026-11-01T10:00:30.000Z',
    );

    expect(delta?.counters).toEqual({
      'entered#CHECKING_ELIGIBILITY': 1,
      [`stage#SUBMITTED#${bucketOf(30)}`]: 1,
    });
  });

  it('counts no stage time for an application stored before statusSince was kept', () => {
    const delta = transitionFigures(
      subject({ status: 'IN_REVIEW' }),
      subject({ status: 'AWAITING_SIGNOFF' }),
      '2026-11-05T10:00:00.000Z',
    );

    expect(Object.keys(delta?.counters ?? {})).toEqual(['entered#AWAITING_SIGNOFF']);
  });

  it('counts the whole time from submission when an application ends, and an expiry as a missed deadline', () => {
    const delta = transitionFigures(
      subject({ status: 'AWAITING_SIGNOFF', statusSince: '2026-11-10T10:00:00.000Z' }),
      subject({ status: 'EXPIRED' }),
      '2026-11-11T10:00:00.000Z',
    );

    expect(delta?.counters).toEqual({
      'entered#EXPIRED': 1,
      [`stage#AWAITING_SIGNOFF#${bucketOf(DAY)}`]: 1,
      [`stage#TOTAL#${bucketOf(10 * DAY)}`]: 1,
      'missed#EXPIRED_IN_AWAITING_SIGNOFF': 1,
    });
  });

  it('times an application once: a failure and its redrive add no TOTAL, the outcome after them does', () => {
    const failed = transitionFigures(
      subject({ status: 'IN_REVIEW', statusSince: '2026-11-02T10:00:00.000Z' }),
      subject({ status: 'FAILED' }),
      '2026-11-03T10:00:00.000Z',
    );
    const redriven = transitionFigures(
      subject({ status: 'FAILED', statusSince: '2026-11-03T10:00:00.000Z' }),
      subject({ status: 'IN_REVIEW' }),
      '2026-11-04T10:00:00.000Z',
    );
    const approved = transitionFigures(
      subject({ status: 'IN_REVIEW', statusSince: '2026-11-04T10:00:00.000Z' }),
      subject({ status: 'APPROVED' }),
      '2026-11-06T10:00:00.000Z',
    );
    const totals = [failed, redriven, approved].map((delta) =>
      Object.keys(delta?.counters ?? {}).filter((name) => name.startsWith('stage#TOTAL#')),
    );
    expect(totals).toEqual([[], [], [`stage#TOTAL#${bucketOf(5 * DAY)}`]]);
  });

  it('counts the experts newly put on the panel, and the panel members without an answer when the tally is made', () => {
    const assigned = transitionFigures(
      subject({ status: 'CHECKING_ELIGIBILITY', statusSince: '2026-11-01T10:00:00.000Z' }),
      subject({ status: 'IN_REVIEW', review: { expertIds: ['e1', 'e2', 'e3'] } }),
      '2026-11-01T11:00:00.000Z',
    );
    expect(assigned?.counters).toMatchObject({ 'assigned#e1': 1, 'assigned#e2': 1, 'assigned#e3': 1 });

    const replaced = transitionFigures(
      subject({ status: 'IN_REVIEW', review: { expertIds: ['e1', 'e2', 'e3'] } }),
      subject({ status: 'IN_REVIEW', review: { expertIds: ['e1', 'e3', 'e4'] } }),
      '2026-11-02T11:00:00.000Z',
    );
    expect(replaced).toEqual({
      day: '2026-11-02',
      counters: { 'assigned#e4': 1 },
      inStatus: {},
      durations: [],
    });

    const tallied = transitionFigures(
      subject({ status: 'IN_REVIEW', review: { expertIds: ['e1', 'e3', 'e4'] } }),
      subject({
        status: 'AWAITING_SIGNOFF',
        review: { expertIds: ['e1', 'e3', 'e4'] },
        tally: { received: 2 },
      }),
      '2026-11-09T11:00:00.000Z',
    );
    expect(tallied?.counters['missed#REVIEW']).toBe(1);
  });

  it('adds nothing for a change that moves no status, panel or tally', () => {
    const same = subject({ status: 'IN_REVIEW', review: { expertIds: ['e1'] }, tally: null });
    expect(transitionFigures(same, { ...same }, '2026-11-02T00:00:00.000Z')).toBeNull();
  });
});

describe('summarizeWindow', () => {
  it('adds the days of the window only, and computes the stage times, approval rate and missed deadlines', () => {
    // Arrange: three days of figures, the first outside a 2-day window
    const days = windowDays('2026-11-03', 2);
    const counters = new Map<string, DayCounters>([
      ['2026-11-01', { 'entered#APPROVED': 5 }],
      [
        '2026-11-02',
        {
          'entered#APPROVED': 3,
          'entered#REJECTED': 1,
          [`stage#IN_REVIEW#${bucketOf(2 * DAY)}`]: 9,
          'missed#REVIEW': 2,
          'assigned#e1': 1,
        },
      ],
      [
        '2026-11-03',
        {
          'entered#SUBMITTED': 4,
          [`stage#IN_REVIEW#${bucketOf(8 * DAY)}`]: 1,
          'missed#REVIEW': 1,
          'missed#SIGNOFF': 1,
          'assigned#e1': 2,
          'assigned#e2': 1,
        },
      ],
    ]);

    // Act
    const window = summarizeWindow(days, counters);

    // Assert
    expect(days).toEqual(['2026-11-02', '2026-11-03']);
    expect(window).toMatchObject({
      days: 2,
      from: '2026-11-02',
      to: '2026-11-03',
      approvalRate: 0.75,
      decided: 4,
      missedDeadlines: { REVIEW: 3, SIGNOFF: 1 },
      assignedByExpert: { e1: 3, e2: 1 },
    });
    expect(window.entered.APPROVED).toBe(3);
    expect(window.entered.SUBMITTED).toBe(4);
    const review = window.stages.find((stage) => stage.stage === 'IN_REVIEW');
    expect(review?.count).toBe(10);
    expect(Math.abs((review?.medianSeconds ?? 0) - 2 * DAY) / (2 * DAY)).toBeLessThan(0.045);
    expect(Math.abs((review?.p90Seconds ?? 0) - 2 * DAY) / (2 * DAY)).toBeLessThan(0.045);
  });

  it('lists every status, a workflow status added later included, and no approval rate without decisions', () => {
    const window = summarizeWindow(windowDays('2026-11-03', 30), new Map());

    expect(Object.keys(window.entered)).toEqual([...APPLICATION_STATUSES]);
    expect(window.approvalRate).toBeNull();
    expect(window.stages.every((stage) => stage.medianSeconds === null && stage.count === 0)).toBe(true);
  });

  it('counts a missed sign-off deadline', () => {
    expect(missedSignoffFigures('2026-11-03T23:59:00.000Z')).toEqual({
      day: '2026-11-03',
      counters: { 'missed#SIGNOFF': 1 },
      inStatus: {},
      durations: [],
    });
  });
});
