import { html, type SafeHtml } from '#shared/html';
import type { SignoffHandoverNote } from '#shared/notifications/emails';
import { bi, pageDocument } from '#shared/pages/layout';
import {
  applicationDetails,
  conclusions,
  csrfField,
  describedBy,
  eligibilityResult,
  errorSummary,
  type FormState,
  fieldErrors,
} from '#shared/pages/page-sections';
import { LIMITS } from '#shared/schemas/api';
import type { SignoffPageView } from '#shared/use-cases/answer-page-views';

/** Why this official holds the sign-off, when someone else held it first. */
function handoverNotice(handover: SignoffHandoverNote | undefined): SafeHtml {
  if (!handover) return html``;
  if (handover.kind === 'ESCALATED') {
    return html`<p class="notice">${bi({
      ru: `Заявка передана вам как руководителю департамента: ${handover.fromName} не принял(а) решение в установленный срок. Если решение не будет принято до указанного ниже срока, заявка будет закрыта как просроченная.`,
      en: `Escalated to you as head of the department: ${handover.fromName} did not decide by the sign-off deadline. If no decision is made by the deadline below, the application expires.`,
    })}</p>`;
  }
  return html`<div class="notice"><p>${bi({
    ru: `${handover.fromName} передал(а) вам принятие решения. Срок остаётся прежним. Комментарий:`,
    en: `${handover.fromName} delegated this sign-off to you. The deadline stays as it was. Comment:`,
  })}</p><blockquote>${handover.comment}</blockquote></div>`;
}

/** The delegation form: its own fields, so its errors show beside them and not in the decision form. */
function delegationForm(view: SignoffPageView, form: FormState, delegating: boolean): SafeHtml {
  if (view.delegates.length === 0) return html``;
  const values = delegating ? (form.values ?? {}) : {};
  const mine = delegating ? form : { ...form, errors: [] };
  const commentError = (mine.errors ?? []).some((error) => error.path === 'comment');
  return html`<h2>${bi({ ru: 'Передать решение коллеге', en: 'Delegate to a colleague' })}</h2>
<form method="post">
${csrfField(form)}
<input type="hidden" name="decision" value="DELEGATE">
<fieldset>
<legend>${bi({ ru: 'Передача решения', en: 'Delegation' })}</legend>
<p class="hint" id="delegation-hint">${bi({
    ru: 'Коллега получит по почте новую ссылку; срок принятия решения не меняется. Ваша ссылка после передачи перестанет действовать.',
    en: 'Your colleague is emailed a new link; the deadline does not change. Your link stops working once you delegate.',
  })}</p>
<label for="delegateTo">${bi({ ru: 'Кому передать', en: 'Delegate to' })}</label>
<select id="delegateTo" name="delegateTo"${describedBy(mine, 'delegateTo', 'delegation-hint')}>
${view.delegates.map(
  (delegate) =>
    html`<option value="${delegate.officialId}"${values.delegateTo === delegate.officialId ? html` selected` : ''}>${delegate.name}${delegate.position ? `, ${delegate.position}` : ''}</option>`,
)}
</select>
${fieldErrors(mine, 'delegateTo')}
<label for="delegation-comment">${bi({ ru: 'Комментарий для коллеги (обязателен)', en: 'Comment for your colleague (required)' })}</label>
<textarea id="delegation-comment" name="comment" required maxlength="${LIMITS.commentLength}"${commentError ? html` aria-invalid="true" aria-describedby="delegation-comment-error"` : ''}>${values.comment ?? ''}</textarea>
${commentError ? html`<p class="error" id="delegation-comment-error">${bi({ ru: 'Комментарий обязателен.', en: 'A comment is required.' })}</p>` : ''}
<button type="submit">${bi({ ru: 'Передать', en: 'Delegate' })}</button>
</fieldset>
</form>`;
}

/**
 * The official's decision page: the application, its eligibility, every expert conclusion, two
 * buttons to decide, and a form to delegate to another active official.
 */
export function signoffFormPage(view: SignoffPageView, form: FormState): string {
  const delegating = form.values?.decision === 'DELEGATE';
  const decisionForm: FormState = delegating ? { ...form, errors: [], values: {} } : form;
  const values = decisionForm.values ?? {};
  return pageDocument(
    {
      ru: `Решение по заявке ${view.summary.applicationId}`,
      en: `Decision on application ${view.summary.applicationId}`,
    },
    html`${view.officialName ? html`<p>${bi({ ru: `Должностное лицо: ${view.officialName}`, en: `Official: ${view.officialName}` })}</p>` : ''}
${handoverNotice(view.handover)}
${applicationDetails(view.summary, view.expiresAt)}
${eligibilityResult(view.eligibility)}
${conclusions(view.reviews, view.tally)}
<h2>${bi({ ru: 'Решение', en: 'Decision' })}</h2>
${errorSummary(form)}
<form method="post">
${csrfField(form)}
<fieldset>
<legend>${bi({ ru: 'Решение департамента', en: 'Decision of the department' })}</legend>
<label for="comment">${bi({ ru: 'Комментарий', en: 'Comment' })}</label>
<p class="hint" id="comment-hint">${bi({
      ru: 'Обязателен для отклонения и для возврата на доработку. Решение окончательное и сообщается заявителю вместе с комментарием; при возврате заявитель получает комментарий и может подать исправленную заявку.',
      en: 'Required to reject and to return for amendment. The decision is final and is sent to the applicant with the comment; a return sends the applicant the comment, and the corrected application comes back for review and sign-off.',
    })}</p>
<textarea id="comment" name="comment" maxlength="${LIMITS.commentLength}"${describedBy(decisionForm, 'comment', 'comment-hint')}>${values.comment ?? ''}</textarea>
${fieldErrors(decisionForm, 'comment')}
${fieldErrors(decisionForm, 'decision')}
<button type="submit" name="decision" value="APPROVE" class="approve">${bi({ ru: 'Одобрить', en: 'Approve' })}</button>
<button type="submit" name="decision" value="REJECT" class="reject">${bi({ ru: 'Отклонить', en: 'Reject' })}</button>
${
  view.canReturn
    ? html`<button type="submit" name="decision" value="RETURN" class="return">${bi({ ru: 'Вернуть на доработку', en: 'Return for amendment' })}</button>`
    : html`<p class="hint">${bi({
        ru: `Заявка уже возвращалась на доработку ${view.returns} раза; вернуть её ещё раз нельзя.`,
        en: `The application was returned for amendment ${view.returns} times already; it cannot be returned again.`,
      })}</p>`
}
</fieldset>
</form>
${delegationForm(view, form, delegating)}`,
  );
}
