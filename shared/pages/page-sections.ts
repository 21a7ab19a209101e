import type { Eligibility } from '#shared/domain/eligibility';
import { describeReason } from '#shared/domain/eligibility-wording';
import type { ReviewTally } from '#shared/domain/tally';
import type { ErrorDetail } from '#shared/errors';
import { html, multiline, type SafeHtml } from '#shared/html';
import {
  APPLICATION_TYPE_LABELS,
  type Bilingual,
  formatDate,
  RECOMMENDATION_LABELS,
  SCORE_FIELDS,
  SCORE_LABELS,
  sectorList,
} from '#shared/labels';
import type { ApplicationSummary, ExpertConclusion } from '#shared/notifications/emails';
import { bi } from '#shared/pages/layout';

/** Pieces the review and sign-off pages share. */

export interface FormState {
  csrfToken: string;
  /** Problems of a rejected submission, by field path. */
  errors?: readonly ErrorDetail[];
  /** What was submitted, to fill the form in again. */
  values?: Readonly<Record<string, string>>;
}

const both = (ru: string, en: string): Bilingual => ({ ru, en });

const row = (label: Bilingual, value: SafeHtml | string) => html`<dt>${bi(label)}</dt><dd>${value}</dd>`;

export function applicationDetails(summary: ApplicationSummary, deadline: string): SafeHtml {
  const type = APPLICATION_TYPE_LABELS[summary.type];
  return html`<h2>${bi(both('Заявка', 'Application'))}</h2>
<dl>
${row(both('Номер заявки', 'Application id'), summary.applicationId)}
${row(both('Тип', 'Type'), bi(type))}
${row(both('Кластер', 'Cluster'), summary.clusterName)}
${row(both('Отрасли', 'Sectors'), bi({ ru: sectorList(summary.sectors, 'ru'), en: sectorList(summary.sectors, 'en') }))}
${row(both('Заявитель', 'Applicant'), `${summary.applicant.name} (ИНН / INN ${summary.applicant.inn})`)}
${row(both('Участников', 'Members'), String(summary.memberCount))}
${row(both('Срок', 'Deadline'), bi({ ru: formatDate(deadline, 'ru'), en: formatDate(deadline, 'en') }))}
</dl>
${
  summary.project
    ? html`<h2>${bi(both('Проект', 'Project'))}</h2><h3>${summary.project.title}</h3><p>${multiline(summary.project.summary)}</p>`
    : ''
}
${summary.motivation ? html`<h2>${bi(both('Обоснование', 'Motivation'))}</h2><p>${multiline(summary.motivation)}</p>` : ''}`;
}

export function memberList(members: ReadonlyArray<{ inn: string; name: string }>): SafeHtml {
  if (members.length === 0) return html``;
  return html`<h2>${bi(both('Участники', 'Members'))}</h2>
<details>
<summary>${bi(both(`Показать всех (${members.length})`, `Show all (${members.length})`))}</summary>
<table>
<thead><tr><th scope="col">${bi(both('ИНН', 'INN'))}</th><th scope="col">${bi(both('Организация', 'Organization'))}</th></tr></thead>
<tbody>${members.map((member) => html`<tr><td>${member.inn}</td><td>${member.name}</td></tr>`)}</tbody>
</table>
</details>`;
}

export function eligibilityResult(eligibility: Eligibility | null): SafeHtml {
  const verdict = !eligibility
    ? both('Проверка не проводилась', 'Not checked')
    : eligibility.eligible
      ? both('Заявка соответствует условиям программы', 'The application meets the programme rules')
      : both(
          'Заявка не соответствует условиям программы',
          'The application does not meet the programme rules',
        );
  const reasons = eligibility?.reasons ?? [];
  return html`<h2>${bi(both('Проверка условий', 'Eligibility'))}</h2>
<p>${bi(verdict)}</p>
${
  reasons.length > 0
    ? html`<ul>${reasons.map((reason) => html`<li>${bi({ ru: describeReason(reason, 'ru'), en: describeReason(reason, 'en') })}</li>`)}</ul>`
    : ''
}`;
}

export function conclusions(reviews: readonly ExpertConclusion[], tally: ReviewTally | null): SafeHtml {
  return html`<h2>${bi(both('Заключения экспертов', 'Expert conclusions'))}</h2>
${reviews.length === 0 ? html`<p>${bi(both('Заключений нет', 'No conclusions'))}</p>` : ''}
${reviews.map(
  (review, index) => html`<section class="review" aria-labelledby="review-${index}">
<h3 id="review-${index}">${review.expertName}</h3>
<dl>
${row(both('Рекомендация', 'Recommendation'), bi(RECOMMENDATION_LABELS[review.recommendation]))}
${SCORE_FIELDS.map((field) => row(SCORE_LABELS[field], String(review.scores[field])))}
</dl>
${review.comment ? html`<blockquote>${multiline(review.comment)}</blockquote>` : ''}
</section>`,
)}
${
  tally
    ? html`<h2>${bi(both('Итог экспертизы', 'Review tally'))}</h2>
<dl>
${row(both('Назначено экспертов', 'Experts assigned'), String(tally.assigned))}
${row(both('Получено заключений', 'Reviews received'), String(tally.received))}
${row(both('Кворум', 'Quorum'), `${tally.quorum} (${tally.quorumMet ? 'достигнут / met' : 'не достигнут / not met'})`)}
${row(both('За одобрение', 'Recommend approval'), String(tally.recommendations.APPROVE))}
${row(both('За отклонение', 'Recommend rejection'), String(tally.recommendations.REJECT))}
${tally.averageScores ? SCORE_FIELDS.map((field) => row({ ru: `${SCORE_LABELS[field].ru}, среднее`, en: `${SCORE_LABELS[field].en}, average` }, String(tally.averageScores?.[field]))) : ''}
</dl>`
    : ''
}`;
}

/** Field messages people can act on; anything else shows the validator's own words. */
const FIELD_MESSAGES: Readonly<Record<string, Bilingual>> = {
  recommendation: both('Выберите рекомендацию.', 'Choose a recommendation.'),
  decision: both('Выберите решение.', 'Choose a decision.'),
  answer: both('Выберите ответ: подтвердить или отклонить участие.', 'Choose an answer: confirm or decline.'),
  innovation: both('Укажите целое число от 1 до 10.', 'Enter a whole number from 1 to 10.'),
  feasibility: both('Укажите целое число от 1 до 10.', 'Enter a whole number from 1 to 10.'),
  cooperation: both('Укажите целое число от 1 до 10.', 'Enter a whole number from 1 to 10.'),
};
const COMMENT_REQUIRED = both('Комментарий обязателен.', 'A comment is required.');

export function fieldErrors(form: FormState, field: string): SafeHtml {
  const messages = (form.errors ?? []).filter((error) => error.path === field);
  if (messages.length === 0) return html``;
  const text = (message: string) =>
    FIELD_MESSAGES[field] ??
    (field === 'comment' && /required/.test(message) ? COMMENT_REQUIRED : { ru: message, en: message });
  const first = messages[0]?.message ?? '';
  return html`<p class="error" id="${field}-error">${bi(text(first))}</p>`;
}

/** `aria-invalid` and the error's id for a field that has one. */
export function describedBy(form: FormState, field: string, hintId?: string): SafeHtml {
  const invalid = (form.errors ?? []).some((error) => error.path === field);
  const ids = [hintId, invalid ? `${field}-error` : undefined].filter(Boolean).join(' ');
  return html`${invalid ? html` aria-invalid="true"` : ''}${ids ? html` aria-describedby="${ids}"` : ''}`;
}

export function errorSummary(form: FormState): SafeHtml {
  if (!form.errors || form.errors.length === 0) return html``;
  return html`<div class="errors" role="alert"><p>${bi(both('Ответ не отправлен: исправьте отмеченные поля.', 'Not submitted: please correct the marked fields.'))}</p>
<ul>${form.errors.map((error) => html`<li>${error.path}: ${error.message}</li>`)}</ul></div>`;
}

export function csrfField(form: FormState): SafeHtml {
  return html`<input type="hidden" name="csrfToken" value="${form.csrfToken}">`;
}
