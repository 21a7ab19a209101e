import type { ErrorDetail } from '#shared/errors';
import { html } from '#shared/html';
import { type Bilingual, RECOMMENDATION_LABELS } from '#shared/labels';
import { bi, pageDocument } from '#shared/pages/layout';
import type { ConsentAnswered } from '#shared/use-cases/answer-consent';
import type { ReviewAnswered } from '#shared/use-cases/answer-review';
import type { Completion } from '#shared/use-cases/callback-tasks';
import type { SignoffDecided } from '#shared/use-cases/decide-signoff';

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

export function reviewRecordedPage(result: ReviewAnswered): string {
  return pageDocument(
    both('Заключение принято', 'Review submitted'),
    html`<p role="status">${bi(
      both(
        `Спасибо! Ваше заключение по заявке ${result.applicationId} принято.`,
        `Thank you! Your review of application ${result.applicationId} has been recorded.`,
      ),
    )}</p>
<p>${bi({ ru: `Рекомендация: ${RECOMMENDATION_LABELS[result.recommendation].ru}`, en: `Recommendation: ${RECOMMENDATION_LABELS[result.recommendation].en}` })}</p>
${workflowNote(result.workflow)}
<p>${bi(both('Ссылка больше не действует. Страницу можно закрыть.', 'The link no longer works. You may close this page.'))}</p>`,
  );
}

export function consentRecordedPage(result: ConsentAnswered): string {
  const confirmed = result.answer === 'CONFIRM';
  return pageDocument(
    confirmed
      ? both('Участие подтверждено', 'Taking part confirmed')
      : both('Участие отклонено', 'Taking part declined'),
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
<p>${bi(
      both(
        'Когда ответят все или наступит срок, заявка перейдёт к экспертизе, если участие подтвердят не менее 30 организаций.',
        'When everyone has answered, or at the deadline, the application goes on to expert review if at least 30 organizations confirmed.',
      ),
    )}</p>
<p>${bi(both('Ссылка больше не действует. Страницу можно закрыть.', 'The link no longer works. You may close this page.'))}</p>`,
  );
}

export function signoffRecordedPage(result: SignoffDecided): string {
  const outcome =
    result.outcome === 'APPROVED' ? both('одобрена', 'approved') : both('отклонена', 'rejected');
  return pageDocument(
    both('Решение принято', 'Decision recorded'),
    html`<p role="status">${bi(
      both(
        `Решение записано: заявка ${result.applicationId} ${outcome.ru}.`,
        `Decision recorded: application ${result.applicationId} is ${outcome.en}.`,
      ),
    )}</p>
${workflowNote(result.workflow)}
<p>${bi(both('Заявитель получит уведомление. Страницу можно закрыть.', 'The applicant will be notified. You may close this page.'))}</p>`,
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
  APPLICATION_CLOSED: {
    title: both('Заявка уже закрыта', 'The application is already closed'),
    text: both(
      'Рассмотрение заявки завершено (решение принято, заявка отозвана или истёк срок); ответ больше не принимается.',
      'The application is no longer open (decided, withdrawn or past its deadline); no more answers are taken.',
    ),
  },
  STAGE_CLOSED: {
    title: both('Этот этап рассмотрения завершён', 'This stage of the review is over'),
    text: both(
      'Заявка перешла на следующий этап; ответы по этой ссылке больше не принимаются.',
      'The application has moved on to its next stage; this link takes no more answers.',
    ),
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

export function errorPage(statusCode: number, code: string, details: readonly ErrorDetail[] = []): string {
  const known = ERROR_TEXTS[code] ??
    BY_STATUS[statusCode] ??
    BY_STATUS[statusCode >= 500 ? 500 : 400] ?? { title: both('Ошибка', 'Error'), text: both('', '') };
  return pageDocument(
    known.title,
    html`<p role="alert">${bi(known.text)}</p>
${details.length > 0 ? html`<ul>${details.map((detail) => html`<li>${detail.path}: ${detail.message}</li>`)}</ul>` : ''}
<p class="hint">${bi(both(`Код: ${code} (${statusCode})`, `Code: ${code} (${statusCode})`))}</p>`,
  );
}
