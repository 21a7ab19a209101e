import type { ErrorDetail } from '#shared/errors';
import { html } from '#shared/html';
import type { Bilingual } from '#shared/labels';
import { both } from '#shared/pages/admin/layout';
import { bi, pageDocument } from '#shared/pages/layout';
import { fieldMessage } from '#shared/pages/page-sections';

/**
 * An error of the console, for an operator in a browser: what went wrong in
 * the console's terms (not the email links'), the problem itself in both
 * languages, and the way on: the sign-in for a refusal of someone not
 * signed in, the page again for a form that is out of date.
 */

const BY_STATUS: Readonly<Record<number, { title: Bilingual; text: Bilingual }>> = {
  400: {
    title: both('Запрос не принят', 'The request was not accepted'),
    text: both('Проверьте, что указано в запросе.', 'Check what the request says.'),
  },
  404: {
    title: both('Не найдено', 'Not found'),
    text: both('Такой страницы, заявки или записи нет.', 'There is no such page, application or record.'),
  },
  409: {
    title: both('Действие не выполнено', 'The action was not carried out'),
    text: both(
      'Заявка или задача уже в другом состоянии: откройте её страницу заново.',
      'The application or task has changed meanwhile: open its page again.',
    ),
  },
  413: {
    title: both('Слишком большой запрос', 'The request is too large'),
    text: both('Отправьте меньше данных за один раз.', 'Send less at a time.'),
  },
};

const NOT_SIGNED_IN = {
  title: both('Только для операторов программы', 'For programme operators only'),
  text: both(
    'Войдите с учётной записью оператора программы (группа operators).',
    'Sign in with a programme operator’s account (the operators group).',
  ),
};

const FORM_OUT_OF_DATE = {
  title: both('Форма устарела', 'The form is out of date'),
  text: both(
    'Откройте страницу консоли заново и повторите действие.',
    'Open the console page again and repeat the action.',
  ),
};

const SOMETHING_WENT_WRONG = {
  title: both('Сбой консоли', 'The console failed'),
  text: both(
    'Повторите позже; если сбой повторяется, сообщите разработчикам.',
    'Try again later; if it happens again, tell the developers.',
  ),
};

export interface ConsoleErrorContext {
  /** The problem in both languages (the error's own message; a refusal's page says it in its own words). */
  message: Bilingual;
  details: readonly ErrorDetail[];
  /** A refusal for want of a sign-in: where to sign in (and come back). */
  signInHref?: string | undefined;
}

export function consoleErrorPage(statusCode: number, code: string, context: ConsoleErrorContext): string {
  const known =
    statusCode === 403
      ? context.signInHref
        ? NOT_SIGNED_IN
        : FORM_OUT_OF_DATE
      : (BY_STATUS[statusCode] ??
        (statusCode >= 500 ? SOMETHING_WENT_WRONG : BY_STATUS[400]) ??
        NOT_SIGNED_IN);
  return pageDocument(
    known.title,
    html`<p role="alert">${bi(known.text)}</p>
${statusCode === 403 ? '' : html`<p>${bi(context.message)}</p>`}
${context.details.length > 0 ? html`<ul>${context.details.map((detail) => html`<li>${bi(fieldMessage(detail.path, detail.message))}</li>`)}</ul>` : ''}
${context.signInHref ? html`<p><a href="${context.signInHref}">${bi(both('Войти как оператор', 'Sign in as an operator'))}</a></p>` : html`<p><a href="/admin">${bi(both('В консоль', 'To the console'))}</a></p>`}
<p class="hint">${bi(both(`Код ошибки: ${code} (${statusCode})`, `Error code: ${code} (${statusCode})`))}</p>`,
  );
}
