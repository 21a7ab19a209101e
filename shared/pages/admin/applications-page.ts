import { APPLICATION_STATUSES } from '#shared/domain/application';
import { html, type SafeHtml } from '#shared/html';
import { APPLICATION_TYPE_LABELS } from '#shared/labels';
import { adminPage, both, type ConsoleFormError } from '#shared/pages/admin/layout';
import { duration, STATUS_LABELS, STUCK_LABELS, TASK_LABELS, when } from '#shared/pages/admin/words';
import { bi } from '#shared/pages/layout';
import type { OperatorApplicationsQuery } from '#shared/schemas/admin';
import type { OperatorListItem } from '#shared/use-cases/operator-applications';
import type { Page } from '#shared/use-cases/ports';

/** `/admin/applications`: the list with its filters (a GET form: bookmarkable, no CSRF needed). */

/** The filters' fields by name: a refused filter links to its field, anything else to the form. */
const FILTER_IDS: Readonly<Record<string, string>> = {
  status: 'status',
  type: 'type',
  minAgeDays: 'minAgeDays',
  stuck: 'stuck',
};

function fieldError(errors: readonly ConsoleFormError[], field: string) {
  const error = errors.find((candidate) => candidate.field === field);
  return {
    message: error ? html`<p class="error" id="${field}-error">${bi(error.message)}</p>` : html``,
    aria: error ? html` aria-invalid="true" aria-describedby="${field}-error"` : html``,
  };
}

function filters(
  query: OperatorApplicationsQuery,
  errors: readonly ConsoleFormError[],
  values: Readonly<Record<string, string>>,
): SafeHtml {
  const minAge = fieldError(errors, 'minAgeDays');
  const option = (value: string, label: SafeHtml | string, selected: boolean) =>
    html`<option value="${value}"${selected ? html` selected` : ''}>${label}</option>`;
  return html`<form id="filters" method="get" action="/admin/applications">
<fieldset><legend>${bi(both('Отбор', 'Filters'))}</legend>
<label for="status">${bi(both('Статус', 'Status'))}</label>
<select id="status" name="status">
${option('', `Открытые / Open`, !query.status)}
${APPLICATION_STATUSES.map((status) => option(status, `${STATUS_LABELS[status].ru} / ${STATUS_LABELS[status].en} (${status})`, query.status === status))}
</select>
<label for="type">${bi(both('Тип', 'Type'))}</label>
<select id="type" name="type">
${option('', 'Все / All', !query.type)}
${(['CREATE_CLUSTER', 'JOIN_CLUSTER'] as const).map((type) => option(type, `${APPLICATION_TYPE_LABELS[type].ru} / ${APPLICATION_TYPE_LABELS[type].en}`, query.type === type))}
</select>
<label for="minAgeDays">${bi(both('Поданы не менее N дней назад', 'Submitted at least N days ago'))}</label>
${minAge.message}<input id="minAgeDays" name="minAgeDays" type="number" min="0" max="3650" value="${values.minAgeDays ?? query.minAgeDays ?? ''}"${minAge.aria}>
<p class="choice"><input id="stuck" name="stuck" type="checkbox" value="true"${query.stuck ? html` checked` : ''}><label for="stuck">${bi(both('Только застрявшие', 'Stuck only'))}</label></p>
<button type="submit">${bi(both('Показать', 'Show'))}</button>
</fieldset>
</form>`;
}

function row(item: OperatorListItem): SafeHtml {
  const tasks = item.openTasks.map(
    (task) =>
      html`<li>${bi(TASK_LABELS[task.kind])}${task.holder ? `: ${task.holder}` : ''}${task.pending !== undefined ? ` (${task.pending})` : ''}, ${bi({ ru: `срок ${when(task.deadline).ru}`, en: `due ${when(task.deadline).en}` })}</li>`,
  );
  return html`<tr>
<td><a href="/admin/applications/${item.applicationId}">${item.applicationId}</a><br>${item.clusterName ?? item.clusterId ?? ''}</td>
<td>${bi(APPLICATION_TYPE_LABELS[item.type])}</td>
<td>${bi(STATUS_LABELS[item.status])}${item.stage ? html`<br><span class="hint">${item.stage}</span>` : ''}${item.stuck.length > 0 ? html`<br><strong>${bi(both('Застряла', 'Stuck'))}:</strong> ${item.stuck.map((reason) => bi(STUCK_LABELS[reason]))}` : ''}</td>
<td>${bi(duration(item.age))}</td>
<td>${tasks.length > 0 ? html`<ul>${tasks}</ul>` : '—'}</td>
</tr>`;
}

/**
 * The list; `refused` (filters that did not pass: the list is then unfiltered) puts the error summary
 * first, each problem linked to its filter, and keeps what was typed.
 */
export function applicationsPage(
  operatorId: string,
  query: OperatorApplicationsQuery,
  page: Page<OperatorListItem>,
  refused: { errors: readonly ConsoleFormError[]; values: Readonly<Record<string, string>> } = {
    errors: [],
    values: {},
  },
): string {
  const nextQuery = new URLSearchParams();
  for (const [key, value] of Object.entries({ ...query, cursor: page.next ?? undefined })) {
    if (value !== undefined && value !== '' && value !== false) nextQuery.set(key, String(value));
  }
  return adminPage(
    both('Заявки', 'Applications'),
    { operatorId, current: 'applications' },
    html`${filters(query, refused.errors, refused.values)}
<h2>${bi(query.status ? STATUS_LABELS[query.status] : both('Открытые заявки, самые старые первыми', 'Open applications, oldest first'))}</h2>
${
  page.items.length === 0
    ? html`<p role="status">${bi(both('Заявок не найдено.', 'No applications found.'))}</p>`
    : html`<table>
<thead><tr><th scope="col">${bi(both('Заявка', 'Application'))}</th><th scope="col">${bi(both('Тип', 'Type'))}</th><th scope="col">${bi(both('Статус', 'Status'))}</th><th scope="col">${bi(both('Возраст', 'Age'))}</th><th scope="col">${bi(both('Открытые задачи', 'Open tasks'))}</th></tr></thead>
<tbody>${page.items.map(row)}</tbody>
</table>`
}
${page.next ? html`<p><a href="/admin/applications?${nextQuery.toString()}" rel="next">${bi(both('Следующая страница', 'Next page'))}</a></p>` : ''}`,
    refused.errors.map((error) => ({ field: FILTER_IDS[error.field] ?? 'filters', message: error.message })),
  );
}
