import { html, type SafeHtml } from '#shared/html';
import { APPLICATION_TYPE_LABELS, type Bilingual } from '#shared/labels';
import { adminPage, both, type ConsoleFormError } from '#shared/pages/admin/layout';
import { duration, STATUS_LABELS, STUCK_LABELS, TASK_LABELS, when } from '#shared/pages/admin/words';
import { bi, type ErrorSummaryItem } from '#shared/pages/layout';
import { REASON_LENGTH } from '#shared/schemas/admin';
import type { OperatorApplicationView } from '#shared/use-cases/operator-applications';

/**
 * `/admin/applications/{id}`: one application as operators need it (its
 * history with the actors named, open tasks, deadlines, the workflow's state)
 * and the actions that fit its state, each a form posting with the CSRF token.
 * The forms are `novalidate`, like the directory pages': the server checks them
 * and a refusal comes back in both languages, each problem linked to its field
 * (the browser's own messages would speak one language).
 */

export type ConsoleAction = 'redrive' | 'reassign' | 'cancel';

/** A refused action: its form's fields (the hidden `task` and `from` say which form) and the problems. */
export interface ActionRefusal {
  action: ConsoleAction;
  values: Readonly<Record<string, string>>;
  errors: readonly ConsoleFormError[];
}

/** The ids of an action's form and of its fields' elements (null: no form on the page posts these). */
function formIdsOf(
  action: ConsoleAction,
  values: Readonly<Record<string, string | undefined>>,
): { form: string; fields: Readonly<Record<string, string>> } | null {
  if (action === 'redrive') return { form: 'redrive-form', fields: {} };
  if (action === 'cancel')
    return { form: 'cancel-form', fields: { reason: 'reason-cancel', confirm: 'confirm-cancel' } };
  if (values.task === 'SIGNOFF')
    return { form: 'reassign-signoff', fields: { to: 'to-signoff', reason: 'reason-signoff' } };
  if (values.task !== 'REVIEW' || !values.from) return null;
  const id = `review-${values.from}`;
  return { form: `reassign-${id}`, fields: { to: `to-${id}`, reason: `reason-${id}` } };
}

/** One form's part of a refusal: its problems by field, and what was entered (to fill it in again). */
interface FormProblems {
  errorOf(field: string): ConsoleFormError | undefined;
  value(field: string): string;
}

function problemsOf(state: ApplicationPageState, form: string): FormProblems {
  const refusal = state.error;
  const mine = refusal && formIdsOf(refusal.action, refusal.values)?.form === form ? refusal : undefined;
  return {
    errorOf: (field) => mine?.errors.find((error) => error.field === field),
    value: (field) => mine?.values[field] ?? '',
  };
}

/** A field's error under its label, and the attributes that tie the field to it. */
function fieldProblem(problems: FormProblems, field: string, id: string) {
  const error = problems.errorOf(field);
  return {
    message: error ? html`<p class="error" id="${id}-error">${bi(error.message)}</p>` : html``,
    aria: error ? html` aria-invalid="true" aria-describedby="${id}-error"` : html``,
  };
}

export interface ApplicationPageState {
  csrfToken: string;
  /** The action just done (after its redirect). */
  done?: ConsoleAction | undefined;
  /** An action refused: which, what its form said, and why. */
  error?: ActionRefusal | undefined;
  candidates: {
    experts: ReadonlyArray<{ expertId: string; name: string }>;
    officials: ReadonlyArray<{ officialId: string; name: string; role: string }>;
  };
}

const DONE: Readonly<Record<ConsoleAction, Bilingual>> = {
  redrive: both(
    'Заявка перезапущена: процесс продолжается с записанного этапа.',
    'Redriven: the workflow goes on from the recorded stage.',
  ),
  reassign: both(
    'Задача переназначена: новая ссылка отправлена, старая больше не действует.',
    'Reassigned: a new link was sent; the old one no longer works.',
  ),
  cancel: both(
    'Заявка закрыта оператором (WITHDRAWN).',
    'The application was cancelled by the operator (WITHDRAWN).',
  ),
};

/** A required select's first option is a placeholder without a value (the HTML rule for required selects). */
const CHOOSE = html`<option value="">— выберите / choose —</option>`;

const row = (label: Bilingual, value: SafeHtml | string) => html`<dt>${bi(label)}</dt><dd>${value}</dd>`;
const csrf = (state: ApplicationPageState) =>
  html`<input type="hidden" name="csrfToken" value="${state.csrfToken}">`;

function summary(view: OperatorApplicationView): SafeHtml {
  return html`<dl>
${row(both('Тип', 'Type'), bi(APPLICATION_TYPE_LABELS[view.type]))}
${row(both('Статус', 'Status'), html`${bi(STATUS_LABELS[view.status])} (${view.status})`)}
${row(both('Этап', 'Stage'), view.stage ?? '—')}
${row(both('Заявитель (ИНН)', 'Applicant (INN)'), view.applicantInn)}
${row(both('Кластер', 'Cluster'), view.cluster?.name ?? view.clusterName ?? view.clusterId ?? '—')}
${row(both('Подана', 'Submitted'), bi(when(view.createdAt)))}
${row(both('Изменена', 'Last change'), bi(when(view.updatedAt)))}
${row(both('Возраст', 'Age'), bi(duration(view.age)))}
${row(both('Процесс', 'Workflow'), view.workflow ? `${view.workflow.execution}: ${view.workflow.state}` : '—')}
${view.stuck.length > 0 ? row(both('Застряла', 'Stuck'), html`${view.stuck.map((reason) => html`${bi(STUCK_LABELS[reason])}. `)}`) : ''}
${view.failureCause ? row(both('Причина сбоя', 'Failure cause'), view.failureCause) : ''}
</dl>`;
}

function tasks(view: OperatorApplicationView): SafeHtml {
  const open = view.openTasks.map(
    (task) =>
      html`<tr><td>${bi(TASK_LABELS[task.kind])}</td><td>${task.holder ?? (task.pending !== undefined ? `${task.pending} / ${view.consent?.asked ?? '?'}` : '—')}</td><td>${bi(when(task.deadline))}</td></tr>`,
  );
  const reviews = view.reviewTasks.map(
    (task) =>
      html`<tr><td>${task.name ?? ''} (${task.expertId})</td><td>${task.status}${task.recommendation ? ` ${task.recommendation}` : ''}</td><td>${bi(when(task.deadline))}</td></tr>`,
  );
  return html`<h2>${bi(both('Открытые задачи и сроки', 'Open tasks and deadlines'))}</h2>
${open.length > 0 ? html`<table><thead><tr><th scope="col">${bi(both('Задача', 'Task'))}</th><th scope="col">${bi(both('У кого', 'Holder'))}</th><th scope="col">${bi(both('Срок', 'Deadline'))}</th></tr></thead><tbody>${open}</tbody></table>` : html`<p>${bi(both('Открытых задач нет.', 'No open tasks.'))}</p>`}
${reviews.length > 0 ? html`<h3>${bi(both('Эксперты', 'Experts'))}</h3><table><thead><tr><th scope="col">${bi(both('Эксперт', 'Expert'))}</th><th scope="col">${bi(both('Статус', 'Status'))}</th><th scope="col">${bi(both('Срок', 'Deadline'))}</th></tr></thead><tbody>${reviews}</tbody></table>` : ''}
${view.signoffTask ? html`<h3>${bi(both('Решение департамента', 'Sign-off'))}</h3><p>${view.signoffTask.name ?? ''} (${view.signoffTask.officialId}): ${view.signoffTask.status}, ${bi({ ru: `срок ${when(view.signoffTask.deadline).ru}`, en: `due ${when(view.signoffTask.deadline).en}` })}</p>` : ''}`;
}

function reasonField(id: string, required: boolean, problems: FormProblems): SafeHtml {
  const problem = fieldProblem(problems, 'reason', id);
  return html`<label for="${id}">${bi(required ? both('Причина (обязательно)', 'Reason (required)') : both('Причина (необязательно)', 'Reason (optional)'))}</label>
${problem.message}<textarea id="${id}" name="reason" maxlength="${String(REASON_LENGTH)}"${required ? html` required` : ''}${problem.aria}>${problems.value('reason')}</textarea>`;
}

function chooseField(
  ids: { fields: Readonly<Record<string, string>> },
  label: Bilingual,
  options: ReadonlyArray<{ value: string; text: string }>,
  problems: FormProblems,
): SafeHtml {
  const id = ids.fields.to ?? 'to';
  const problem = fieldProblem(problems, 'to', id);
  const chosen = problems.value('to');
  return html`<label for="${id}">${bi(label)}</label>
${problem.message}<select id="${id}" name="to" required${problem.aria}>${CHOOSE}${options.map((option) => html`<option value="${option.value}"${option.value === chosen ? html` selected` : ''}>${option.text}</option>`)}</select>`;
}

/** The forms of the actions that fit the application's state; `rendered` collects their ids. */
function actions(
  view: OperatorApplicationView,
  state: ApplicationPageState,
  rendered: Set<string>,
): SafeHtml {
  const base = `/admin/applications/${view.applicationId}`;
  const forms: SafeHtml[] = [];
  const formOf = (action: ConsoleAction, values: Record<string, string | undefined> = {}) => {
    const ids = formIdsOf(action, values) ?? { form: action, fields: {} };
    rendered.add(ids.form);
    for (const id of Object.values(ids.fields)) rendered.add(id);
    return { ids, problems: problemsOf(state, ids.form) };
  };
  if (view.status === 'FAILED') {
    const { ids } = formOf('redrive');
    forms.push(html`<form id="${ids.form}" method="post" action="${base}/redrive">${csrf(state)}
<p>${bi({ ru: `Процесс будет запущен заново с этапа ${view.failedStage ?? view.stage ?? ''}.`, en: `The workflow runs again from the ${view.failedStage ?? view.stage ?? ''} stage.` })}</p>
<button type="submit" class="approve">${bi(both('Перезапустить', 'Redrive'))}</button></form>`);
  }
  const experts = state.candidates.experts.map((expert) => ({
    value: expert.expertId,
    text: `${expert.name} (${expert.expertId})`,
  }));
  for (const task of view.openTasks.filter((open) => open.kind === 'REVIEW' && view.status === 'IN_REVIEW')) {
    const { ids, problems } = formOf('reassign', { task: 'REVIEW', from: task.holder ?? '' });
    forms.push(html`<form id="${ids.form}" method="post" action="${base}/reassign" novalidate>${csrf(state)}
<fieldset><legend>${bi({ ru: `Передать экспертизу ${task.holder} другому эксперту`, en: `Reassign the review of ${task.holder}` })}</legend>
<input type="hidden" name="task" value="REVIEW"><input type="hidden" name="from" value="${task.holder}">
${chooseField(ids, both('Новый эксперт (полный срок экспертизы)', 'New expert (a full review period)'), experts, problems)}
${reasonField(ids.fields.reason ?? '', false, problems)}
<button type="submit">${bi(both('Переназначить', 'Reassign'))}</button></fieldset></form>`);
  }
  if (view.status === 'AWAITING_SIGNOFF' && view.openTasks.some((open) => open.kind === 'SIGNOFF')) {
    const { ids, problems } = formOf('reassign', { task: 'SIGNOFF' });
    const officials = state.candidates.officials.map((official) => ({
      value: official.officialId,
      text: `${official.name} (${official.officialId}, ${official.role})`,
    }));
    forms.push(html`<form id="${ids.form}" method="post" action="${base}/reassign" novalidate>${csrf(state)}
<fieldset><legend>${bi(both('Передать решение другому сотруднику', 'Reassign the sign-off'))}</legend>
<input type="hidden" name="task" value="SIGNOFF">
${chooseField(ids, both('Новый сотрудник (оставшийся срок)', 'New official (the deadline that remains)'), officials, problems)}
${reasonField(ids.fields.reason ?? '', false, problems)}
<button type="submit">${bi(both('Переназначить', 'Reassign'))}</button></fieldset></form>`);
  }
  if (view.workflow) {
    const { ids, problems } = formOf('cancel');
    const confirm = fieldProblem(problems, 'confirm', ids.fields.confirm ?? '');
    forms.push(html`<form id="${ids.form}" method="post" action="${base}/cancel" novalidate>${csrf(state)}
<fieldset><legend>${bi(both('Закрыть заявку', 'Cancel the application'))}</legend>
${reasonField(ids.fields.reason ?? '', true, problems)}
${confirm.message}<p class="choice"><input id="${ids.fields.confirm}" name="confirm" type="checkbox" value="yes" required${confirm.aria}><label for="${ids.fields.confirm}">${bi(both('Подтверждаю: заявка будет закрыта окончательно, заявитель получит письмо с причиной', 'I confirm: the application closes for good and the applicant is emailed the reason'))}</label></p>
<button type="submit" class="reject">${bi(both('Закрыть заявку', 'Cancel the application'))}</button></fieldset></form>`);
  }
  if (forms.length === 0) return html``;
  return html`<h2>${bi(both('Действия', 'Actions'))}</h2>${forms}`;
}

/**
 * The refusal's summary items: each problem linked to its field, or to its form when it concerns the
 * whole form; to the actions when the page no longer shows that form (the application moved on).
 */
function summaryItems(refusal: ActionRefusal | undefined, rendered: ReadonlySet<string>): ErrorSummaryItem[] {
  if (!refusal) return [];
  const ids = formIdsOf(refusal.action, refusal.values);
  return refusal.errors.map((error) => {
    const target = error.field ? (ids?.fields[error.field] ?? ids?.form) : ids?.form;
    return { field: target && rendered.has(target) ? target : 'actions', message: error.message };
  });
}

/** `key: value` pairs, one per line: readable, and it wraps at 320 px. */
function detailText(detail: Record<string, unknown>): SafeHtml {
  return html`${Object.entries(detail).map(
    ([key, value]) => html`${key}: ${typeof value === 'string' ? value : JSON.stringify(value)}<br>`,
  )}`;
}

function history(view: OperatorApplicationView): SafeHtml {
  return html`<h2>${bi(both('История', 'History'))}</h2>
<table><thead><tr><th scope="col">${bi(both('Когда', 'When'))}</th><th scope="col">${bi(both('Что', 'What'))}</th><th scope="col">${bi(both('Кто', 'Who'))}</th><th scope="col">${bi(both('Подробности', 'Detail'))}</th></tr></thead>
<tbody>${view.history.map(
    (event) =>
      html`<tr><td>${bi(when(event.at))}</td><td>${event.action}${event.status ? html`<br>→ ${event.status}` : ''}</td><td>${event.actorName ? html`${event.actorName}<br>` : ''}<span class="hint">${event.actor}</span></td><td>${event.detail ? detailText(event.detail) : ''}</td></tr>`,
  )}</tbody></table>`;
}

export function applicationPage(
  operatorId: string,
  view: OperatorApplicationView,
  state: ApplicationPageState,
): string {
  const title = view.cluster?.name ?? view.clusterName ?? view.clusterId ?? '';
  const rendered = new Set<string>();
  const actionForms = actions(view, state, rendered);
  return adminPage(
    { ru: `Заявка ${view.applicationId}: ${title}`, en: `Application ${view.applicationId}: ${title}` },
    { operatorId, current: 'applications' },
    html`${state.done ? html`<p class="notice" role="status">${bi(DONE[state.done])}</p>` : ''}
${summary(view)}
${tasks(view)}
<div id="actions">${actionForms}</div>
${history(view)}`,
    summaryItems(state.error, rendered),
  );
}
