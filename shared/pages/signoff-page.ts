import { html } from '#shared/html';
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

/** The official's decision page: the application, its eligibility, every expert conclusion, and two buttons. */
export function signoffFormPage(view: SignoffPageView, form: FormState): string {
  const values = form.values ?? {};
  return pageDocument(
    {
      ru: `Решение по заявке ${view.summary.applicationId}`,
      en: `Decision on application ${view.summary.applicationId}`,
    },
    html`${view.officialName ? html`<p>${bi({ ru: `Должностное лицо: ${view.officialName}`, en: `Official: ${view.officialName}` })}</p>` : ''}
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
      ru: 'Обязателен для отклонения. Решение окончательное и сообщается заявителю вместе с комментарием.',
      en: 'Required to reject. The decision is final and is sent to the applicant with the comment.',
    })}</p>
<textarea id="comment" name="comment" maxlength="${LIMITS.commentLength}"${describedBy(form, 'comment', 'comment-hint')}>${values.comment ?? ''}</textarea>
${fieldErrors(form, 'comment')}
${fieldErrors(form, 'decision')}
<button type="submit" name="decision" value="APPROVE" class="approve">${bi({ ru: 'Одобрить', en: 'Approve' })}</button>
<button type="submit" name="decision" value="REJECT" class="reject">${bi({ ru: 'Отклонить', en: 'Reject' })}</button>
</fieldset>
</form>`,
  );
}
