import { html } from '#shared/html';
import { expertHeading, SCORE_FIELDS, SCORE_LABELS } from '#shared/labels';
import { bi, pageDocument } from '#shared/pages/layout';
import {
  applicationDetails,
  csrfField,
  describedBy,
  errorSummary,
  type FormState,
  fieldErrors,
  memberList,
} from '#shared/pages/page-sections';
import { LIMITS } from '#shared/schemas/api';
import type { ReviewPageView } from '#shared/use-cases/answer-page-views';

/**
 * The expert's review form. The form posts back to the page's own URL (no
 * `action`), which carries the link's signature, so it works under any API
 * stage prefix. The comment and score rules are stated here and enforced by
 * the server (the scores are not `required` in HTML: declining the review
 * needs none, and the page works without JavaScript).
 */
export function reviewFormPage(view: ReviewPageView, form: FormState): string {
  const values = form.values ?? {};
  const recommendation = (value: 'APPROVE' | 'REJECT' | 'RECUSE', label: { ru: string; en: string }) =>
    html`<label class="choice"><input type="radio" name="recommendation" value="${value}" required${
      values.recommendation === value ? html` checked` : ''
    }> ${bi(label)}</label>`;
  return pageDocument(
    {
      ru: `Экспертиза заявки ${view.summary.applicationId}`,
      en: `Review of application ${view.summary.applicationId}`,
    },
    html`${view.expertName ? html`<p>${bi({ ru: `Эксперт: ${expertHeading(view.expertName, view.expertInstitution, 'ru')}`, en: `Expert: ${expertHeading(view.expertName, view.expertInstitution, 'en')}` })}</p>` : ''}
${applicationDetails(view.summary, view.expiresAt)}
${memberList(view.members)}
<h2>${bi({ ru: 'Заключение', en: 'Your review' })}</h2>
${errorSummary(form)}
<form method="post">
${csrfField(form)}
<fieldset${describedBy(form, 'recommendation')}>
<legend>${bi({ ru: 'Рекомендация', en: 'Recommendation' })}</legend>
${recommendation('APPROVE', { ru: 'Одобрить', en: 'Approve' })}
${recommendation('REJECT', { ru: 'Отклонить', en: 'Reject' })}
${recommendation('RECUSE', {
  ru: 'Отказаться от экспертизы (конфликт интересов или недоступность)',
  en: 'Decline the review (a conflict of interest or unavailability)',
})}
${fieldErrors(form, 'recommendation')}
</fieldset>
<fieldset>
<legend>${bi({ ru: 'Оценки от 1 до 10 (при отказе не нужны)', en: 'Scores from 1 to 10 (not needed to decline)' })}</legend>
${SCORE_FIELDS.map(
  (field) => html`<label for="${field}">${bi(SCORE_LABELS[field])}</label>
<input id="${field}" name="${field}" type="number" inputmode="numeric" min="1" max="10" step="1" value="${values[field] ?? ''}"${describedBy(form, field)}>
${fieldErrors(form, field)}`,
)}
</fieldset>
<label for="comment">${bi({ ru: 'Комментарий', en: 'Comment' })}</label>
<p class="hint" id="comment-hint">${bi({
      ru: 'Обязателен, если вы рекомендуете отклонить заявку или отказываетесь от экспертизы: тогда укажите причину (конфликт интересов или недоступность). Вместо вас будет назначен другой эксперт.',
      en: 'Required if you recommend rejecting the application, or if you decline the review: then give the reason (a conflict of interest or unavailability). Another expert will be assigned instead.',
    })}</p>
<textarea id="comment" name="comment" maxlength="${LIMITS.commentLength}"${describedBy(form, 'comment', 'comment-hint')}>${values.comment ?? ''}</textarea>
${fieldErrors(form, 'comment')}
<p class="hint">${bi({
      ru: 'Заключение можно отправить один раз; после отправки изменить его нельзя.',
      en: 'You can submit once; the review cannot be changed afterwards.',
    })}</p>
<button type="submit">${bi({ ru: 'Отправить заключение', en: 'Submit review' })}</button>
</form>`,
  );
}
