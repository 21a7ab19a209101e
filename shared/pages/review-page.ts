import { html } from '#shared/html';
import {
  type Bilingual,
  expertHeading,
  formatNumber,
  SCORE_FIELDS,
  SCORE_HINTS,
  SCORE_LABELS,
  SCORE_SCALE,
} from '#shared/labels';
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
  eligibilityResult,
  errorSummaryItems,
  FORM_ID,
  type FormState,
  fieldErrors,
  memberList,
  nextSteps,
  subjectOf,
} from '#shared/pages/page-sections';
import { LIMITS } from '#shared/schemas/api';
import type { ReviewPageView } from '#shared/use-cases/answer-page-views';

const both = (ru: string, en: string): Bilingual => ({ ru, en });

const RECOMMENDATIONS: readonly Choice[] = [
  { value: 'APPROVE', label: both('Одобрить', 'Approve') },
  {
    value: 'REJECT',
    label: both('Отклонить', 'Reject'),
    hint: both('Нужен комментарий.', 'A comment is required.'),
  },
  {
    value: 'RECUSE',
    label: both(
      'Отказаться от экспертизы (конфликт интересов или недоступность)',
      'Decline the review (a conflict of interest or unavailability)',
    ),
    hint: both(
      'Оценки не нужны; укажите причину в комментарии. Вместо вас будет назначен другой эксперт.',
      'No scores needed; give the reason as the comment. Another expert will be assigned instead.',
    ),
  },
];

const title = (view: ReviewPageView): Bilingual => {
  const subject = subjectOf(view.summary);
  return { ru: `Экспертиза: ${subject.ru}`, en: `Review: ${subject.en}` };
};

const expertLine = (view: ReviewPageView) =>
  view.expertName
    ? html`<p>${bi({ ru: `Эксперт: ${expertHeading(view.expertName, view.expertInstitution, 'ru')}`, en: `Expert: ${expertHeading(view.expertName, view.expertInstitution, 'en')}` })}</p>`
    : '';

/**
 * The expert's review form. The form posts back to the page's own URL (no
 * `action`), which carries the link's signature, so it works under any API
 * stage prefix. The comment and score rules are stated here and enforced by
 * the server (the scores are not `required` in HTML: declining the review
 * needs none, and the page works without JavaScript). "Continue" leads to a
 * check page; only its "Confirm" sends the review.
 */
export function reviewFormPage(view: ReviewPageView, form: FormState): string {
  const values = form.values ?? {};
  return pageDocument(
    title(view),
    html`${expertLine(view)}
${applicationDetails(view.summary, view.expiresAt)}
${memberList(view.members)}
${eligibilityResult(view.eligibility ?? null)}
<h2>${bi(both('Ваше заключение', 'Your review'))}</h2>
<form method="post" id="${FORM_ID}">
${csrfField(form)}
${choiceGroup(form, 'recommendation', both('Рекомендация', 'Recommendation'), RECOMMENDATIONS)}
<fieldset>
<legend>${bi(both('Оценки от 1 до 10 (при отказе не нужны)', 'Scores from 1 to 10 (not needed to decline)'))}</legend>
<p class="hint">${bi(SCORE_SCALE)}</p>
${SCORE_FIELDS.map(
  (field) => html`<label for="${field}">${bi(SCORE_LABELS[field])}</label>
<p class="hint" id="${field}-hint">${bi(SCORE_HINTS[field])}</p>
${fieldErrors(form, field)}
<input id="${field}" name="${field}" type="number" inputmode="numeric" min="1" max="10" step="1" value="${values[field] ?? ''}"${describedBy(form, field, `${field}-hint`)}>`,
)}
</fieldset>
<label for="comment">${bi(both('Комментарий', 'Comment'))}</label>
<p class="hint" id="comment-hint">${bi({
      ru: 'Обязателен, если вы рекомендуете отклонить заявку или отказываетесь от экспертизы: тогда укажите причину (конфликт интересов или недоступность). Вместо вас будет назначен другой эксперт.',
      en: 'Required if you recommend rejecting the application, or if you decline the review: then give the reason (a conflict of interest or unavailability). Another expert will be assigned instead.',
    })}</p>
${fieldErrors(form, 'comment')}
<textarea id="comment" name="comment" maxlength="${LIMITS.commentLength}"${describedBy(form, 'comment', 'comment-hint')}>${values.comment ?? ''}</textarea>
<p class="hint">${bi({
      ru: 'На следующем шаге вы проверите ответ. Заключение можно отправить один раз; после отправки изменить его нельзя.',
      en: 'You check your answer on the next step. You can submit once; the review cannot be changed afterwards.',
    })}</p>
${continueButton()}
</form>`,
    { errors: errorSummaryItems(form) },
  );
}

/** "Check your review": what will be sent, and the button that sends it. */
export function reviewCheckPage(view: ReviewPageView, form: FormState): string {
  const values = form.values ?? {};
  const choice = RECOMMENDATIONS.find((candidate) => candidate.value === values.recommendation);
  const recusing = values.recommendation === 'RECUSE';
  const subject = subjectOf(view.summary);
  return pageDocument(
    { ru: `Проверьте заключение: ${subject.ru}`, en: `Check your review: ${subject.en}` },
    html`${expertLine(view)}
<p>${bi(both(`Заявка ${view.summary.applicationId}. Заключение ещё не отправлено.`, `Application ${view.summary.applicationId}. The review is not sent yet.`))}</p>
${checkList([
  [both('Рекомендация', 'Recommendation'), choice ? bi(choice.label) : (values.recommendation ?? '')],
  ...(recusing
    ? []
    : SCORE_FIELDS.map(
        (field) => [SCORE_LABELS[field], `${formatNumber(Number(values[field]), 'ru')} / 10`] as const,
      )),
  [
    recusing ? both('Причина отказа', 'Reason') : both('Комментарий', 'Comment'),
    commentValue(values.comment),
  ],
])}
${nextSteps(
  recusing
    ? [
        both(
          'Ваш отказ и его причина будут записаны; ссылка перестанет действовать.',
          'Your recusal and its reason are recorded; the link stops working.',
        ),
        both(
          'Заявку рассмотрит другой эксперт, если он есть.',
          'Another expert, if one is available, reviews the application.',
        ),
      ]
    : [
        both(
          'Заключение будет записано; изменить его будет нельзя.',
          'The review is recorded and cannot be changed.',
        ),
        both(
          'Когда ответят все эксперты или наступит срок, заявка перейдёт к решению департамента.',
          'When every expert has answered, or at the deadline, the application goes to the department for a decision.',
        ),
      ],
)}
${confirmationForm(form, recusing ? both('Подтвердить отказ', 'Confirm declining') : both('Подтвердить и отправить', 'Confirm and submit'), recusing ? '' : 'approve')}`,
  );
}
