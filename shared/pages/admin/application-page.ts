import type { ErrorDetail } from '#shared/errors';
import { html, type SafeHtml } from '#shared/html';
import { APPLICATION_TYPE_LABELS, type Bilingual } from '#shared/labels';
import { adminPage, both } from '#shared/pages/admin/layout';
import { duration, STATUS_LABELS, STUCK_LABELS, TASK_LABELS, when } from '#shared/pages/admin/words';
import { bi } from '#shared/pages/layout';
import type { OperatorApplicationView } from '#shared/use-cases/operator-applications';

/**
 * `/admin/applications/{id}`: one application as operators need it (its
 * history with the actors named, open tasks, deadlines, the workflow's state)
 * and the actions that fit its state, each a form posting with the CSRF token.
 */

export type ConsoleAction = 'redrive' | 'reassign' | 'cancel';

export interface ApplicationPageState {
  csrfToken: string;
  /** The action just done (after its redirect). */
  done?: ConsoleAction | undefined;
  /** An action refused: what, and why. */
  error?: { action: ConsoleAction; message: string; details: readonly ErrorDetail[] } | undefined;
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

function reasonField(id: string, required: boolean): SafeHtml {
  return html`<label for="${id}">${bi(required ? both('Причина (обязательно)', 'Reason (required)') : both('Причина (необязательно)', 'Reason (optional)'))}</label>
<textarea id="${id}" name="reason" maxlength="500"${required ? html` required` : ''}></textarea>`;
}

function actions(view: OperatorApplicationView, state: ApplicationPageState): SafeHtml {
  const base = `/admin/applications/${view.applicationId}`;
  const forms: SafeHtml[] = [];
  if (view.status === 'FAILED') {
    forms.push(html`<form id="redrive-form" method="post" action="${base}/redrive">${csrf(state)}
<p>${bi({ ru: `Процесс будет запущен заново с этапа ${view.failedStage ?? view.stage ?? ''}.`, en: `The workflow runs again from the ${view.failedStage ?? view.stage ?? ''} stage.` })}</p>
<button type="submit" class="approve">${bi(both('Перезапустить', 'Redrive'))}</button></form>`);
  }
  for (const task of view.openTasks.filter((open) => open.kind === 'REVIEW' && view.status === 'IN_REVIEW')) {
    const id = `review-${task.holder}`;
    forms.push(html`<form id="reassign-${id}" method="post" action="${base}/reassign">${csrf(state)}
<fieldset><legend>${bi({ ru: `Передать экспертизу ${task.holder} другому эксперту`, en: `Reassign the review of ${task.holder}` })}</legend>
<input type="hidden" name="task" value="REVIEW"><input type="hidden" name="from" value="${task.holder}">
<label for="to-${id}">${bi(both('Новый эксперт (полный срок экспертизы)', 'New expert (a full review period)'))}</label>
<select id="to-${id}" name="to" required>${CHOOSE}${state.candidates.experts.map((expert) => html`<option value="${expert.expertId}">${expert.name} (${expert.expertId})</option>`)}</select>
${reasonField(`reason-${id}`, false)}
<button type="submit">${bi(both('Переназначить', 'Reassign'))}</button></fieldset></form>`);
  }
  if (view.status === 'AWAITING_SIGNOFF' && view.openTasks.some((open) => open.kind === 'SIGNOFF')) {
    forms.push(html`<form id="reassign-signoff" method="post" action="${base}/reassign">${csrf(state)}
<fieldset><legend>${bi(both('Передать решение другому сотруднику', 'Reassign the sign-off'))}</legend>
<input type="hidden" name="task" value="SIGNOFF">
<label for="to-signoff">${bi(both('Новый сотрудник (оставшийся срок)', 'New official (the deadline that remains)'))}</label>
<select id="to-signoff" name="to" required>${CHOOSE}${state.candidates.officials.map((official) => html`<option value="${official.officialId}">${official.name} (${official.officialId}, ${official.role})</option>`)}</select>
${reasonField('reason-signoff', false)}
<button type="submit">${bi(both('Переназначить', 'Reassign'))}</button></fieldset></form>`);
  }
  if (view.workflow) {
    forms.push(html`<form id="cancel-form" method="post" action="${base}/cancel">${csrf(state)}
<fieldset><legend>${bi(both('Закрыть заявку', 'Cancel the application'))}</legend>
${reasonField('reason-cancel', true)}
<p class="choice"><input id="confirm-cancel" name="confirm" type="checkbox" value="yes" required><label for="confirm-cancel">${bi(both('Подтверждаю: заявка будет закрыта окончательно, заявитель получит письмо с причиной', 'I confirm: the application closes for good and the applicant is emailed the reason'))}</label></p>
<button type="submit" class="reject">${bi(both('Закрыть заявку', 'Cancel the application'))}</button></fieldset></form>`);
  }
  if (forms.length === 0) return html``;
  return html`<h2>${bi(both('Действия', 'Actions'))}</h2>${forms}`;
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
  return adminPage(
    { ru: `Заявка ${view.applicationId}: ${title}`, en: `Application ${view.applicationId}: ${title}` },
    { operatorId, current: 'applications' },
    html`${state.done ? html`<p class="notice" role="status">${bi(DONE[state.done])}</p>` : ''}
${
  state.error
    ? html`<div class="errors" role="alert"><p>${bi(both('Ошибка: действие не выполнено', 'Error: the action was not done'))}</p>
<ul><li><a href="#${state.error.action === 'reassign' ? 'actions' : `${state.error.action}-form`}">${state.error.message}</a></li>${state.error.details.map((detail) => html`<li>${detail.path}: ${detail.message}</li>`)}</ul></div>`
    : ''
}
${summary(view)}
${tasks(view)}
<div id="actions">${actions(view, state)}</div>
${history(view)}`,
  );
}
