/** Every page and email of the service, rendered from fixtures: the browser suite checks and screenshots them. */
import {
  amendmentRequestedEmail,
  applicationIneligibleEmail,
  applicationOutcomeEmail,
  applicationSubmittedEmail,
  consentRequestEmail,
  type EmailContent,
  reviewRequestEmail,
  signoffRequestEmail,
  taskReminderEmail,
} from '#shared/notifications/emails';
import { invitationEmail } from '#shared/notifications/invitation-emails';
import { consentCheckPage, consentFormPage } from '#shared/pages/consent-page';
import {
  invitationAnsweredPage,
  invitationCheckPage,
  invitationFormPage,
} from '#shared/pages/invitation-page';
import {
  consentRecordedPage,
  errorPage,
  reviewRecordedPage,
  signoffRecordedPage,
} from '#shared/pages/result-pages';
import { reviewCheckPage, reviewFormPage } from '#shared/pages/review-page';
import { signoffCheckPage, signoffFormPage } from '#shared/pages/signoff-page';
import type { InvitationPageView } from '#shared/use-cases/answer-invitation';
import type { ConsentPageView, ReviewPageView, SignoffPageView } from '#shared/use-cases/answer-page-views';

export const APP = 'app_3m2k7c0d1x9q8w7e6r5t4y3u2i';
const DEADLINE = '2026-03-11T09:00:00.000Z'; // 12:00 in Moscow
const LINK =
  'https://clusters.example.city/reviews/AbCdEfGhIjKlMnOpQrStUvWx?kid=k1&exp=1773223200&sig=abc_DEF-123';
const members = Array.from({ length: 33 }, (_, index) => ({
  inn: String(7707083893 + index * 11),
  name: `ООО «Участник ${index + 1}»`,
}));

const createSummary = {
  applicationId: APP,
  type: 'CREATE_CLUSTER' as const,
  clusterName: 'Зеленоград',
  sectors: [
    'it' as const,
    'electronics' as const,
    'microelectronics' as const,
    'medicine' as const,
    'robotics' as const,
  ],
  project: {
    title: 'Отечественный медицинский сенсор',
    summary:
      'Совместная разработка и выпуск датчиков для медицинских изделий.\nJoint design and manufacture of sensors for medical devices.',
  },
  applicant: {
    inn: '7707083893',
    name: 'АО «Зеленоградский инновационный центр»',
    sectors: ['electronics' as const, 'it' as const],
  },
  memberCount: 33,
};
const joinSummary = {
  applicationId: APP,
  type: 'JOIN_CLUSTER' as const,
  clusterName: 'Зеленоград',
  sectors: createSummary.sectors,
  motivation:
    'Мы выпускаем печатные платы для медицинских приборов. We make circuit boards for medical devices.',
  applicant: { inn: '7702070139', name: 'ООО «Плата»', sectors: ['electronics' as const] },
  memberCount: 33,
};
const tally = {
  assigned: 3,
  received: 3,
  quorum: 2,
  quorumMet: true,
  recommendations: { APPROVE: 2, REJECT: 1 },
  averageScores: { innovation: 6.3, feasibility: 7.7, cooperation: 8 },
};
const reviews = [
  {
    expertName: 'Анна Иванова',
    institution: 'CITY' as const,
    recommendation: 'APPROVE' as const,
    scores: { innovation: 7, feasibility: 8, cooperation: 9 },
    comment: 'Сильная команда. Strong team.',
  },
  {
    expertName: 'Пётр Смирнов',
    institution: 'PARTNER_INSTITUTION' as const,
    recommendation: 'APPROVE' as const,
    scores: { innovation: 8, feasibility: 8, cooperation: 8 },
  },
  {
    expertName: 'Ольга Кузнецова',
    institution: 'CITY' as const,
    recommendation: 'REJECT' as const,
    scores: { innovation: 4, feasibility: 7, cooperation: 7 },
    comment: 'Рынок не описан. The market is not described.',
  },
];

const reviewView: ReviewPageView = {
  linkId: 'AbCdEfGhIjKlMnOpQrStUvWx',
  expiresAt: DEADLINE,
  expertName: 'Анна Иванова',
  expertInstitution: 'CITY',
  summary: createSummary,
  members,
  eligibility: { eligible: true, reasons: [] },
};
const signoffView: SignoffPageView = {
  linkId: 'AbCdEfGhIjKlMnOpQrStUvWx',
  expiresAt: DEADLINE,
  officialName: 'Мария Петрова',
  summary: createSummary,
  members,
  eligibility: { eligible: true, reasons: [] },
  reviews,
  tally,
  delegates: [
    { officialId: 'off_2', name: 'Игорь Волков', position: 'заместитель руководителя' },
    { officialId: 'off_head', name: 'Елена Соколова', position: 'руководитель департамента' },
  ],
  returns: 0,
  canReturn: true,
};
const consentView: ConsentPageView = {
  linkId: 'AbCdEfGhIjKlMnOpQrStUvWx',
  expiresAt: DEADLINE,
  partyName: 'ООО «Участник 2»',
  role: 'member',
  summary: createSummary,
};
const invitationView: InvitationPageView = {
  linkId: 'inv_0000000000000000000000test',
  expiresAt: DEADLINE,
  role: 'MEMBER',
  cluster: {
    clusterId: 'clu_zelenograd',
    name: 'Зеленоград',
    sectors: createSummary.sectors,
    memberCount: 33,
    project: createSummary.project,
  },
  coordinator: { inn: '7707083893', name: 'АО «Зеленоградский инновационный центр»' },
  invitee: { name: 'ООО «Датчик»', inn: '7702070139', email: 'office@sensor.example' },
};
const form = { csrfToken: 'csrf-token' };

/** Every page, by name: the name is its screenshot's. */
export const pages: Record<string, string> = {
  'review-form': reviewFormPage(reviewView, form),
  'review-form-errors': reviewFormPage(reviewView, {
    ...form,
    values: { recommendation: 'REJECT', innovation: '7', comment: '' },
    errors: [
      { path: 'comment', message: 'a comment is required to recommend rejection' },
      { path: 'feasibility', message: 'a score from 1 to 10 is required to recommend' },
      { path: 'cooperation', message: 'a score from 1 to 10 is required to recommend' },
    ],
  }),
  'review-check': reviewCheckPage(reviewView, {
    ...form,
    values: {
      recommendation: 'APPROVE',
      innovation: '7',
      feasibility: '8',
      cooperation: '9',
      comment: 'Сильная команда.',
    },
  }),
  'review-recorded': reviewRecordedPage(
    { applicationId: APP, recommendation: 'APPROVE', workflow: 'resumed' },
    { innovation: '7', feasibility: '8', cooperation: '9', comment: 'Сильная команда.' },
  ),
  'recusal-recorded': reviewRecordedPage(
    { applicationId: APP, recommendation: 'RECUSE', workflow: 'resumed' },
    { comment: 'Конфликт интересов.' },
  ),
  'signoff-form': signoffFormPage(signoffView, form),
  'signoff-form-errors': signoffFormPage(signoffView, {
    ...form,
    values: { decision: 'REJECT', comment: '' },
    errors: [{ path: 'comment', message: 'a comment is required to reject' }],
  }),
  'signoff-check': signoffCheckPage(signoffView, {
    ...form,
    values: { decision: 'REJECT', comment: 'Рынок не описан.' },
  }),
  'signoff-recorded': signoffRecordedPage(
    { applicationId: APP, outcome: 'APPROVED', workflow: 'resumed' },
    { decision: 'APPROVE', comment: 'Одобрено.' },
  ),
  'signoff-return-check': signoffCheckPage(signoffView, {
    ...form,
    values: { decision: 'RETURN', comment: 'Уточните состав проекта.' },
  }),
  'signoff-returned': signoffRecordedPage(
    { applicationId: APP, outcome: 'RETURNED', deadline: DEADLINE, round: 1, workflow: 'resumed' },
    { decision: 'RETURN', comment: 'Уточните состав проекта.' },
  ),
  'signoff-form-no-more-returns': signoffFormPage({ ...signoffView, returns: 2, canReturn: false }, form),
  'signoff-delegated': signoffRecordedPage(
    {
      applicationId: APP,
      outcome: 'DELEGATED',
      delegateTo: 'off_2',
      delegateName: 'Игорь Волков',
      emailed: true,
    },
    { comment: 'В командировке до пятницы.' },
  ),
  'consent-form': consentFormPage(consentView, form),
  'consent-check': consentCheckPage(consentView, {
    ...form,
    values: { answer: 'CONFIRM', comment: 'Участвуем.' },
  }),
  'consent-recorded': consentRecordedPage(
    { applicationId: APP, answer: 'CONFIRM', workflow: 'not-waiting' },
    { answer: 'CONFIRM', comment: 'Участвуем.' },
  ),
  'invitation-form': invitationFormPage(invitationView, form),
  'invitation-form-errors': invitationFormPage(invitationView, {
    ...form,
    values: { answer: 'ACCEPT', contactEmail: 'office@sensor.example', motivation: '' },
    errors: [{ path: 'motivation', message: 'is required to accept' }],
  }),
  'invitation-check': invitationCheckPage(invitationView, {
    ...form,
    values: { answer: 'ACCEPT', contactEmail: 'office@sensor.example', motivation: 'Мы делаем датчики.' },
  }),
  'invitation-accepted': invitationAnsweredPage(
    {
      invitationId: 'inv_1',
      clusterId: 'clu_zelenograd',
      clusterName: 'Зеленоград',
      role: 'MEMBER',
      answer: 'ACCEPTED',
      applicationId: APP,
      applicationStatus: 'SUBMITTED',
    },
    { contactEmail: 'office@sensor.example', motivation: 'Мы делаем датчики.' },
  ),
  'error-403': errorPage(403, 'FORBIDDEN'),
  'error-409': errorPage(409, 'ALREADY_DECIDED', [], { applicationId: APP }),
  'error-410': errorPage(410, 'LINK_EXPIRED', [], { applicationId: APP }),
  'error-400': errorPage(400, 'VALIDATION_ERROR', [
    { path: 'comment', message: 'Too big: expected string to have <=4000 characters' },
  ]),
};

export const emails: Record<string, EmailContent> = {
  'email-submitted': applicationSubmittedEmail(createSummary),
  'email-ineligible': applicationIneligibleEmail({
    ...createSummary,
    reasons: [{ code: 'TOO_FEW_CONFIRMED', message: 'only 28 confirmed' }],
  }),
  'email-approved': applicationOutcomeEmail({
    ...createSummary,
    status: 'APPROVED',
    comment: 'Поздравляем.',
    clusterId: 'clu_zelenograd',
  }),
  'email-rejected': applicationOutcomeEmail({
    ...joinSummary,
    status: 'REJECTED',
    comment: 'Нет связи с отраслями кластера.',
  }),
  'email-review-request': reviewRequestEmail({
    ...createSummary,
    expertName: 'Анна Иванова',
    deadline: DEADLINE,
    link: LINK,
  }),
  'email-signoff-request': signoffRequestEmail({
    ...createSummary,
    officialName: 'Мария Петрова',
    reviews,
    tally,
    deadline: DEADLINE,
    link: LINK.replace('/reviews/', '/signoff/'),
  }),
  'email-consent-request': consentRequestEmail({
    ...createSummary,
    partyName: 'ООО «Участник 2»',
    role: 'member',
    deadline: DEADLINE,
    link: LINK.replace('/reviews/', '/consents/'),
  }),
  'email-amendment-requested': amendmentRequestedEmail({
    ...createSummary,
    comment: 'Уточните состав проекта. Please describe the project in more detail.',
    deadline: DEADLINE,
    round: 1,
  }),
  'email-reminder': taskReminderEmail({
    ...createSummary,
    task: 'review',
    recipientName: 'Анна Иванова',
    deadline: DEADLINE,
    link: LINK,
  }),
  'email-invitation': invitationEmail({
    role: 'MEMBER',
    inviteeName: 'ООО «Датчик»',
    cluster: { name: 'Зеленоград', sectors: createSummary.sectors, project: createSummary.project },
    coordinator: { inn: '7707083893', name: 'АО «Зеленоградский инновационный центр»' },
    deadline: DEADLINE,
    link: LINK.replace('/reviews/', '/invitations/'),
  }),
};
