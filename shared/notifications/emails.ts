import { applicationStatusUrl } from '#shared/department';
import type { ApplicationType } from '#shared/domain/application';
import type { Institution } from '#shared/domain/assignment';
import type { IneligibilityReason } from '#shared/domain/eligibility';
import { describeReason } from '#shared/domain/eligibility-wording';
import type { Sector } from '#shared/domain/sectors';
import type { Recommendation, ReviewScores, ReviewTally } from '#shared/domain/tally';
import {
  APPLICATION_TYPE_LABELS,
  expertHeading,
  formatDate,
  formatNumber,
  formatShortDate,
  LANGS,
  type Lang,
  RECOMMENDATION_LABELS,
  scoreLine,
  sectorList,
} from '#shared/labels';
import {
  type Block,
  bilingualEmail,
  type EmailContent,
  subjectLine,
} from '#shared/notifications/bilingual-email';

/** Every email about an application: each names the application id in its subject and body. */

export type { EmailContent };

interface ApplicationRef {
  applicationId: string;
  type: ApplicationType;
  clusterName: string;
}

const both = (write: (lang: Lang) => Block[]) =>
  Object.fromEntries(LANGS.map((lang) => [lang, write(lang)])) as Record<Lang, Block[]>;

function applicationRows(application: ApplicationRef, lang: Lang): Array<readonly [string, string]> {
  return [
    [lang === 'ru' ? 'Заявка' : 'Application', application.applicationId],
    [lang === 'ru' ? 'Тип' : 'Type', APPLICATION_TYPE_LABELS[application.type][lang]],
    [lang === 'ru' ? 'Кластер' : 'Cluster', application.clusterName],
  ];
}

function applicationFacts(application: ApplicationRef, lang: Lang): Block {
  return { kind: 'facts', rows: applicationRows(application, lang) };
}

const greeting = (lang: Lang): Block => ({ kind: 'p', text: lang === 'ru' ? 'Здравствуйте!' : 'Hello,' });

/** Where the applicant follows the application: the portal's page (when the base URL is known) and the API. */
function statusBlocks(application: ApplicationRef, lang: Lang): Block[] {
  const url = applicationStatusUrl(application.applicationId);
  const api = `GET /applications/${application.applicationId}`;
  return [
    ...(url
      ? [
          {
            kind: 'link',
            label:
              lang === 'ru' ? 'Статус заявки в личном кабинете' : 'The application’s status in the portal',
            url,
          } as const,
        ]
      : []),
    {
      kind: 'p',
      text:
        lang === 'ru'
          ? `Статус заявки также доступен в API: ${api}.`
          : `The status is also in the API: ${api}.`,
    },
  ];
}

function nextStepBlocks(steps: readonly string[], lang: Lang): Block[] {
  return [
    {
      kind: 'section',
      heading: lang === 'ru' ? 'Что дальше' : 'What happens next',
      blocks: [{ kind: 'list', items: steps }],
    },
  ];
}

const SUBMITTED_STEPS: Readonly<Record<ApplicationType, Record<Lang, readonly string[]>>> = {
  CREATE_CLUSTER: {
    ru: [
      'Заявка проверяется на соответствие условиям программы по реестру участников.',
      'Каждая указанная организация получит письмо и подтвердит или отклонит участие (срок — 7 дней).',
      'Затем заявку рассматривают эксперты города и института развития, и департамент принимает решение.',
      'Мы напишем вам о результате проверки и об итоговом решении.',
    ],
    en: [
      'The application is checked against the programme rules and the participant registry.',
      'Every listed organization is emailed to confirm or decline taking part (within 7 days).',
      'Then experts of the city and of the development institution review it, and the department decides.',
      'We will email you the result of the check and the final decision.',
    ],
  },
  JOIN_CLUSTER: {
    ru: [
      'Заявка проверяется на соответствие условиям программы по реестру участников.',
      'Затем её рассматривает эксперт, и департамент принимает решение.',
      'Мы напишем вам о результате проверки и об итоговом решении.',
    ],
    en: [
      'The application is checked against the programme rules and the participant registry.',
      'Then an expert reviews it and the department decides.',
      'We will email you the result of the check and the final decision.',
    ],
  },
};

export function applicationSubmittedEmail(application: ApplicationRef): EmailContent {
  return bilingualEmail(
    subjectLine(application.clusterName, (cluster) => ({
      ru: `Заявка принята: «${cluster}»`,
      en: 'Application received',
    })),
    both((lang) => [
      greeting(lang),
      {
        kind: 'p',
        text:
          lang === 'ru'
            ? `Ваша заявка ${application.applicationId} принята и проходит проверку условий программы.`
            : `Your application ${application.applicationId} was received and is being checked against the programme rules.`,
      },
      applicationFacts(application, lang),
      ...nextStepBlocks(SUBMITTED_STEPS[application.type][lang], lang),
      ...statusBlocks(application, lang),
    ]),
  );
}

export function applicationIneligibleEmail(
  application: ApplicationRef & { reasons: readonly IneligibilityReason[] },
) {
  return bilingualEmail(
    subjectLine(application.clusterName, (cluster) => ({
      ru: `Заявка не прошла проверку: «${cluster}»`,
      en: 'Application not eligible',
    })),
    both((lang) => [
      greeting(lang),
      {
        kind: 'p',
        text:
          lang === 'ru'
            ? `Заявка ${application.applicationId} не соответствует условиям программы по следующим причинам:`
            : `Application ${application.applicationId} does not meet the programme rules, for these reasons:`,
      },
      { kind: 'list', items: application.reasons.map((reason) => describeReason(reason, lang)) },
      applicationFacts(application, lang),
      ...nextStepBlocks(
        lang === 'ru'
          ? [
              'Рассмотрение этой заявки завершено.',
              'Вы можете устранить причины и подать новую заявку.',
              'Если вы считаете, что проверка ошиблась, напишите в департамент и укажите номер заявки.',
            ]
          : [
              'This application is closed.',
              'You may address the reasons and submit a new application.',
              'If you think the check is wrong, write to the department and give the application id.',
            ],
        lang,
      ),
      ...statusBlocks(application, lang),
    ]),
  );
}

const OUTCOMES = {
  APPROVED: {
    ru: ['Заявка одобрена', 'Заявка одобрена.'],
    en: ['Application approved', 'The application was approved.'],
  },
  REJECTED: {
    ru: ['Заявка отклонена', 'Заявка отклонена.'],
    en: ['Application rejected', 'The application was rejected.'],
  },
  EXPIRED: {
    ru: ['Срок рассмотрения истёк', 'Рассмотрение заявки не завершилось в установленный срок.'],
    en: ['Application expired', 'The application was not decided within the deadline.'],
  },
  FAILED: {
    ru: ['Заявка не обработана', 'Заявку не удалось обработать. Операторы программы уведомлены.'],
    en: [
      'Application failed',
      'The application could not be processed. The programme operators have been alerted.',
    ],
  },
  WITHDRAWN: {
    ru: ['Заявка отозвана', 'Заявка отозвана по вашему запросу.'],
    en: ['Application withdrawn', 'The application was withdrawn at your request.'],
  },
  CANCELLED: {
    ru: ['закрыта', 'Заявка закрыта оператором программы; причина указана ниже.'],
    en: ['closed', 'The application was closed by the programme operators; the reason is below.'],
  },
} as const satisfies Record<string, Record<Lang, readonly [string, string]>>;

/** What an applicant can do after each outcome. */
function outcomeSteps(status: keyof typeof OUTCOMES, type: ApplicationType, lang: Lang): string[] {
  const ru = lang === 'ru';
  switch (status) {
    case 'APPROVED':
      return type === 'CREATE_CLUSTER'
        ? ru
          ? [
              'Кластер создан и действует; все подтвердившие организации — его участники.',
              'Ваша организация — координатор кластера: она может приглашать участников и партнёров.',
            ]
          : [
              'The cluster is created and active; every organization that confirmed is a member.',
              'Your organization coordinates the cluster: it may invite members and partners.',
            ]
        : ru
          ? ['Ваша организация — участник кластера.']
          : ['Your organization is a member of the cluster.'];
    case 'REJECTED':
    case 'EXPIRED':
      return ru
        ? ['Рассмотрение этой заявки завершено.', 'Вы можете подать новую заявку.']
        : ['This application is closed.', 'You may submit a new application.'];
    case 'FAILED':
      return ru
        ? ['Операторы программы разберутся и возобновят рассмотрение; от вас ничего не требуется.']
        : ['The programme operators will look into it and resume it; nothing is needed from you.'];
    case 'WITHDRAWN':
      return ru
        ? ['Ссылки экспертам и департаменту больше не действуют.', 'Вы можете подать новую заявку.']
        : [
            'The links sent to the experts and the department no longer work.',
            'You may submit a new application.',
          ];
    case 'CANCELLED':
      return ru
        ? [
            'Ссылки экспертам и департаменту больше не действуют.',
            'Вопросы о причине можно задать по контактам департамента ниже; вы можете подать новую заявку.',
          ]
        : [
            'The links sent to the experts and the department no longer work.',
            'Ask the department about the reason at the contacts below; you may submit a new application.',
          ];
  }
}

export function applicationOutcomeEmail(
  application: ApplicationRef & {
    status: keyof typeof OUTCOMES;
    comment?: string | undefined;
    clusterId?: string | undefined;
  },
): EmailContent {
  const outcome = OUTCOMES[application.status];
  return bilingualEmail(
    subjectLine(application.clusterName, (cluster) => ({
      ru: `${outcome.ru[0]}: «${cluster}»`,
      en: outcome.en[0],
    })),
    both((lang) => [
      greeting(lang),
      {
        kind: 'p',
        text: `${outcome[lang][1]} ${lang === 'ru' ? 'Заявка' : 'Application'} ${application.applicationId}.`,
      },
      ...(application.comment
        ? [
            {
              kind: 'p',
              text: lang === 'ru' ? 'Комментарий департамента:' : 'Comment of the department:',
            } as const,
            { kind: 'quote', text: application.comment } as const,
          ]
        : []),
      applicationFacts(application, lang),
      ...(application.status === 'APPROVED' && application.clusterId
        ? [
            {
              kind: 'facts',
              rows: [[lang === 'ru' ? 'Идентификатор кластера' : 'Cluster id', application.clusterId]],
            } as const,
          ]
        : []),
      ...nextStepBlocks(outcomeSteps(application.status, application.type, lang), lang),
      ...statusBlocks(application, lang),
    ]),
  );
}

/** An official returned the application: what to correct, by when, and how to resubmit. */
export function amendmentRequestedEmail(
  application: ApplicationRef & { comment: string; deadline: string; round: number },
): EmailContent {
  const id = application.applicationId;
  return bilingualEmail(
    subjectLine(
      application.clusterName,
      (cluster) => ({
        ru: `Доработка «${cluster}» до ${formatShortDate(application.deadline, 'ru')}`,
        en: 'Amendment requested',
      }),
      'name',
    ),
    both((lang) => {
      const ru = lang === 'ru';
      return [
        greeting(lang),
        {
          kind: 'p',
          text: ru
            ? `Департамент вернул заявку ${id} на доработку. Исправьте её и подайте повторно до ${formatDate(application.deadline, lang)}.`
            : `The department returned application ${id} for amendment. Correct it and resubmit it by ${formatDate(application.deadline, lang)}.`,
        },
        { kind: 'p', text: ru ? 'Что нужно исправить:' : 'What to correct:' },
        { kind: 'quote', text: application.comment },
        {
          kind: 'facts',
          rows: [
            ...applicationRows(application, lang),
            [ru ? 'Срок повторной подачи' : 'Resubmit by', formatDate(application.deadline, lang)],
            [ru ? 'Возврат' : 'Return', ru ? `${application.round} из 2` : `${application.round} of 2`],
          ],
        },
        ...nextStepBlocks(
          ru
            ? [
                `Подайте исправленную заявку целиком (того же типа): в личном кабинете или PUT /applications/${id}.`,
                'Её снова проверят и рассмотрят те же эксперты; новых участников попросят подтвердить участие, подтвердившие ранее не спрашиваются.',
                'Если заявка не будет подана до срока, она будет закрыта как просроченная.',
              ]
            : [
                `Resubmit the whole corrected application (of the same type): in the portal, or PUT /applications/${id}.`,
                'It is checked and reviewed again by the same experts; new members are asked to confirm, members who confirmed before are not asked again.',
                'If it is not resubmitted by the deadline, it expires.',
              ],
          lang,
        ),
        ...statusBlocks(application, lang),
      ];
    }),
  );
}

/** What the expert and the official read about the application before they follow the link. */
export interface ApplicationSummary extends ApplicationRef {
  sectors: readonly Sector[];
  project?: { title: string; summary: string } | undefined;
  motivation?: string | undefined;
  /** The applicant, with its registry sectors where known (the join pages describe it). */
  applicant: { inn: string; name: string; sectors?: readonly Sector[] | undefined };
  /** A create application's proposed members; a join's cluster as it is now. */
  memberCount: number;
  /** A join application filed by accepting the cluster coordinator's invitation. */
  invitedBy?: { inn: string; name: string } | undefined;
}

/** "Invited by the coordinator X (INN n)": shown to the experts and the official. */
export function invitedByText(invitedBy: { inn: string; name: string }, lang: Lang): string {
  return lang === 'ru'
    ? `по приглашению координатора кластера: ${invitedBy.name} (ИНН ${invitedBy.inn})`
    : `invited by the cluster's coordinator: ${invitedBy.name} (INN ${invitedBy.inn})`;
}

function summaryBlocks(application: ApplicationSummary, lang: Lang): Block[] {
  const ru = lang === 'ru';
  const rows: Array<readonly [string, string]> = [
    ...applicationRows(application, lang),
    [ru ? 'Отрасли' : 'Sectors', sectorList(application.sectors, lang)],
    [
      ru ? 'Заявитель' : 'Applicant',
      `${application.applicant.name} (${ru ? 'ИНН' : 'INN'} ${application.applicant.inn})`,
    ],
    application.type === 'CREATE_CLUSTER'
      ? [
          ru ? 'Организаций-участников в заявке' : 'Member organizations proposed',
          formatNumber(application.memberCount, lang),
        ]
      : [
          ru ? 'Участников в кластере сейчас' : 'Current members of the cluster',
          formatNumber(application.memberCount, lang),
        ],
  ];
  if (application.invitedBy)
    rows.push([ru ? 'Приглашение' : 'Invitation', invitedByText(application.invitedBy, lang)]);
  if (application.project) {
    rows.push([ru ? 'Проект' : 'Project', application.project.title]);
    rows.push([ru ? 'Описание проекта' : 'Project summary', application.project.summary]);
  }
  if (application.motivation) rows.push([ru ? 'Обоснование' : 'Motivation', application.motivation]);
  return [{ kind: 'facts', rows }];
}

export function reviewRequestEmail(
  input: ApplicationSummary & { expertName: string; deadline: string; link: string },
): EmailContent {
  const id = input.applicationId;
  return bilingualEmail(
    subjectLine(
      input.clusterName,
      (cluster) => ({
        ru: `Экспертиза «${cluster}» до ${formatShortDate(input.deadline, 'ru')}`,
        en: 'Review request',
      }),
      'name',
    ),
    both((lang) => {
      const ru = lang === 'ru';
      return [
        { kind: 'p', text: ru ? `Здравствуйте, ${input.expertName}!` : `Dear ${input.expertName},` },
        {
          kind: 'p',
          text: ru
            ? `Просим провести экспертизу заявки ${id} до ${formatDate(input.deadline, lang)}: дать рекомендацию и оценить проект по трём критериям от 1 до 10. Для рекомендации «отклонить» нужен комментарий.`
            : `Please review application ${id} by ${formatDate(input.deadline, lang)}: recommend approval or rejection and score the project from 1 to 10 on three criteria. A comment is required to recommend rejection.`,
        },
        ...summaryBlocks(input, lang),
        { kind: 'link', label: ru ? 'Открыть форму экспертизы' : 'Open the review form', url: input.link },
        {
          kind: 'p',
          text: ru
            ? 'Ссылка личная и действует один раз, до указанного срока. Не пересылайте это письмо.'
            : 'The link is personal and works once, until the deadline. Please do not forward this email.',
        },
      ];
    }),
  );
}

export interface ExpertConclusion {
  expertName: string;
  institution?: Institution | undefined;
  recommendation: Recommendation;
  scores: ReviewScores;
  comment?: string | undefined;
}

function conclusionBlocks(
  reviews: readonly ExpertConclusion[],
  tally: ReviewTally | null,
  lang: Lang,
): Block[] {
  const ru = lang === 'ru';
  const blocks: Block[] = reviews.map((review) => ({
    kind: 'section',
    heading: expertHeading(review.expertName, review.institution, lang),
    blocks: [
      {
        kind: 'facts',
        rows: [
          [ru ? 'Рекомендация' : 'Recommendation', RECOMMENDATION_LABELS[review.recommendation][lang]],
          [ru ? 'Оценки' : 'Scores', scoreLine(review.scores, lang)],
        ],
      },
      ...(review.comment ? [{ kind: 'quote', text: review.comment } as const] : []),
    ],
  }));
  if (tally) {
    const rows: Array<readonly [string, string]> = [
      [ru ? 'Назначено экспертов' : 'Experts assigned', String(tally.assigned)],
      [ru ? 'Получено заключений' : 'Reviews received', String(tally.received)],
      [ru ? 'За одобрение' : 'Recommend approval', String(tally.recommendations.APPROVE)],
      [ru ? 'За отклонение' : 'Recommend rejection', String(tally.recommendations.REJECT)],
    ];
    if (tally.averageScores)
      rows.push([ru ? 'Средние оценки' : 'Average scores', scoreLine(tally.averageScores, lang)]);
    blocks.push({
      kind: 'section',
      heading: ru ? 'Итог экспертизы' : 'Review tally',
      blocks: [{ kind: 'facts', rows }],
    });
  }
  return blocks;
}

/** Why a sign-off reached this official from someone else (escalated or delegated), in its words. */
export type SignoffHandoverNote =
  | { kind: 'ESCALATED'; fromName: string }
  | { kind: 'DELEGATED'; fromName: string; comment: string };

function handoverBlocks(handover: SignoffHandoverNote | undefined, lang: Lang): Block[] {
  if (!handover) return [];
  const ru = lang === 'ru';
  if (handover.kind === 'ESCALATED') {
    return [
      {
        kind: 'p',
        text: ru
          ? `Заявка передана вам как руководителю департамента: ${handover.fromName} не принял(а) решение в установленный срок. Если решение не будет принято и в новый срок, заявка будет закрыта как просроченная.`
          : `This application has been escalated to you as head of the department: ${handover.fromName} did not decide by the sign-off deadline. If no decision is made by the new deadline either, the application expires.`,
      },
    ];
  }
  return [
    {
      kind: 'p',
      text: ru
        ? `${handover.fromName} передал(а) вам принятие решения по этой заявке. Срок остаётся прежним. Комментарий:`
        : `${handover.fromName} has delegated the sign-off of this application to you. The deadline stays as it was. Comment:`,
    },
    { kind: 'quote', text: handover.comment },
  ];
}

const HANDOVER_SUBJECTS: Readonly<Record<SignoffHandoverNote['kind'], string>> = {
  ESCALATED: 'Эскалация / Escalated: ',
  DELEGATED: 'Передано вам / Delegated to you: ',
};

export function signoffRequestEmail(
  input: ApplicationSummary & {
    officialName: string;
    reviews: readonly ExpertConclusion[];
    tally: ReviewTally | null;
    deadline: string;
    link: string;
    handover?: SignoffHandoverNote | undefined;
  },
): EmailContent {
  const id = input.applicationId;
  return bilingualEmail(
    subjectLine(
      input.clusterName,
      (cluster) => ({
        ru: `${input.handover ? HANDOVER_SUBJECTS[input.handover.kind] : ''}Решение по «${cluster}» до ${formatShortDate(input.deadline, 'ru')}`,
        en: 'Sign-off needed',
      }),
      'name',
    ),
    both((lang) => {
      const ru = lang === 'ru';
      return [
        { kind: 'p', text: ru ? `Здравствуйте, ${input.officialName}!` : `Dear ${input.officialName},` },
        ...handoverBlocks(input.handover, lang),
        {
          kind: 'p',
          text: ru
            ? `Экспертиза заявки ${id} завершена. Просим принять решение до ${formatDate(input.deadline, lang)}. Для отклонения нужен комментарий; решение окончательное.`
            : `The expert review of application ${id} is complete. Please decide by ${formatDate(input.deadline, lang)}. A comment is required to reject; the decision is final.`,
        },
        ...summaryBlocks(input, lang),
        ...conclusionBlocks(input.reviews, input.tally, lang),
        { kind: 'link', label: ru ? 'Открыть страницу решения' : 'Open the decision page', url: input.link },
        {
          kind: 'p',
          text: ru
            ? 'Ссылка личная и действует один раз. Переход по ссылке ничего не меняет: решение принимается кнопкой на странице.'
            : 'The link is personal and works once. Opening it changes nothing: the decision is made with a button on the page.',
        },
      ];
    }),
  );
}

/** What a reminder is about: the task the person was asked to do. */
export type ReminderTask = 'review' | 'signoff' | 'consent';

const REMINDER_WORDING: Record<ReminderTask, Record<Lang, { task: string; ask: string; open: string }>> = {
  review: {
    ru: {
      task: 'экспертиза',
      ask: 'Напоминаем: ваша экспертиза заявки ещё не получена.',
      open: 'Открыть форму экспертизы',
    },
    en: {
      task: 'review',
      ask: 'A reminder: your review of this application has not been received yet.',
      open: 'Open the review form',
    },
  },
  consent: {
    ru: {
      task: 'подтверждение участия',
      ask: 'Напоминаем: ваша организация ещё не подтвердила и не отклонила участие в кластере. Без ответа к сроку она будет исключена из заявки.',
      open: 'Ответить на запрос',
    },
    en: {
      task: 'consent',
      ask: 'A reminder: your organization has not yet confirmed or declined taking part in the cluster. Without an answer by the deadline it is dropped from the application.',
      open: 'Answer the request',
    },
  },
  signoff: {
    ru: {
      task: 'решение',
      ask: 'Напоминаем: по заявке ещё не принято решение.',
      open: 'Открыть страницу решения',
    },
    en: {
      task: 'sign-off',
      ask: 'A reminder: this application still awaits your decision.',
      open: 'Open the decision page',
    },
  },
};

/** A reminder before a deadline: the same link as the request, the deadline in the subject. */
export function taskReminderEmail(
  input: ApplicationRef & { task: ReminderTask; recipientName: string; deadline: string; link: string },
): EmailContent {
  const id = input.applicationId;
  const wording = REMINDER_WORDING[input.task];
  return bilingualEmail(
    subjectLine(
      input.clusterName,
      (cluster) => ({
        ru: `Напоминание: ${wording.ru.task} «${cluster}» до ${formatShortDate(input.deadline, 'ru')}`,
        en: `Reminder: ${wording.en.task}`,
      }),
      'name',
    ),
    both((lang) => {
      const ru = lang === 'ru';
      return [
        { kind: 'p', text: ru ? `Здравствуйте, ${input.recipientName}!` : `Dear ${input.recipientName},` },
        {
          kind: 'p',
          text: `${wording[lang].ask} ${ru ? 'Заявка' : 'Application'} ${id}. ${ru ? 'Срок' : 'Deadline'}: ${formatDate(input.deadline, lang)}.`,
        },
        applicationFacts(input, lang),
        { kind: 'link', label: wording[lang].open, url: input.link },
        {
          kind: 'p',
          text: ru
            ? 'Это та же ссылка, что и в первом письме: личная, действует один раз, до указанного срока.'
            : 'This is the same link as in the first email: personal, working once, until the deadline.',
        },
      ];
    }),
  );
}

/**
 * A member's or partner's request to confirm taking part: the subject names
 * the cluster, the deadline and the application.
 */
export function consentRequestEmail(
  input: ApplicationSummary & {
    partyName: string;
    role: 'member' | 'partner';
    deadline: string;
    link: string;
  },
): EmailContent {
  const id = input.applicationId;
  const cluster = input.clusterName;
  return bilingualEmail(
    subjectLine(
      cluster,
      (name) => ({
        ru: `Подтвердите участие в «${name}» до ${formatShortDate(input.deadline, 'ru')}`,
        en: 'Please confirm',
      }),
      'name',
    ),
    both((lang) => {
      const ru = lang === 'ru';
      const role = input.role === 'member' ? (ru ? 'участника' : 'a member') : ru ? 'партнёра' : 'a partner';
      return [
        { kind: 'p', text: ru ? `Здравствуйте, ${input.partyName}!` : `Dear ${input.partyName},` },
        {
          kind: 'p',
          text: ru
            ? `${input.applicant.name} подал(а) заявку ${id} на создание кластера «${cluster}» и указал(а) вашу организацию в качестве ${role}. Подтвердите или отклоните участие до ${formatDate(input.deadline, lang)}. Без ответа к этому сроку организация исключается из заявки.`
            : `${input.applicant.name} applied (application ${id}) to create the cluster "${cluster}" and listed your organization as ${role}. Please confirm or decline taking part by ${formatDate(input.deadline, lang)}. Without an answer by then your organization is dropped from the application.`,
        },
        ...summaryBlocks(input, lang),
        { kind: 'link', label: ru ? 'Ответить на запрос' : 'Answer the request', url: input.link },
        {
          kind: 'p',
          text: ru
            ? 'Ссылка личная и действует один раз, до указанного срока. Переход по ссылке ничего не меняет: ответ даётся кнопкой на странице.'
            : 'The link is personal and works once, until the deadline. Opening it changes nothing: you answer with a button on the page.',
        },
      ];
    }),
  );
}
