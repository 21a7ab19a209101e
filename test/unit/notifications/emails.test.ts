import { describe, expect, it } from 'vitest';
import { subjectLine } from '#shared/notifications/bilingual-email';
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
  it('names the cluster in a subject of at most 80 characters, and the application id in the text and the HTML', () => {
    expect(email.subject.length).toBeLessThanOrEqual(80);
    // The cluster's name, shortened to fit where it has to be.
    expect(email.subject).toContain('«<script>');
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

describe('every email', () => {
  it.each(emails)(
    '%s: is signed by the department with its contact, in HTML without obsolete attributes',
    (_, email) => {
      for (const part of [email.text, email.html]) {
        expect(part).toContain('Департамент предпринимательства и инновационного развития города');
        expect(part).toContain('clusters@innovation.example.city');
      }
      expect(email.html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
      expect(email.html).not.toMatch(/\s(align|valign|cellpadding|cellspacing|bgcolor|border|width)=/);
    },
  );

  it('keeps a long cluster name from pushing a task subject past 80 characters, deadline kept', () => {
    const long = {
      ...summary,
      clusterName: 'Межотраслевой кластер микроэлектроники, медицинских технологий и робототехники',
    };
    const email = reviewRequestEmail({
      ...long,
      expertName: 'E',
      deadline: '2026-03-11T10:00:00.000Z',
      link: LINK,
    });
    expect(email.subject.length).toBeLessThanOrEqual(80);
    expect(email.subject).toMatch(/^Экспертиза «Межотраслевой.*…» до 11\.03\.2026 13:00 МСК/);
  });

  it('greets the applicant, says what comes next and where to follow the application', () => {
    const [, submitted] = emails.find(([name]) => name === 'submitted') ?? [];
    expect(submitted?.text).toMatch(/^Здравствуйте!/);
    expect(submitted?.text).toContain('Что дальше');
    expect(submitted?.text).toContain('What happens next');
    expect(submitted?.text).toContain('GET /applications/app_0000000000mail');
  });
});

describe('subjectLine', () => {
  const words = (cluster: string) => ({
    ru: `Экспертиза «${cluster}» до 11.03.2026 12:00 МСК`,
    en: 'Review request',
  });

  it('keeps both languages and the whole name when they fit', () => {
    expect(subjectLine('Зеленоград', words)).toBe(
      'Экспертиза «Зеленоград» до 11.03.2026 12:00 МСК / Review request',
    );
  });

  it('shortens a long name, to no less than 20 characters, before it drops the English', () => {
    const subject = subjectLine('Межотраслевой кластер микроэлектроники и медицины', words);
    expect(subject.length).toBeLessThanOrEqual(80);
    expect(subject).toMatch(/^Экспертиза «Межотраслевой .+…» до 11\.03\.2026 12:00 МСК \/ Review request$/);
  });

  it('keeps a task’s whole cluster name in Russian alone rather than shorten it; a notice keeps its English', () => {
    const name = 'Зеленоградский кластер микроэлектроники';
    const invitation = (cluster: string) => ({
      ru: `Приглашение в «${cluster}» до 11.03.2026 12:00 МСК`,
      en: 'Invitation',
    });
    expect(subjectLine(name, invitation, 'name')).toBe(`Приглашение в «${name}» до 11.03.2026 12:00 МСК`);
    const approved = (cluster: string) => ({
      ru: `Заявка одобрена: «${cluster}»`,
      en: 'Application approved',
    });
    expect(subjectLine(name, approved)).toBe(
      'Заявка одобрена: «Зеленоградский кластер микроэ…» / Application approved',
    );
  });

  it('says it in Russian alone when even 20 characters of the name leave the English no room', () => {
    const long = (cluster: string) => ({
      ru: `Напоминание: подтверждение участия «${cluster}» до 11.03.2026 12:00 МСК`,
      en: 'Reminder: consent',
    });
    const subject = subjectLine('Межотраслевой кластер микроэлектроники и медицины', long);
    expect(subject.length).toBeLessThanOrEqual(80);
    expect(subject).not.toContain(' / ');
    expect(subject).toContain('до 11.03.2026 12:00 МСК');
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
    expect(review?.text).toContain('11 марта 2026 г. в 13:00 МСК');
    expect(review?.text).toContain('11 March 2026 at 13:00 Moscow time');
    expect(review?.subject).toContain('до 11.03.2026 13:00 МСК');
    expect(review?.text).toContain(`Title ${HOSTILE}`);
    expect(review?.text).toContain('Robotics, Information technology');
    expect(review?.text).toContain('31');
    const [, signoff] = emails.find(([name]) => name === 'sign-off request') ?? [];
    expect(signoff?.text).toContain('Expert One');
    expect(signoff?.text).toContain('Recommendation: reject');
    expect(signoff?.text).toContain('Innovation: 3, Feasibility: 4, Cooperation: 5');
    expect(signoff?.text).toContain('Recommend rejection: 1');
    expect(signoff?.text).toContain('Innovation: 5.5');
    expect(signoff?.text).toContain('Инновационность: 5,5');
  });
});
