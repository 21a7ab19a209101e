import { html, type SafeHtml } from '#shared/html';
import type { Bilingual } from '#shared/labels';
import type { SignoffHandoverNote } from '#shared/notifications/emails';
import { bi, pageDocument } from '#shared/pages/layout';
import {
  applicationDetails,
  type Choice,
  checkList,
  choiceGroup,
  commentValue,
  conclusions,
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

const both = (ru: string, en: string): Bilingual => ({ ru, en });

/** A decision the page offers: its words, what it leads to, and the colour of its confirm button. */
interface DecisionOption extends Choice {
  confirm: Bilingual;
  tone: 'approve' | 'reject' | '';
  next: readonly Bilingual[];
}

/** The decisions on the page, in order (a return for amendment while one is allowed: `decisionsFor`). */
export const SIGNOFF_DECISIONS: readonly DecisionOption[] = [
  {
    value: 'APPROVE',
    label: both('Одобрить заявку', 'Approve the application'),
    confirm: both('Подтвердить: одобрить', 'Confirm: approve'),
    tone: 'approve',
    next: [
      both('Решение окончательное и будет записано сразу.', 'The decision is final and recorded at once.'),
      both(
        'Для заявки на создание будет создан кластер со всеми подтвердившими участниками; для заявки на вступление организация станет участником кластера.',
        'A create application makes the cluster with all its confirmed members; a join application adds the organization to the cluster.',
      ),
      both(
        'Заявитель получит письмо с решением и вашим комментарием.',
        'The applicant is emailed the decision with your comment.',
      ),
    ],
  },
  {
    value: 'REJECT',
    label: both('Отклонить заявку', 'Reject the application'),
    hint: both(
      'Нужен комментарий: он будет отправлен заявителю.',
      'A comment is required: it is sent to the applicant.',
    ),
    confirm: both('Подтвердить: отклонить', 'Confirm: reject'),
    tone: 'reject',
    next: [
      both('Решение окончательное и будет записано сразу.', 'The decision is final and recorded at once.'),
      both(
        'Заявитель получит письмо с решением и вашим комментарием.',
        'The applicant is emailed the decision with your comment.',
      ),
    ],
  },
];

/** Instead of deciding: the application goes back to its applicant (at most twice). */
export const RETURN_DECISION: DecisionOption = {
  value: 'RETURN',
  label: both('Вернуть на доработку', 'Return for amendment'),
  hint: both(
    'Нужен комментарий: что исправить. Заявитель подаст исправленную заявку, её снова проверят и рассмотрят.',
    'A comment is required: what to correct. The applicant resubmits, and the application is checked and reviewed again.',
  ),
  confirm: both('Подтвердить: вернуть на доработку', 'Confirm: return for amendment'),
  tone: '',
  next: [
    both(
      'Заявитель получит письмо с вашим комментарием и сроком повторной подачи.',
      'The applicant is emailed your comment and the deadline to resubmit.',
    ),
    both(
      'Исправленная заявка снова пройдёт проверку и экспертизу и вернётся на подпись.',
      'The corrected application is checked and reviewed again and comes back for sign-off.',
    ),
  ],
};

/** What this sign-off may decide: a return only while the application has been returned fewer than 2 times. */
const decisionsFor = (view: SignoffPageView): readonly DecisionOption[] =>
  view.canReturn ? [...SIGNOFF_DECISIONS, RETURN_DECISION] : SIGNOFF_DECISIONS;

/** Why the page offers no return: the application was returned the most times allowed. */
const noMoreReturns = (view: SignoffPageView) =>
  view.canReturn
    ? ''
    : html`<p class="hint">${bi({
        ru: `Заявка уже возвращалась на доработку ${view.returns} раза; вернуть её ещё раз нельзя.`,
        en: `The application was returned for amendment ${view.returns} times already; it cannot be returned again.`,
      })}</p>`;

const title = (view: SignoffPageView): Bilingual => {
  const subject = subjectOf(view.summary);
  return { ru: `Решение: ${subject.ru}`, en: `Decision: ${subject.en}` };
};

const officialLine = (view: SignoffPageView) =>
  view.officialName
    ? html`<p>${bi({ ru: `Должностное лицо: ${view.officialName}`, en: `Official: ${view.officialName}` })}</p>`
    : '';

/** The delegation form: its own fields, so its errors show beside them and not in the decision form. */
function delegationForm(view: SignoffPageView, form: FormState, delegating: boolean): SafeHtml {
  if (view.delegates.length === 0) return html``;
  const values = delegating ? (form.values ?? {}) : {};
  const mine = delegating ? form : { ...form, errors: [] };
  return html`<h2>${bi(both('Передать решение коллеге', 'Delegate to a colleague'))}</h2>
<form method="post">
${csrfField(form)}
<input type="hidden" name="decision" value="DELEGATE">
<fieldset>
<legend>${bi(both('Передача решения', 'Delegation'))}</legend>
<p class="hint" id="delegation-hint">${bi({
    ru: 'Коллега получит по почте новую ссылку; срок принятия решения не меняется. Ваша ссылка после передачи перестанет действовать. Передача не окончательное решение и выполняется сразу.',
    en: 'Your colleague is emailed a new link; the deadline does not change. Your link stops working once you delegate. Delegating is not a final decision and happens at once.',
  })}</p>
<label for="delegateTo">${bi(both('Кому передать', 'Delegate to'))}</label>
${fieldErrors(mine, 'delegateTo')}
<select id="delegateTo" name="delegateTo"${describedBy(mine, 'delegateTo', 'delegation-hint')}>
${view.delegates.map(
  (delegate) =>
    html`<option value="${delegate.officialId}"${values.delegateTo === delegate.officialId ? html` selected` : ''}>${delegate.name}${delegate.position ? `, ${delegate.position}` : ''}</option>`,
)}
</select>
<label for="delegation-comment">${bi(both('Комментарий для коллеги (обязателен)', 'Comment for your colleague (required)'))}</label>
${fieldErrors(mine, 'comment', 'delegation-comment')}
<textarea id="delegation-comment" name="comment" required maxlength="${LIMITS.commentLength}"${describedBy(mine, 'comment', undefined, 'delegation-comment')}>${values.comment ?? ''}</textarea>
<button type="submit">${bi(both('Передать', 'Delegate'))}</button>
</fieldset>
</form>`;
}

/**
 * The official's decision page: the application, its members, its eligibility, every expert
 * conclusion, the decision (a choice and "Continue" to a check page), and a form to delegate to
 * another active official.
 */
export function signoffFormPage(view: SignoffPageView, form: FormState): string {
  const delegating = form.values?.decision === 'DELEGATE';
  const decisionForm: FormState = delegating ? { ...form, errors: [], values: {} } : form;
  const values = decisionForm.values ?? {};
  return pageDocument(
    title(view),
    html`${officialLine(view)}
${handoverNotice(view.handover)}
${applicationDetails(view.summary, view.expiresAt)}
${memberList(view.members ?? [])}
${eligibilityResult(view.eligibility)}
${conclusions(view.reviews, view.tally)}
<h2>${bi(both('Решение департамента', 'Decision of the department'))}</h2>
<form method="post" id="${FORM_ID}">
${csrfField(form)}
${choiceGroup(decisionForm, 'decision', both('Решение', 'Decision'), decisionsFor(view))}
${noMoreReturns(view)}
<label for="comment">${bi(both('Комментарий', 'Comment'))}</label>
<p class="hint" id="comment-hint">${bi({
      ru: 'Обязателен, кроме одобрения. Комментарий отправляется заявителю вместе с решением (при возврате — что исправить).',
      en: 'Required except to approve. The comment is sent to the applicant with the decision (for a return: what to correct).',
    })}</p>
${fieldErrors(decisionForm, 'comment')}
<textarea id="comment" name="comment" maxlength="${LIMITS.commentLength}"${describedBy(decisionForm, 'comment', 'comment-hint')}>${values.comment ?? ''}</textarea>
<p class="hint">${bi(both('На следующем шаге вы проверите решение перед отправкой.', 'You check the decision on the next step before it is sent.'))}</p>
${continueButton()}
</form>
${delegationForm(view, form, delegating)}`,
    { errors: errorSummaryItems(form, delegating ? { comment: 'delegation-comment' } : {}) },
  );
}

/** "Check your decision": the decision and comment that will be sent, and what follows. */
export function signoffCheckPage(view: SignoffPageView, form: FormState): string {
  const values = form.values ?? {};
  const decision = decisionsFor(view).find((option) => option.value === values.decision);
  const subject = subjectOf(view.summary);
  return pageDocument(
    { ru: `Проверьте решение: ${subject.ru}`, en: `Check your decision: ${subject.en}` },
    html`${officialLine(view)}
<p>${bi(both(`Заявка ${view.summary.applicationId}. Решение ещё не отправлено.`, `Application ${view.summary.applicationId}. The decision is not sent yet.`))}</p>
${checkList([
  [both('Решение', 'Decision'), decision ? bi(decision.label) : (values.decision ?? '')],
  [both('Комментарий', 'Comment'), commentValue(values.comment)],
])}
${nextSteps(decision?.next ?? [])}
${confirmationForm(form, decision?.confirm ?? both('Подтвердить', 'Confirm'), decision?.tone ?? '')}`,
  );
}
