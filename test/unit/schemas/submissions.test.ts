import { describe, expect, it } from 'vitest';
import { reviewSubmissionSchema, signoffSubmissionSchema } from '#shared/schemas/api';

const pathsOf = (result: { error?: { issues: Array<{ path: PropertyKey[] }> } }) =>
  (result.error?.issues ?? []).map((issue) => issue.path.join('.'));

describe('review and sign-off submissions', () => {
  it('report a missing rejection comment together with the other mistakes of the form', () => {
    const review = reviewSubmissionSchema.safeParse({
      recommendation: 'REJECT',
      innovation: 11,
      feasibility: 5,
      cooperation: 5,
    });
    expect(pathsOf(review).sort()).toEqual(['comment', 'innovation']);
  });

  it('need a comment to reject, not to approve', () => {
    expect(pathsOf(signoffSubmissionSchema.safeParse({ decision: 'REJECT', comment: '   ' }))).toEqual([
      'comment',
    ]);
    expect(signoffSubmissionSchema.safeParse({ decision: 'APPROVE' }).success).toBe(true);
    expect(
      reviewSubmissionSchema.safeParse({
        recommendation: 'APPROVE',
        innovation: 1,
        feasibility: 10,
        cooperation: 5,
      }).success,
    ).toBe(true);
  });
});
