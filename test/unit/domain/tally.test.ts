import { describe, expect, it } from 'vitest';
import { majorityQuorum, type Recommendation, type ReviewAnswer, tallyReviews } from '#shared/domain/tally';

function answer(
  expertId: string,
  recommendation: Recommendation,
  [innovation, feasibility, cooperation]: [number, number, number],
): ReviewAnswer {
  return { expertId, recommendation, scores: { innovation, feasibility, cooperation } };
}

describe('majorityQuorum', () => {
  it.each([
    [1, 1],
    [2, 2],
    [3, 2],
    [4, 3],
    [5, 3],
    [10, 6],
  ])('needs %i answers of %i for a strict majority', (assigned, quorum) => {
    expect(majorityQuorum(assigned)).toBe(quorum);
  });

  it('needs one answer when nobody is assigned, so an empty panel never meets it', () => {
    expect(majorityQuorum(0)).toBe(1);
  });

  it.each([-1, 1.5, Number.NaN])('rejects %d assigned experts', (assigned) => {
    expect(() => majorityQuorum(assigned)).toThrow(RangeError);
  });
});

describe('tallyReviews', () => {
  it('counts recommendations and averages scores to one decimal', () => {
    // Arrange
    const answers = [
      answer('e1', 'APPROVE', [8, 7, 9]),
      answer('e2', 'REJECT', [3, 4, 5]),
      answer('e3', 'APPROVE', [9, 9, 10]),
    ];

    // Act
    const tally = tallyReviews(3, answers);

    // Assert
    expect(tally).toEqual({
      assigned: 3,
      received: 3,
      quorum: 2,
      quorumMet: true,
      recommendations: { APPROVE: 2, REJECT: 1 },
      // 20/3 = 6.67, 20/3 = 6.67, 24/3 = 8
      averageScores: { innovation: 6.7, feasibility: 6.7, cooperation: 8 },
    });
  });

  it('rounds halves up', () => {
    const tally = tallyReviews(4, [
      answer('e1', 'APPROVE', [7, 1, 10]),
      answer('e2', 'APPROVE', [8, 2, 10]),
      answer('e3', 'APPROVE', [8, 2, 10]),
      answer('e4', 'APPROVE', [8, 2, 9]),
    ]);

    // 31/4 = 7.75, 7/4 = 1.75, 39/4 = 9.75
    expect(tally.averageScores).toEqual({ innovation: 7.8, feasibility: 1.8, cooperation: 9.8 });
  });

  it('has no averages and no quorum before any answer', () => {
    const tally = tallyReviews(3, []);

    expect(tally).toEqual({
      assigned: 3,
      received: 0,
      quorum: 2,
      quorumMet: false,
      recommendations: { APPROVE: 0, REJECT: 0 },
      averageScores: null,
    });
  });

  it('misses the default quorum with 1 of 3 answers and meets it with 2', () => {
    const one = [answer('e1', 'APPROVE', [5, 5, 5])];
    const two = [...one, answer('e2', 'REJECT', [2, 2, 2])];

    expect(tallyReviews(3, one).quorumMet).toBe(false);
    expect(tallyReviews(3, two).quorumMet).toBe(true);
  });

  it('meets the quorum of a single assigned expert with that expert’s answer', () => {
    const tally = tallyReviews(1, [answer('e1', 'REJECT', [1, 2, 3])]);

    expect(tally).toMatchObject({ quorum: 1, quorumMet: true, recommendations: { APPROVE: 0, REJECT: 1 } });
  });

  it('counts a repeated answer from one expert once, keeping the first', () => {
    // Arrange
    const answers = [
      answer('e1', 'APPROVE', [10, 10, 10]),
      answer('e1', 'REJECT', [1, 1, 1]),
      answer('e2', 'APPROVE', [6, 6, 6]),
    ];

    // Act
    const tally = tallyReviews(3, answers);

    // Assert
    expect(tally.received).toBe(2);
    expect(tally.recommendations).toEqual({ APPROVE: 2, REJECT: 0 });
    expect(tally.averageScores).toEqual({ innovation: 8, feasibility: 8, cooperation: 8 });
  });

  it('does not let one expert answering twice meet a quorum of two', () => {
    const answers = [answer('e1', 'APPROVE', [5, 5, 5]), answer('e1', 'APPROVE', [5, 5, 5])];

    expect(tallyReviews(3, answers).quorumMet).toBe(false);
  });

  it('uses a configured quorum', () => {
    const answers = [answer('e1', 'APPROVE', [5, 5, 5]), answer('e2', 'APPROVE', [5, 5, 5])];

    const tally = tallyReviews(3, answers, 3);

    expect(tally).toMatchObject({ quorum: 3, quorumMet: false });
  });

  it.each([
    [3, 5, 3],
    [1, 3, 1],
    [3, 0, 1],
    [3, -2, 1],
    [4, 2.2, 3],
    [0, 1, 1],
    [3, Number.NaN, 2],
  ])('with %i assigned, clamps a configured quorum of %d to %i', (assigned, configured, expected) => {
    expect(tallyReviews(assigned, [], configured).quorum).toBe(expected);
  });

  it('cannot meet the quorum when nobody is assigned and nobody answered', () => {
    expect(tallyReviews(0, [])).toMatchObject({ quorum: 1, quorumMet: false, averageScores: null });
  });

  it('meets a configured quorum larger than the panel once every assigned expert answers', () => {
    const tally = tallyReviews(1, [answer('e1', 'APPROVE', [7, 7, 7])], 3);

    expect(tally).toMatchObject({ quorum: 1, quorumMet: true });
  });

  it('does not mutate the answers', () => {
    const answers = [answer('e1', 'APPROVE', [5, 6, 7]), answer('e1', 'REJECT', [1, 1, 1])];
    const snapshot = structuredClone(answers);

    tallyReviews(2, answers);

    expect(answers).toEqual(snapshot);
  });
});
