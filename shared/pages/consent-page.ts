import { html } from '#shared/html';
import type { Bilingual } from '#shared/labels';
import { bi, pageDocument } from '#shared/pages/layout';
import {
  applicationDetails,
  type Choice,
  checkList,
  choiceGroup,
  commentValue,
  confirmationForm,
  continueButton,
  csrfField,
  describedBy,
  errorSummaryItems,
  FORM_ID,
  type FormState,
  fieldErrors,
  nextSteps,
} from '#shared/pages/page-sections';
import { LIMITS } from '#shared/schemas/api';
import type { ConsentPageView } from '#shared/use-cases/answer-page-views';

const both = (ru: string, en: string): Bilingual => ({ ru, en });

const ANSWERS: readonly Choice[] = [
  { value: 'CONFIRM', label: both('Подтверждаю участие', 'I confirm we take part') },
  { value: 'DECLINE', label: both('Отказываюсь от участия', 'I decline') },
];

const roleOf = (view: ConsentPageView) =>
  view.role === 'member'
    ? both('участника кластера', 'a member of the cluster')
    : both('партнёра кластера', 'a partner of the cluster');

const title = (view: ConsentPageView): Bilingual => ({
  ru: `Участие ${view.partyName} в кластере «${view.summary.clusterName}»`,
  en: `${view.partyName} taking part in the cluster "${view.summary.clusterName}"`,
});

/**
 * A member's or partner's answer: confirm or decline taking part in the
 * proposed cluster. Posts back to the page's own URL, as the review form does;
 * "Continue" leads to a check page, whose "Confirm" sends the answer.
 */
export function consentFormPage(view: ConsentPageView, form: FormState): string {
  const values = form.values ?? {};
  const role = roleOf(view);
  return pageDocument(
    title(view),
    html`<p>${bi({
      ru: `${view.partyName}: заявитель ${view.summary.applicant.name} указал вашу организацию в качестве ${role.ru} в заявке на создание кластера. Подтвердите или отклоните участие.`,
      en: `${view.partyName}: the applicant ${view.summary.applicant.name} listed your organization as ${role.en} in an application to create a cluster. Please confirm or decline taking part.`,
    })}</p>
${applicationDetails(view.summary, view.expiresAt)}
<h2>${bi(both('Ваш ответ', 'Your answer'))}</h2>
<form method="post" id="${FORM_ID}">
${csrfField(form)}
${choiceGroup(form, 'answer', both('Участие', 'Taking part'), ANSWERS)}
<label for="comment">${bi(both('Комментарий (необязательно)', 'Comment (optional)'))}</label>
${fieldErrors(form, 'comment')}
<textarea id="comment" name="comment" maxlength="${LIMITS.consentCommentLength}"${describedBy(form, 'comment')}>${values.comment ?? ''}</textarea>
<p class="hint">${bi({
      ru: 'Ответ можно дать один раз. Кто отказался или не ответил до срока, исключается из заявки; заявка идёт на экспертизу, если участие подтвердят не менее 30 организаций. На следующем шаге вы проверите ответ.',
      en: 'You can answer once. Those who decline or do not answer by the deadline are dropped; the application goes to expert review if at least 30 organizations confirm. You check your answer on the next step.',
    })}</p>
${continueButton()}
</form>`,
    { errors: errorSummaryItems(form) },
  );
}

/** "Check your answer": the answer and comment that will be sent. */
export function consentCheckPage(view: ConsentPageView, form: FormState): string {
  const values = form.values ?? {};
  const answer = ANSWERS.find((choice) => choice.value === values.answer);
  const confirming = values.answer === 'CONFIRM';
  return pageDocument(
    { ru: `Проверьте ответ: ${title(view).ru}`, en: `Check your answer: ${title(view).en}` },
    html`<p>${bi(both(`Заявка ${view.summary.applicationId}. Ответ ещё не отправлен.`, `Application ${view.summary.applicationId}. The answer is not sent yet.`))}</p>
${checkList([
  [both('Организация', 'Organization'), view.partyName],
  [both('Ответ', 'Answer'), answer ? bi(answer.label) : (values.answer ?? '')],
  [both('Комментарий', 'Comment'), commentValue(values.comment)],
])}
${nextSteps([
  confirming
    ? both(
        'Ваше согласие будет записано; изменить ответ будет нельзя.',
        'Your consent is recorded; the answer cannot be changed.',
      )
    : both(
        'Ваш отказ будет записан, организация будет исключена из заявки.',
        'Your refusal is recorded and your organization is dropped from the application.',
      ),
  both(
    'Когда ответят все или наступит срок, заявка перейдёт к экспертизе, если участие подтвердят не менее 30 организаций.',
    'When everyone has answered, or at the deadline, the application goes on to expert review if at least 30 organizations confirmed.',
  ),
])}
${confirmationForm(form, confirming ? both('Подтвердить участие', 'Confirm taking part') : both('Подтвердить отказ', 'Confirm declining'), confirming ? 'approve' : 'reject')}`,
  );
}
