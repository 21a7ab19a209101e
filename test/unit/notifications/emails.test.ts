import { describe, expect, it } from 'vitest';
import {
  applicationIneligibleEmail,
  applicationOutcomeEmail,
  applicationSubmittedEmail,
  type EmailContent,
  reviewRequestEmail,
  signoffRequestEmail,
} from '#shared/notifications/emails';

const HOSTILE = '<script>alert("x")</script> & Co';
const common = { applicationId: 'app_0000000000mail', type: 'CREATE_CLUSTER' as const, clusterName: HOSTILE };
const summary = {
  ...common,
  sectors: ['robotics' as const, 'it' as const],
  project: { title: `Title ${HOSTILE}`, summary: `Summary ${HOSTILE}` },
  applicant: { inn: '7707083893', name: `Applicant ${HOSTILE}` },
  memberCount: 31,
};
const LINK =
  'https://clusters.example.city/reviews/AbCdEfGhIjKlMnOpQrStUvWx?kid=k1&exp=1773223200&sig=abc_DEF-123';

const emails: Array<[string, EmailContent]> = [
  ['submitted', applicationSubmittedEmail(common)],
  [
    'ineligible',
    applicationIneligibleEmail({ ...common, reasons: [{ code: 'TOO_FEW_MEMBERS', message: 'too few' }] }),
  ],
  ...(['APPROVED', 'REJECTED', 'EXPIRED', 'FAILED', 'WITHDRAWN'] as const).map(
    (status): [string, EmailContent] => [
      status,
      applicationOutcomeEmail({ ...common, status, comment: HOSTILE, clusterId: 'clu_1' }),
    ],
  ),
  [
    'review request',
    reviewRequestEmail({ ...summary, expertName: HOSTILE, deadline: '2026-03-11T10:00:00.000Z', link: LINK }),
  ],
  [
    'sign-off request',
    signoffRequestEmail({
      ...summary,
      officialName: 'Official',
      reviews: [
        {
          expertName: 'Expert One',
          recommendation: 'REJECT',
          scores: { innovation: 3, feasibility: 4, cooperation: 5 },
          comment: HOSTILE,
        },
      ],
      tally: {
        assigned: 3,
        received: 2,
        quorum: 2,
        quorumMet: true,
        recommendations: { APPROVE: 1, REJECT: 1 },
        averageScores: { innovation: 5.5, feasibility: 6, cooperation: 7 },
      },
      deadline: '2026-03-15T10:00:00.000Z',
      link: LINK.replace('/reviews/', '/signoff/'),
    }),
  ],
];

describe.each(emails)('the %s email', (_, email) => {
  it('names the application id in the subject, the text and the HTML', () => {
    expect(email.subject).toContain('app_0000000000mail');
    expect(email.text).toContain('app_0000000000mail');
    expect(email.html).toContain('app_0000000000mail');
  });

  it('escapes what applicants and reviewers wrote', () => {
    expect(email.html).not.toContain('<script>');
    expect(email.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co');
  });

  it('says it in Russian first, then in English', () => {
    const russian = email.html.indexOf('<div lang="ru">');
    const english = email.html.indexOf('<div lang="en">');
    expect(russian).toBeGreaterThan(0);
    expect(english).toBeGreaterThan(russian);
    expect(email.text.search(/[А-Яа-я]/)).toBeLessThan(email.text.search(/\b(Application|The|Your|Dear)\b/));
  });
});

describe('the emails with links', () => {
  it('carry the link whole: on its own line in the text, entity-encoded in the HTML', () => {
    const [, review] = emails.find(([name]) => name === 'review request') ?? [];
    expect(review?.text.split('\n')).toContain(LINK);
    expect(review?.html).toContain(`href="${LINK.replaceAll('&', '&amp;')}"`);
  });

  it('give the review deadline, the project and every expert conclusion with the tally', () => {
    const [, review] = emails.find(([name]) => name === 'review request') ?? [];
    expect(review?.text).toContain('11 March 2026 at 10:00 UTC');
    expect(review?.text).toContain(`Title ${HOSTILE}`);
    expect(review?.text).toContain('Robotics, Information technology');
    expect(review?.text).toContain('31');
    const [, signoff] = emails.find(([name]) => name === 'sign-off request') ?? [];
    expect(signoff?.text).toContain('Expert One');
    expect(signoff?.text).toContain('Recommendation: reject');
    expect(signoff?.text).toContain('Innovation: 3, Feasibility: 4, Cooperation: 5');
    expect(signoff?.text).toContain('Recommend rejection: 1');
    expect(signoff?.text).toContain('Innovation: 5.5');
  });
});
