import { html } from '#shared/html';
import { bi, pageDocument } from '#shared/pages/layout';
import {
  applicationDetails,
  csrfField,
  describedBy,
  errorSummary,
  type FormState,
  fieldErrors,
} from '#shared/pages/page-sections';
import { LIMITS } from '#shared/schemas/api';
import type { ConsentPageView } from '#shared/use-cases/answer-page-views';

/**
 * A member's or partner's answer: confirm or decline taking part in the
 * proposed cluster. Posts back to the page's own URL, as the review form does.
 */
export function consentFormPage(view: ConsentPageView, form: FormState): string {
  const values = form.values ?? {};
  const choice = (value: 'CONFIRM' | 'DECLINE', label: { ru: string; en: string }) =>
    html`<label class="choice"><input type="radio" name="answer" value="${value}" required${
      values.answer === value ? html` checked` : ''
    }> ${bi(label)}</label>`;
  const role =
    view.role === 'member'
      ? { ru: 'участника кластера', en: 'a member of the cluster' }
      : { ru: 'партнёра кластера', en: 'a partner of the cluster' };
  return pageDocument(
    {
      ru: `Участие в кластере «${view.summary.clusterName}»`,
      en: `Taking part in the cluster "${view.summary.clusterName}"`,
    },
    html`<p>${bi({
      ru: `${view.partyName}: заявитель ${view.summary.applicant.name} указал вашу организацию в качестве ${role.ru}. Подтвердите или отклоните участие.`,
      en: `${view.partyName}: the applicant ${view.summary.applicant.name} listed your organization as ${role.en}. Please confirm or decline taking part.`,
    })}</p>
${applicationDetails(view.summary, view.expiresAt)}
<h2>${bi({ ru: 'Ваш ответ', en: 'Your answer' })}</h2>
${errorSummary(form)}
<form method="post">
${csrfField(form)}
<fieldset${describedBy(form, 'answer')}>
<legend>${bi({ ru: 'Участие', en: 'Taking part' })}</legend>
${choice('CONFIRM', { ru: 'Подтверждаю участие', en: 'I confirm we take part' })}
${choice('DECLINE', { ru: 'Отказываюсь от участия', en: 'I decline' })}
${fieldErrors(form, 'answer')}
</fieldset>
<label for="comment">${bi({ ru: 'Комментарий (необязательно)', en: 'Comment (optional)' })}</label>
<textarea id="comment" name="comment" maxlength="${LIMITS.consentCommentLength}"${describedBy(form, 'comment')}>${values.comment ?? ''}</textarea>
${fieldErrors(form, 'comment')}
<p class="hint">${bi({
      ru: 'Ответ можно дать один раз. Кто отказался или не ответил до срока, исключается из заявки; заявка идёт на экспертизу, если участие подтвердят не менее 30 организаций.',
      en: 'You can answer once. Those who decline or do not answer by the deadline are dropped; the application goes to expert review if at least 30 organizations confirm.',
    })}</p>
<button type="submit">${bi({ ru: 'Отправить ответ', en: 'Send the answer' })}</button>
</form>`,
  );
}
