import type { Eligibility } from '#shared/domain/eligibility';
import { describeReason } from '#shared/domain/eligibility-wording';
import type { ReviewTally } from '#shared/domain/tally';
import type { ErrorDetail } from '#shared/errors';
import { html, multiline, type SafeHtml } from '#shared/html';
import {
  APPLICATION_TYPE_LABELS,
  type Bilingual,
  expertHeading,
  formatDate,
  formatNumber,
  RECOMMENDATION_LABELS,
  SCORE_FIELDS,
  SCORE_HINTS,
  SCORE_LABELS,
  SCORE_SCALE,
  sectorList,
} from '#shared/labels';
import { type ApplicationSummary, type ExpertConclusion, invitedByText } from '#shared/notifications/emails';
import { bi, type ErrorSummaryItem } from '#shared/pages/layout';

/** Pieces the review, sign-off, consent and invitation pages share. */

export interface FormState {
  csrfToken: string;
  /** Problems of a rejected submission, by field path. */
  errors?: readonly ErrorDetail[];
  /** What was submitted, to fill the form in again (or, on the check page, to post again). */
  values?: Readonly<Record<string, string>>;
}

const both = (ru: string, en: string): Bilingual => ({ ru, en });

const row = (label: Bilingual, value: SafeHtml | string) => html`<dt>${bi(label)}</dt><dd>${value}</dd>`;

/** «Кластер «Зеленоград», заявитель ООО «Ромашка»»: what a page decides on, for its heading. */
export function subjectOf(summary: ApplicationSummary): Bilingual {
  return summary.type === 'CREATE_CLUSTER'
    ? both(
        `создание кластера «${summary.clusterName}», заявитель ${summary.applicant.name}`,
        `creating the cluster "${summary.clusterName}", applicant ${summary.applicant.name}`,
      )
    : both(
        `вступление ${summary.applicant.name} в кластер «${summary.clusterName}»`,
        `${summary.applicant.name} joining the cluster "${summary.clusterName}"`,
      );
}

/** What the member count means: a create application's proposed members, or a join's cluster now. */
function memberCountRow(summary: ApplicationSummary): SafeHtml {
  const count = formatNumber(summary.memberCount, 'ru');
  return summary.type === 'CREATE_CLUSTER'
    ? row(both('Организаций-участников в заявке', 'Member organizations proposed'), count)
    : row(both('Участников в кластере сейчас', 'Current members of the cluster'), count);
}

export function deadlineText(deadline: string): SafeHtml {
  return bi({ ru: formatDate(deadline, 'ru'), en: formatDate(deadline, 'en') });
}

export function applicationDetails(summary: ApplicationSummary, deadline: string): SafeHtml {
  const type = APPLICATION_TYPE_LABELS[summary.type];
  const join = summary.type === 'JOIN_CLUSTER';
  const applicantSectors = summary.applicant.sectors;
  return html`<h2>${bi(both('Заявка', 'Application'))}</h2>
<dl>
${row(both('Номер заявки', 'Application id'), summary.applicationId)}
${row(both('Тип', 'Type'), bi(type))}
${row(both('Кластер', 'Cluster'), summary.clusterName)}
${row(join ? both('Отрасли кластера', 'Sectors of the cluster') : both('Отрасли', 'Sectors'), bi({ ru: sectorList(summary.sectors, 'ru'), en: sectorList(summary.sectors, 'en') }))}
${memberCountRow(summary)}
${summary.invitedBy ? row(both('Приглашение', 'Invitation'), bi({ ru: invitedByText(summary.invitedBy, 'ru'), en: invitedByText(summary.invitedBy, 'en') })) : ''}
${row(both('Срок', 'Deadline'), deadlineText(deadline))}
</dl>
<h2>${bi(both('Заявитель', 'Applicant'))}</h2>
<dl>
${row(both('Организация', 'Organization'), summary.applicant.name)}
${row(both('ИНН', 'INN'), summary.applicant.inn)}
${applicantSectors && applicantSectors.length > 0 ? row(both('Отрасли заявителя', 'The applicant’s sectors'), bi({ ru: sectorList(applicantSectors, 'ru'), en: sectorList(applicantSectors, 'en') })) : ''}
</dl>
${summary.motivation ? html`<h3>${bi(both('Обоснование заявителя', 'The applicant’s motivation'))}</h3><p>${multiline(summary.motivation)}</p>` : ''}
${
  summary.project
    ? html`<h2>${bi(join ? both('Проект кластера', 'The cluster’s project') : both('Совместный проект', 'Joint project'))}</h2><h3>${summary.project.title}</h3><p>${multiline(summary.project.summary)}</p>`
    : ''
}`;
}

export function memberList(members: ReadonlyArray<{ inn: string; name: string }>): SafeHtml {
  if (members.length === 0) return html``;
  const count = formatNumber(members.length, 'ru');
  return html`<h2>${bi(both(`Предлагаемые участники (${count})`, `Proposed members (${count})`))}</h2>
<details>
<summary>${bi(both(`Показать список из ${count} организаций`, `Show the ${count} organizations`))}</summary>
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
      ? both(
          'Заявка соответствует условиям программы (автоматическая проверка по реестру участников).',
          'The application meets the programme rules (checked automatically against the participant registry).',
        )
      : both(
          'Заявка не соответствует условиям программы',
          'The application does not meet the programme rules',
        );
  const reasons = eligibility?.reasons ?? [];
  return html`<h2>${bi(both('Проверка условий программы', 'Eligibility check'))}</h2>
<p>${bi(verdict)}</p>
${
  reasons.length > 0
    ? html`<ul>${reasons.map((reason) => html`<li>${bi({ ru: describeReason(reason, 'ru'), en: describeReason(reason, 'en') })}</li>`)}</ul>`
    : ''
}`;
}

/** What the three scores measure and how the scale reads: shown to experts and officials. */
export function scoreGuide(): SafeHtml {
  return html`<details>
<summary>${bi(both('Что означают оценки', 'What the scores mean'))}</summary>
<p>${bi(SCORE_SCALE)}</p>
<dl>${SCORE_FIELDS.map((field) => row(SCORE_LABELS[field], bi(SCORE_HINTS[field])))}</dl>
</details>`;
}

export function conclusions(reviews: readonly ExpertConclusion[], tally: ReviewTally | null): SafeHtml {
  return html`<h2>${bi(both('Заключения экспертов', 'Expert conclusions'))}</h2>
${scoreGuide()}
${reviews.length === 0 ? html`<p>${bi(both('Заключений нет', 'No conclusions'))}</p>` : ''}
${reviews.map(
  (review, index) => html`<section class="review" aria-labelledby="review-${index}">
<h3 id="review-${index}">${bi({ ru: expertHeading(review.expertName, review.institution, 'ru'), en: expertHeading(review.expertName, review.institution, 'en') })}</h3>
<dl>
${row(both('Рекомендация', 'Recommendation'), bi(RECOMMENDATION_LABELS[review.recommendation]))}
${SCORE_FIELDS.map((field) => row(SCORE_LABELS[field], `${formatNumber(review.scores[field], 'ru')} / 10`))}
</dl>
${review.comment ? html`<blockquote>${multiline(review.comment)}</blockquote>` : ''}
</section>`,
)}
${
  tally
    ? html`<h2>${bi(both('Итог экспертизы', 'Review tally'))}</h2>
<dl>
${row(both('Назначено экспертов', 'Experts assigned'), formatNumber(tally.assigned, 'ru'))}
${row(both('Получено заключений', 'Reviews received'), formatNumber(tally.received, 'ru'))}
${row(both('Кворум', 'Quorum'), html`${formatNumber(tally.quorum, 'ru')} (${bi(tally.quorumMet ? both('достигнут', 'met') : both('не достигнут', 'not met'))})`)}
${row(both('За одобрение', 'Recommend approval'), formatNumber(tally.recommendations.APPROVE, 'ru'))}
${row(both('За отклонение', 'Recommend rejection'), formatNumber(tally.recommendations.REJECT, 'ru'))}
${tally.averageScores ? SCORE_FIELDS.map((field) => row({ ru: `${SCORE_LABELS[field].ru}, средняя`, en: `${SCORE_LABELS[field].en}, average` }, `${formatNumber(tally.averageScores?.[field] ?? 0, 'ru')} / 10`)) : ''}
</dl>`
    : ''
}`;
}

// ---------------------------------------------------------------------------------------------
// Errors: the validators speak English in the API; people read them in both languages.

const FIELD_NAMES: Readonly<Record<string, Bilingual>> = {
  recommendation: both('Рекомендация', 'Recommendation'),
  decision: both('Решение', 'Decision'),
  answer: both('Ответ', 'Answer'),
  comment: both('Комментарий', 'Comment'),
  delegateTo: both('Кому передать', 'Delegate to'),
  contactEmail: both('Контактный email', 'Contact email'),
  motivation: both('Обоснование', 'Motivation'),
  ...SCORE_LABELS,
};

const CHOOSE: Readonly<Record<string, Bilingual>> = {
  recommendation: both('Выберите рекомендацию.', 'Choose a recommendation.'),
  decision: both('Выберите решение.', 'Choose a decision.'),
  answer: both('Выберите ответ.', 'Choose an answer.'),
  delegateTo: both('Выберите коллегу из списка.', 'Choose a colleague from the list.'),
};

/** Rules with their own words, matched on the validator's message for the field. */
const RULE_MESSAGES: ReadonlyArray<{ field: string; pattern: RegExp; message: Bilingual }> = [
  {
    field: 'comment',
    pattern: /reason is required to decline/,
    message: both(
      'Укажите причину отказа от экспертизы: конфликт интересов или недоступность.',
      'Give the reason for declining the review: a conflict of interest or unavailability.',
    ),
  },
  {
    field: 'comment',
    pattern: /required to recommend rejection/,
    message: both(
      'Напишите комментарий: он обязателен, если вы рекомендуете отклонить заявку.',
      'Write a comment: it is required to recommend rejection.',
    ),
  },
  {
    field: 'comment',
    pattern: /required to reject/,
    message: both(
      'Напишите комментарий: он обязателен, чтобы отклонить заявку, и будет отправлен заявителю.',
      'Write a comment: it is required to reject, and it is sent to the applicant.',
    ),
  },
  {
    field: 'comment',
    pattern: /required to return/,
    message: both(
      'Напишите, что нужно исправить: комментарий обязателен, чтобы вернуть заявку на доработку.',
      'Write what needs correcting: a comment is required to return the application for amendment.',
    ),
  },
  {
    field: 'comment',
    pattern: /required to delegate/,
    message: both(
      'Напишите комментарий для коллеги: он обязателен при передаче решения.',
      'Write a comment for your colleague: it is required to delegate.',
    ),
  },
  {
    field: 'contactEmail',
    pattern: /required/,
    message: both(
      'Укажите контактный email: он нужен, чтобы принять приглашение.',
      'Enter a contact email: it is needed to accept the invitation.',
    ),
  },
  {
    field: 'motivation',
    pattern: /required/,
    message: both(
      'Напишите обоснование: оно нужно, чтобы принять приглашение.',
      'Write the motivation: it is needed to accept the invitation.',
    ),
  },
];

/** One validator message about one field, in both languages. */
export function fieldMessage(field: string, message: string): Bilingual {
  const rule = RULE_MESSAGES.find(
    (candidate) => candidate.field === field && candidate.pattern.test(message),
  );
  if (rule) return rule.message;
  const choice = CHOOSE[field];
  if (choice) return choice;
  const score = (SCORE_FIELDS as readonly string[]).includes(field)
    ? SCORE_LABELS[field as (typeof SCORE_FIELDS)[number]]
    : undefined;
  if (score) {
    return /required/.test(message)
      ? both(
          `Поставьте оценку «${score.ru}» от 1 до 10: она нужна для рекомендации.`,
          `Give the "${score.en}" score from 1 to 10: it is needed to recommend.`,
        )
      : both(
          `Оценка «${score.ru}» — целое число от 1 до 10.`,
          `The "${score.en}" score is a whole number from 1 to 10.`,
        );
  }
  const name = FIELD_NAMES[field] ?? both(field, field);
  const limit = /<=\s*(\d+)/.exec(message)?.[1] ?? /at most (\d+)/.exec(message)?.[1];
  if (limit && /too big|too long|at most/i.test(message)) {
    return both(
      `Поле «${name.ru}» слишком длинное: не более ${formatNumber(Number(limit), 'ru')} символов.`,
      `"${name.en}" is too long: at most ${limit} characters.`,
    );
  }
  if (field === 'contactEmail' && /email/i.test(message)) {
    return both(
      'Укажите адрес электронной почты в виде name@example.ru.',
      'Enter an email address like name@example.com.',
    );
  }
  if (/unknown field/.test(message)) {
    return both(`Лишнее поле «${field}» в форме.`, `The form has an unknown field "${field}".`);
  }
  return both(`Проверьте поле «${name.ru}»: ${message}.`, `Check "${name.en}": ${message}.`);
}

const fieldMessages = (form: FormState, field: string) =>
  (form.errors ?? []).filter((error) => error.path === field);

export function fieldErrors(form: FormState, field: string, id = field): SafeHtml {
  const [first] = fieldMessages(form, field);
  if (!first) return html``;
  return html`<p class="error" id="${id}-error">${bi(fieldMessage(field, first.message))}</p>`;
}

/** `aria-invalid` and the error's id for a field that has one. */
export function describedBy(form: FormState, field: string, hintId?: string, id = field): SafeHtml {
  const invalid = fieldMessages(form, field).length > 0;
  const ids = [hintId, invalid ? `${id}-error` : undefined].filter(Boolean).join(' ');
  return html`${invalid ? html` aria-invalid="true"` : ''}${ids ? html` aria-describedby="${ids}"` : ''}`;
}

/** The id of the form on a page: problems that belong to no field link to it. */
export const FORM_ID = 'answer-form';

/**
 * The summary's items: each problem once per field, linked to the field's id (`ids` renames a field
 * whose element has another id), in both languages.
 */
export function errorSummaryItems(
  form: FormState,
  ids: Readonly<Record<string, string>> = {},
): ErrorSummaryItem[] {
  const seen = new Set<string>();
  return (form.errors ?? []).flatMap((error) => {
    if (seen.has(error.path)) return [];
    seen.add(error.path);
    const known = error.path in FIELD_NAMES;
    return [
      {
        field: ids[error.path] ?? (known ? error.path : FORM_ID),
        message: fieldMessage(error.path, error.message),
      },
    ];
  });
}

export function csrfField(form: FormState): SafeHtml {
  return html`<input type="hidden" name="csrfToken" value="${form.csrfToken}">`;
}

// ---------------------------------------------------------------------------------------------
// The confirmation step: a form's "Continue" button asks for a check page first.

/** The form field of the step buttons: `check` shows what will be sent, `edit` goes back to the form. */
export const STEP_FIELD = 'step';

/** The button that leads to the check page (the form's fields and this: nothing is sent yet). */
export function continueButton(label: Bilingual = both('Продолжить', 'Continue')): SafeHtml {
  return html`<button type="submit" name="${STEP_FIELD}" value="check">${bi(label)}</button>`;
}

/** A radio group whose first option has the field's own id, so an error summary can link to it. */
export interface Choice {
  value: string;
  label: Bilingual;
  hint?: Bilingual;
}

export function choiceGroup(
  form: FormState,
  field: string,
  legend: Bilingual,
  choices: readonly Choice[],
  required = true,
): SafeHtml {
  const checked = form.values?.[field];
  return html`<fieldset${describedBy(form, field)}>
<legend>${bi(legend)}</legend>
${fieldErrors(form, field)}
${choices.map((choice, index) => {
  const id = index === 0 ? field : `${field}-${choice.value}`;
  return html`<div class="choice"><input type="radio" id="${id}" name="${field}" value="${choice.value}"${required ? html` required` : ''}${checked === choice.value ? html` checked` : ''}${choice.hint ? html` aria-describedby="${id}-hint"` : ''}>
<label for="${id}">${bi(choice.label)}</label></div>
${choice.hint ? html`<p class="hint" id="${id}-hint">${bi(choice.hint)}</p>` : ''}`;
})}
</fieldset>`;
}

/**
 * The check page's form: what was entered, posted again as hidden fields with the CSRF token, and
 * two buttons: "Confirm" (no step: this post acts) and "Change" (back to the filled-in form).
 */
export function confirmationForm(
  form: FormState,
  confirm: Bilingual,
  tone: 'approve' | 'reject' | '',
): SafeHtml {
  const values = Object.entries(form.values ?? {}).filter(
    ([name, value]) => name !== 'csrfToken' && name !== STEP_FIELD && value !== '',
  );
  return html`<form method="post" id="${FORM_ID}">
${csrfField(form)}
${values.map(([name, value]) => html`<input type="hidden" name="${name}" value="${value}">`)}
<button type="submit"${tone ? html` class="${tone}"` : ''}>${bi(confirm)}</button>
<button type="submit" name="${STEP_FIELD}" value="edit" class="secondary">${bi(both('Изменить ответ', 'Change the answer'))}</button>
</form>`;
}

/** The rows of a check page: label and value of each thing that will be sent. */
export function checkList(rows: ReadonlyArray<readonly [Bilingual, SafeHtml | string]>): SafeHtml {
  return html`<dl class="check">${rows.map(([label, value]) => row(label, value))}</dl>`;
}

/** A comment as the check page shows it (or "none"). */
export function commentValue(comment: string | undefined): SafeHtml {
  return comment ? html`<blockquote>${multiline(comment)}</blockquote>` : bi(both('нет', 'none'));
}

/** "What happens next" as a numbered list, for the result and check pages. */
export function nextSteps(steps: readonly Bilingual[]): SafeHtml {
  return html`<h2>${bi(both('Что дальше', 'What happens next'))}</h2>
<ol>${steps.map((step) => html`<li>${bi(step)}</li>`)}</ol>`;
}
