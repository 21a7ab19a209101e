import { department } from '#shared/department';
import type { ErrorDetail } from '#shared/errors';
import { html, type SafeHtml } from '#shared/html';
import {
  type Bilingual,
  formatDate,
  formatNumber,
  RECOMMENDATION_LABELS,
  SCORE_FIELDS,
  SCORE_LABELS,
} from '#shared/labels';
import { bi, pageDocument } from '#shared/pages/layout';
import { checkList, commentValue, fieldMessage, nextSteps } from '#shared/pages/page-sections';
import type { ConsentAnswered } from '#shared/use-cases/answer-consent';
import type { ReviewAnswered } from '#shared/use-cases/answer-review';
import type { Completion } from '#shared/use-cases/callback-tasks';
import type { SignoffAnswered } from '#shared/use-cases/decide-signoff';
import type { SignoffDelegated } from '#shared/use-cases/delegate-signoff';
import type { SignoffReturned } from '#shared/use-cases/return-for-amendment';

/** What people see after acting on a link, or when the link cannot be used. */

const both = (ru: string, en: string): Bilingual => ({ ru, en });

function workflowNote(workflow: Completion) {
  return workflow === 'resumed'
    ? ''
    : html`<p>${bi(
        both(
          'Ответ сохранён в деле заявки. Этап рассмотрения к этому моменту уже завершился, поэтому ответ учтён в истории заявки.',
          'Your answer is saved in the application record. The review stage had already ended, so it is kept in the application history.',
        ),
      )}</p>`;
}

/** What a form posted, as the result page repeats it (JSON answers never render a page). */
export type Submitted = Readonly<Record<string, string>>;

const CLOSE = both(
  'Ссылка больше не действует. Страницу можно закрыть.',
  'The link no longer works. You may close this page.',
);

function submittedScores(submitted: Submitted): Array<readonly [Bilingual, string]> {
  return SCORE_FIELDS.flatMap((field) =>
    submitted[field]
      ? [[SCORE_LABELS[field], `${formatNumber(Number(submitted[field]), 'ru')} / 10`] as const]
      : [],
  );
}

export function reviewRecordedPage(result: ReviewAnswered, submitted: Submitted = {}): string {
  if (result.recommendation === 'RECUSE') return recusalRecordedPage(result, submitted);
  const recommendation = RECOMMENDATION_LABELS[result.recommendation];
  return pageDocument(
    both(
      `Заключение по заявке ${result.applicationId} принято`,
      `Review of application ${result.applicationId} submitted`,
    ),
    html`<p role="status">${bi(
      both(
        `Спасибо! Ваше заключение по заявке ${result.applicationId} принято.`,
        `Thank you! Your review of application ${result.applicationId} has been recorded.`,
      ),
    )}</p>
<h2>${bi(both('Что вы отправили', 'What you submitted'))}</h2>
${checkList([
  [both('Рекомендация', 'Recommendation'), bi(recommendation)],
  ...submittedScores(submitted),
  [both('Комментарий', 'Comment'), commentValue(submitted.comment)],
])}
${workflowNote(result.workflow)}
${nextSteps([
  both(
    'Когда ответят все эксперты или наступит срок, заявку рассмотрит департамент.',
    'When every expert has answered, or at the deadline, the department decides on the application.',
  ),
  both(
    'Заявитель узнает решение департамента; ваше имя и комментарий видят только департамент и операторы программы.',
    'The applicant is told the department’s decision; only the department and the programme staff see your name and comment.',
  ),
])}
<p>${bi(CLOSE)}</p>`,
  );
}

function signoffDelegatedPage(result: SignoffDelegated, submitted: Submitted): string {
  return pageDocument(
    both(
      `Решение по заявке ${result.applicationId} передано`,
      `Sign-off of application ${result.applicationId} delegated`,
    ),
    html`<p role="status">${bi(
      both(
        `Принятие решения по заявке ${result.applicationId} передано: ${result.delegateName}.`,
        `The sign-off of application ${result.applicationId} is delegated to ${result.delegateName}.`,
      ),
    )}</p>
${checkList([
  [both('Кому', 'To'), result.delegateName],
  [both('Комментарий для коллеги', 'Comment for your colleague'), commentValue(submitted.comment)],
])}
<p>${bi(
      result.emailed
        ? both(
            'Коллега получит письмо с новой ссылкой; срок принятия решения прежний. Ваша ссылка больше не действует. Страницу можно закрыть.',
            'Your colleague is emailed a new link; the deadline is unchanged. Your link no longer works. You may close this page.',
          )
        : both(
            'Передача записана, но письмо коллеге отправить не удалось: сообщите, пожалуйста, в службу поддержки программы. Ваша ссылка больше не действует.',
            'The delegation is recorded, but the email to your colleague could not be sent: please tell the programme staff. Your link no longer works.',
          ),
    )}</p>`,
  );
}

function recusalRecordedPage(result: ReviewAnswered, submitted: Submitted): string {
  return pageDocument(
    both(
      `Вы отказались от экспертизы заявки ${result.applicationId}`,
      `You declined the review of application ${result.applicationId}`,
    ),
    html`<p role="status">${bi(
      both(
        `Ваш отказ от экспертизы заявки ${result.applicationId} и его причина записаны.`,
        `Your recusal from the review of application ${result.applicationId} and its reason are recorded.`,
      ),
    )}</p>
${checkList([[both('Причина', 'Reason'), commentValue(submitted.comment)]])}
${nextSteps([
  both(
    'Вместо вас заявку рассмотрит другой эксперт, если он есть; ему придёт своё письмо.',
    'Another expert, if one is available, reviews the application instead and receives an email of their own.',
  ),
])}
<p>${bi(CLOSE)}</p>`,
  );
}

export function consentRecordedPage(result: ConsentAnswered, submitted: Submitted = {}): string {
  const confirmed = result.answer === 'CONFIRM';
  return pageDocument(
    confirmed
      ? both(
          `Участие подтверждено: заявка ${result.applicationId}`,
          `Taking part confirmed: application ${result.applicationId}`,
        )
      : both(
          `Участие отклонено: заявка ${result.applicationId}`,
          `Taking part declined: application ${result.applicationId}`,
        ),
    html`<p role="status">${bi(
      confirmed
        ? both(
            `Спасибо! Ваше согласие на участие по заявке ${result.applicationId} записано.`,
            `Thank you! Your consent to take part, for application ${result.applicationId}, is recorded.`,
          )
        : both(
            `Ваш отказ от участия по заявке ${result.applicationId} записан; организация будет исключена из заявки.`,
            `Your refusal to take part, for application ${result.applicationId}, is recorded; your organization will be dropped from the application.`,
          ),
    )}</p>
${checkList([
  [
    both('Ответ', 'Answer'),
    bi(
      confirmed
        ? both('Подтверждаю участие', 'I confirm we take part')
        : both('Отказываюсь от участия', 'I decline'),
    ),
  ],
  [both('Комментарий', 'Comment'), commentValue(submitted.comment)],
])}
${nextSteps([
  both(
    'Когда ответят все или наступит срок, заявка перейдёт к экспертизе, если участие подтвердят не менее 30 организаций.',
    'When everyone has answered, or at the deadline, the application goes on to expert review if at least 30 organizations confirmed.',
  ),
  both(
    'Если кластер будет создан, заявитель станет его координатором и сообщит участникам.',
    'If the cluster is created, the applicant becomes its coordinator and tells the members.',
  ),
])}
<p>${bi(CLOSE)}</p>`,
  );
}

function signoffReturnedPage(result: SignoffReturned, submitted: Submitted): string {
  return pageDocument(
    both(
      `Заявка ${result.applicationId} возвращена на доработку`,
      `Application ${result.applicationId} returned for amendment`,
    ),
    html`<p role="status">${bi(
      both(
        `Заявка ${result.applicationId} возвращена заявителю на доработку (возврат ${result.round} из 2).`,
        `Application ${result.applicationId} was returned to its applicant for amendment (return ${result.round} of 2).`,
      ),
    )}</p>
${checkList([
  [both('Решение', 'Decision'), bi(both('Вернуть на доработку', 'Return for amendment'))],
  [both('Комментарий', 'Comment'), commentValue(submitted.comment)],
])}
${workflowNote(result.workflow)}
${nextSteps([
  both(
    `Заявитель получит письмо с вашим комментарием и может подать исправленную заявку до ${formatDate(result.deadline, 'ru')}; иначе она будет закрыта как просроченная.`,
    `The applicant is emailed your comment and may resubmit the corrected application by ${formatDate(result.deadline, 'en')}; otherwise it expires.`,
  ),
  both(
    'Исправленная заявка снова пройдёт проверку и экспертизу (те же эксперты) и вернётся на подпись.',
    'The corrected application is checked and reviewed again (by the same experts) and comes back for sign-off.',
  ),
])}
<p>${bi(both('Страницу можно закрыть.', 'You may close this page.'))}</p>`,
  );
}

export function signoffRecordedPage(result: SignoffAnswered, submitted: Submitted = {}): string {
  if (result.outcome === 'DELEGATED') return signoffDelegatedPage(result, submitted);
  if (result.outcome === 'RETURNED') return signoffReturnedPage(result, submitted);
  const approved = result.outcome === 'APPROVED';
  const outcome = approved ? both('одобрена', 'approved') : both('отклонена', 'rejected');
  return pageDocument(
    both(
      `Решение по заявке ${result.applicationId} принято`,
      `Decision on application ${result.applicationId} recorded`,
    ),
    html`<p role="status">${bi(
      both(
        `Решение записано: заявка ${result.applicationId} ${outcome.ru}.`,
        `Decision recorded: application ${result.applicationId} is ${outcome.en}.`,
      ),
    )}</p>
${checkList([
  [
    both('Решение', 'Decision'),
    bi(
      approved
        ? both('Одобрить заявку', 'Approve the application')
        : both('Отклонить заявку', 'Reject the application'),
    ),
  ],
  [both('Комментарий', 'Comment'), commentValue(submitted.comment)],
])}
${workflowNote(result.workflow)}
${nextSteps([
  ...(approved
    ? [
        both(
          'Решение применяется: создаётся кластер или организация добавляется в кластер.',
          'The decision is applied: the cluster is created, or the organization is added to it.',
        ),
      ]
    : []),
  both(
    'Заявитель получит письмо с решением и вашим комментарием.',
    'The applicant is emailed the decision with your comment.',
  ),
])}
<p>${bi(both('Страницу можно закрыть.', 'You may close this page.'))}</p>`,
  );
}

const ERROR_TEXTS: Readonly<Record<string, { title: Bilingual; text: Bilingual }>> = {
  FORBIDDEN: {
    title: both('Ссылка недействительна', 'This link is not valid'),
    text: both(
      'Проверьте, что ссылка скопирована из письма полностью. Если форма была открыта давно, откройте ссылку из письма заново.',
      'Check that the whole link was copied from the email. If the form was open for a long time, open the link from the email again.',
    ),
  },
  NOT_FOUND: {
    title: both('Ссылка никуда не ведёт', 'This link does not lead anywhere'),
    text: both('Откройте ссылку из письма.', 'Please open the link from the email.'),
  },
  ALREADY_SUBMITTED: {
    title: both('Заключение уже отправлено', 'The review has already been submitted'),
    text: both(
      'Ссылка действует один раз; повторная отправка не нужна.',
      'The link works once; there is nothing more to do.',
    ),
  },
  ALREADY_ANSWERED: {
    title: both('Ответ уже дан', 'This request has already been answered'),
    text: both(
      'Ссылка действует один раз; ответ записан и изменить его нельзя.',
      'The link works once; the answer is recorded and cannot be changed.',
    ),
  },
  ALREADY_DECIDED: {
    title: both('Решение уже принято', 'A decision has already been made'),
    text: both(
      'Решение по этой заявке уже записано и изменить его нельзя.',
      'The decision on this application is recorded and final.',
    ),
  },
  DELEGATED: {
    title: both('Решение передано другому должностному лицу', 'The sign-off was delegated'),
    text: both(
      'Принятие решения по этой заявке передано другому должностному лицу; эта ссылка больше не действует.',
      'The sign-off of this application was handed to another official; this link no longer works.',
    ),
  },
  ESCALATED: {
    title: both('Заявка передана руководителю департамента', 'The sign-off was escalated'),
    text: both(
      'Срок принятия решения истёк, и заявка передана руководителю департамента; эта ссылка больше не действует.',
      'The sign-off deadline passed and the application went to the head of the department; this link no longer works.',
    ),
  },
  APPLICATION_CLOSED: {
    title: both('Заявка уже закрыта', 'The application is already closed'),
    text: both(
      'Рассмотрение заявки завершено (решение принято, заявка отозвана или истёк срок); ответ больше не принимается.',
      'The application is no longer open (decided, withdrawn or past its deadline); no more answers are taken.',
    ),
  },
  RECUSED: {
    title: both('Вы отказались от этой экспертизы', 'You declined this review'),
    text: both(
      'Отказ записан, заявку рассматривает другой эксперт; ссылка больше не действует.',
      'Your recusal is recorded and another expert reviews the application; this link works no more.',
    ),
  },
  STAGE_CLOSED: {
    title: both('Этот этап рассмотрения завершён', 'This stage of the review is over'),
    text: both(
      'Заявка перешла на следующий этап; ответы по этой ссылке больше не принимаются.',
      'The application has moved on to its next stage; this link takes no more answers.',
    ),
  },
  INVITATION_ACCEPTED: {
    title: both('Приглашение уже принято', 'The invitation has already been accepted'),
    text: both('Ответ на это приглашение уже записан.', 'The answer to this invitation is already recorded.'),
  },
  INVITATION_DECLINED: {
    title: both('Приглашение уже отклонено', 'The invitation has already been declined'),
    text: both('Ответ на это приглашение уже записан.', 'The answer to this invitation is already recorded.'),
  },
  INVITATION_REVOKED: {
    title: both('Приглашение отозвано', 'The invitation was withdrawn'),
    text: both(
      'Координатор кластера отозвал это приглашение; ответ больше не принимается.',
      'The cluster’s coordinator withdrew this invitation; it takes no answer any more.',
    ),
  },
  CLUSTER_NOT_ACTIVE: {
    title: both('Кластер не принимает новых участников', 'The cluster takes no new participants'),
    text: both('Кластер больше не действует.', 'The cluster is no longer active.'),
  },
  LINK_EXPIRED: {
    title: both('Срок действия ссылки истёк', 'This link has expired'),
    text: both('Срок для ответа прошёл.', 'The time to answer has passed.'),
  },
};

const BY_STATUS: Readonly<Record<number, { title: Bilingual; text: Bilingual }>> = {
  400: {
    title: both('Запрос не принят', 'The request was not accepted'),
    text: both('Проверьте данные формы.', 'Please check the form.'),
  },
  500: {
    title: both('Что-то пошло не так', 'Something went wrong'),
    text: both('Попробуйте ещё раз немного позже.', 'Please try again a little later.'),
  },
};

/** Whom to write to about a link that does not work, with the application's id in the subject where known. */
function whomToContact(applicationId: string | undefined, code: string): SafeHtml {
  const dept = department();
  const subject = applicationId ? `Заявка ${applicationId}: ${code}` : `Ссылка из письма: ${code}`;
  return html`<h2>${bi(both('Куда обратиться', 'Whom to contact'))}</h2>
<p>${bi(
    both(
      'Если вы считаете, что это ошибка, или вам нужна новая ссылка, напишите в департамент и укажите номер заявки:',
      'If you think this is a mistake, or you need a new link, write to the department and give the application id:',
    ),
  )} <a href="mailto:${dept.email}?subject=${encodeURIComponent(subject)}">${dept.email}</a>, ${dept.phone}.</p>`;
}

export interface ErrorContext {
  /** The application the link belongs to, where the link could be read. */
  applicationId?: string | undefined;
}

export function errorPage(
  statusCode: number,
  code: string,
  details: readonly ErrorDetail[] = [],
  context: ErrorContext = {},
): string {
  const known = ERROR_TEXTS[code] ??
    BY_STATUS[statusCode] ??
    BY_STATUS[statusCode >= 500 ? 500 : 400] ?? { title: both('Ошибка', 'Error'), text: both('', '') };
  const { applicationId } = context;
  return pageDocument(
    known.title,
    html`${applicationId ? html`<p>${bi(both(`Заявка ${applicationId}`, `Application ${applicationId}`))}</p>` : ''}
<p role="alert">${bi(known.text)}</p>
${details.length > 0 ? html`<ul>${details.map((detail) => html`<li>${bi(fieldMessage(detail.path, detail.message))}</li>`)}</ul>` : ''}
${whomToContact(applicationId, code)}
<p class="hint">${bi(both(`Код ошибки: ${code} (${statusCode})`, `Error code: ${code} (${statusCode})`))}</p>`,
  );
}
