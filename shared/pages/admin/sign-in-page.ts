import { html } from '#shared/html';
import { both } from '#shared/pages/admin/layout';
import { bi, type ErrorSummaryItem, pageDocument } from '#shared/pages/layout';

/**
 * The console's sign-in pages. In AWS operators sign in on the user pool's
 * hosted UI and never see the form; the local runtime shows it instead,
 * taking any operator id (a stand-in: no password).
 */

export interface LocalSignInForm {
  action: string;
  csrfToken: string;
  next?: string | undefined;
  operator?: string | undefined;
}

export function localOperatorSignInPage(
  form: LocalSignInForm,
  errors: readonly ErrorSummaryItem[] = [],
): string {
  const invalid = errors.some((error) => error.field === 'operator');
  return pageDocument(
    both('Вход оператора', 'Operator sign-in'),
    html`<p class="hint">${bi(both('Локальный запуск: войти может любой идентификатор оператора, без пароля. В AWS вход проходит на странице входа Cognito (группа operators).', 'Local runtime: any operator id signs in, no password. In AWS operators sign in on the Cognito sign-in page (the operators group).'))}</p>
<form method="post" action="${form.action}">
<input type="hidden" name="csrfToken" value="${form.csrfToken}">
${form.next ? html`<input type="hidden" name="next" value="${form.next}">` : ''}
<label for="operator">${bi(both('Идентификатор оператора', 'Operator id'))}</label>
<p class="hint" id="operator-hint">${bi(both('Латинские буквы, цифры и . _ @ + -, не больше 64.', 'Letters, digits and . _ @ + -, at most 64.'))}</p>
<input id="operator" name="operator" type="text" autocomplete="username" required maxlength="64" value="${form.operator ?? ''}" aria-describedby="operator-hint"${invalid ? html` aria-invalid="true"` : ''}>
<button type="submit">${bi(both('Войти', 'Sign in'))}</button>
</form>`,
    { errors },
  );
}

export function signedOutPage(again: { href: string; cognito: boolean }): string {
  return pageDocument(
    both('Вы вышли из консоли', 'Signed out of the console'),
    html`<p role="status">${bi(both('Вы вышли из консоли оператора.', 'You have signed out of the operator console.'))}</p>
<p><a href="${again.href}">${bi(again.cognito ? both('Выйти и со страницы входа', 'Also sign out of the sign-in page') : both('Войти снова', 'Sign in again'))}</a></p>`,
  );
}
