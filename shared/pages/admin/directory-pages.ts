import type { Expert } from '#shared/domain/assignment';
import { INSTITUTIONS } from '#shared/domain/assignment';
import type { Official } from '#shared/domain/registry';
import { SECTOR_NAMES, SECTORS } from '#shared/domain/sectors';
import { html, type SafeHtml } from '#shared/html';
import { type Bilingual, formatDate, INSTITUTION_LABELS, sectorList } from '#shared/labels';
import { adminPage, both, type ConsoleFormError } from '#shared/pages/admin/layout';
import { bi, type ErrorSummaryItem } from '#shared/pages/layout';
import type { OpenTask } from '#shared/use-cases/directories';
import type { RowImportReport } from '#shared/use-cases/import-registry';
import type { Page } from '#shared/use-cases/ports';

/**
 * The console's directory pages (`/admin/experts`, `/admin/officials`):
 * list, add, edit, deactivate and import, server-rendered with no script.
 * Every form carries the console's CSRF token (shared/http/console-forms.ts).
 */

export type DirectoryKind = 'experts' | 'officials';

export interface ConsoleForm {
  operatorId: string;
  csrfToken: string;
  /** A refused post's problems, by form field (shared/http/console-forms.ts). */
  errors?: readonly ConsoleFormError[];
  values?: Readonly<Record<string, string | readonly string[]>>;
}

const TITLES: Record<DirectoryKind, Bilingual> = {
  experts: both('Эксперты', 'Experts'),
  officials: both('Должностные лица', 'Officials'),
};

const ROLE_LABELS: Record<Official['role'], Bilingual> = {
  OFFICIAL: both('должностное лицо', 'official'),
  HEAD: both('руководитель департамента', 'head of department'),
};

const csrf = (form: ConsoleForm) => html`<input type="hidden" name="csrfToken" value="${form.csrfToken}">`;

const activeLabel = (active: boolean) =>
  bi(active ? both('да', 'yes') : both('нет (отключён)', 'no (deactivated)'));

/** `email` → the email field; `sectors` → the sectors fieldset. */
const fieldId = (field: string) => `f-${field}`;

/**
 * The summary's items: each problem linked to its field (`ids` names the element of a field that
 * has no input of its own), or, when it concerns the whole form, to the form (`formId`).
 */
function summaryItems(
  form: ConsoleForm,
  formId: string,
  ids: Readonly<Record<string, string>> = {},
): ErrorSummaryItem[] {
  return (form.errors ?? []).map((error) => ({
    field: error.field ? (ids[error.field] ?? fieldId(error.field)) : formId,
    message: error.message,
  }));
}

const errorOf = (form: ConsoleForm, field: string) => form.errors?.find((error) => error.field === field);

function fieldError(form: ConsoleForm, field: string): SafeHtml {
  const error = errorOf(form, field);
  return error ? html`<p class="error" id="${fieldId(field)}-error">${bi(error.message)}</p>` : html``;
}

const invalid = (form: ConsoleForm, field: string) =>
  errorOf(form, field) ? html` aria-invalid="true" aria-describedby="${fieldId(field)}-error"` : html``;

const formValue = (form: ConsoleForm, field: string, fallback = ''): string => {
  const value = form.values?.[field];
  return typeof value === 'string' ? value : fallback;
};

const valuesOf = (form: ConsoleForm, field: string, fallback: readonly string[]): readonly string[] => {
  const value = form.values?.[field];
  return Array.isArray(value) ? value : typeof value === 'string' ? [value] : fallback;
};

function textField(
  form: ConsoleForm,
  field: string,
  label: Bilingual,
  value: string,
  type = 'text',
  required = true,
) {
  return html`<label for="${fieldId(field)}">${bi(label)}</label>
${fieldError(form, field)}<input id="${fieldId(field)}" name="${field}" type="${type}" value="${formValue(form, field, value)}"${required ? html` required` : ''}${invalid(form, field)}>`;
}

function select(
  form: ConsoleForm,
  field: string,
  label: Bilingual,
  options: ReadonlyArray<[string, Bilingual]>,
  value: string,
) {
  const chosen = formValue(form, field, value);
  return html`<label for="${fieldId(field)}">${bi(label)}</label>
${fieldError(form, field)}<select id="${fieldId(field)}" name="${field}"${invalid(form, field)}>
${options.map(([option, text]) => html`<option value="${option}"${option === chosen ? html` selected` : ''}>${text.ru} / ${text.en}</option>`)}
</select>`;
}

function openTaskList(openTasks: readonly OpenTask[] | undefined, person: { active: boolean }): SafeHtml {
  if (!openTasks) return html``;
  const heading = html`<h2 id="open-tasks">${bi(both('Открытые задачи', 'Open tasks'))}</h2>`;
  if (openTasks.length === 0)
    return html`${heading}<p>${bi(both('Открытых задач нет.', 'No open tasks.'))}</p>`;
  return html`${heading}
${person.active ? '' : html`<p class="notice">${bi(both('Отключённому человеку новые задачи не назначаются. Эти задачи остаются за ним, пока оператор их не передаст: откройте заявку и назначьте другого.', 'A deactivated person is given no new tasks. These stay theirs until an operator reassigns them: open the application and reassign.'))}</p>`}
<table>
<thead><tr><th scope="col">${bi(both('Заявка', 'Application'))}</th><th scope="col">${bi(both('Задача', 'Task'))}</th><th scope="col">${bi(both('Срок', 'Deadline'))}</th></tr></thead>
<tbody>
${openTasks.map(
  (task) =>
    html`<tr><td><a href="/admin/applications/${task.applicationId}">${task.applicationId}</a></td><td>${bi(task.task === 'REVIEW' ? both('экспертиза', 'review') : both('согласование', 'sign-off'))}</td><td>${task.deadline ? bi({ ru: formatDate(task.deadline, 'ru'), en: formatDate(task.deadline, 'en') }) : '—'}</td></tr>`,
)}
</tbody></table>`;
}

// ---- Lists ------------------------------------------------------------------------

export function directoryListPage(
  kind: DirectoryKind,
  page: Page<Expert> | Page<Official>,
  form: ConsoleForm,
): string {
  const rows =
    kind === 'experts'
      ? (page.items as Expert[]).map(
          (expert) =>
            html`<tr><td><a href="/admin/experts/${expert.expertId}">${expert.expertId}</a></td><td>${expert.name}</td><td>${expert.email}</td><td>${bi(INSTITUTION_LABELS[expert.institution])}</td><td>${sectorList(expert.sectors, 'ru')}</td><td>${String(Math.max(0, expert.openAssignments ?? 0))}</td><td>${activeLabel(expert.active !== false)}</td></tr>`,
        )
      : (page.items as Official[]).map(
          (official) =>
            html`<tr><td><a href="/admin/officials/${official.officialId}">${official.officialId}</a></td><td>${official.name}</td><td>${official.email}</td><td>${bi(ROLE_LABELS[official.role])}</td><td>${official.position ?? ''}</td><td>${activeLabel(official.active)}</td></tr>`,
        );
  const headers =
    kind === 'experts'
      ? [
          both('Id', 'Id'),
          both('Имя', 'Name'),
          both('Эл. почта', 'Email'),
          both('Институт', 'Institution'),
          both('Отрасли', 'Sectors'),
          both('Открытых экспертиз', 'Open reviews'),
          both('Активен', 'Active'),
        ]
      : [
          both('Id', 'Id'),
          both('Имя', 'Name'),
          both('Эл. почта', 'Email'),
          both('Роль', 'Role'),
          both('Должность', 'Position'),
          both('Активен', 'Active'),
        ];
  return adminPage(
    TITLES[kind],
    { operatorId: form.operatorId, current: kind },
    html`<p><a href="/admin/${kind}/new">${bi(both('Добавить', 'Add'))}</a> · <a href="/admin/${kind}/import">${bi(both('Загрузить CSV', 'Import a CSV'))}</a></p>
<table>
<thead><tr>${headers.map((header) => html`<th scope="col">${bi(header)}</th>`)}</tr></thead>
<tbody>
${rows}
</tbody></table>
${page.items.length === 0 ? html`<p>${bi(both('Никого нет.', 'Nobody yet.'))}</p>` : ''}
${page.next ? html`<p><a href="/admin/${kind}?cursor=${encodeURIComponent(page.next)}">${bi(both('Дальше', 'Next'))}</a></p>` : ''}`,
  );
}

// ---- One person: add, edit, deactivate ------------------------------------------------

function expertFields(form: ConsoleForm, expert?: Expert): SafeHtml {
  const sectors = valuesOf(form, 'sectors', expert?.sectors ?? []);
  return html`${textField(form, 'name', both('Имя', 'Name'), expert?.name ?? '')}
${textField(form, 'email', both('Эл. почта', 'Email'), expert?.email ?? '', 'email')}
${select(
  form,
  'institution',
  both('Институт', 'Institution'),
  INSTITUTIONS.map((institution) => [institution, INSTITUTION_LABELS[institution]]),
  expert?.institution ?? 'CITY',
)}
${textField(form, 'affiliationInn', both('ИНН организации, с которой связан эксперт', 'INN of the organization the expert is affiliated with'), expert?.affiliationInn ?? '')}
<fieldset id="${fieldId('sectors')}"${invalid(form, 'sectors')}>
<legend>${bi(both('Отрасли', 'Sectors'))}</legend>
${fieldError(form, 'sectors')}
${SECTORS.map(
  (sector) =>
    html`<div class="choice"><input type="checkbox" id="sector-${sector}" name="sectors" value="${sector}"${sectors.includes(sector) ? html` checked` : ''}><label for="sector-${sector}">${SECTOR_NAMES[sector].ru} / ${SECTOR_NAMES[sector].en}</label></div>`,
)}
</fieldset>`;
}

function officialFields(form: ConsoleForm, official?: Official): SafeHtml {
  return html`${textField(form, 'name', both('Имя', 'Name'), official?.name ?? '')}
${textField(form, 'email', both('Эл. почта', 'Email'), official?.email ?? '', 'email')}
${select(
  form,
  'role',
  both('Роль', 'Role'),
  (['OFFICIAL', 'HEAD'] as const).map((role) => [role, ROLE_LABELS[role]]),
  official?.role ?? 'OFFICIAL',
)}
${textField(form, 'position', both('Должность (необязательно)', 'Position (optional)'), official?.position ?? '', 'text', false)}`;
}

export function newPersonPage(kind: DirectoryKind, form: ConsoleForm): string {
  const idField = kind === 'experts' ? 'expertId' : 'officialId';
  const title =
    kind === 'experts' ? both('Новый эксперт', 'New expert') : both('Новое должностное лицо', 'New official');
  return adminPage(
    title,
    { operatorId: form.operatorId, current: kind },
    html`<form id="person-form" method="post" action="/admin/${kind}" novalidate>
${csrf(form)}
${textField(form, idField, both('Идентификатор (необязательно: без него будет создан)', 'Id (optional: made when left empty)'), '', 'text', false)}
${kind === 'experts' ? expertFields(form) : officialFields(form)}
<button type="submit">${bi(both('Добавить', 'Add'))}</button>
</form>
<p><a href="/admin/${kind}">${bi(both('К списку', 'Back to the list'))}</a></p>`,
    summaryItems(form, 'person-form'),
  );
}

export function personPage(
  kind: DirectoryKind,
  person: Expert | Official,
  openTasks: readonly OpenTask[],
  form: ConsoleForm & { saved?: boolean },
): string {
  const id = 'expertId' in person ? person.expertId : person.officialId;
  const active = person.active !== false;
  const title = { ru: `${person.name} (${id})`, en: `${person.name} (${id})` };
  return adminPage(
    title,
    { operatorId: form.operatorId, current: kind },
    html`${form.saved ? html`<p class="notice" role="status">${bi(both('Сохранено.', 'Saved.'))}</p>` : ''}
<dl>
<dt>${bi(both('Активен', 'Active'))}</dt><dd>${activeLabel(active)}</dd>
${'openAssignments' in person ? html`<dt>${bi(both('Открытых экспертиз', 'Open reviews'))}</dt><dd>${String(Math.max(0, person.openAssignments ?? 0))}</dd>` : ''}
</dl>
${openTaskList(openTasks, { active })}
<h2>${bi(both('Изменить', 'Edit'))}</h2>
<form id="person-form" method="post" action="/admin/${kind}/${id}" novalidate>
${csrf(form)}
${'expertId' in person ? expertFields(form, person) : officialFields(form, person)}
<button type="submit">${bi(both('Сохранить', 'Save'))}</button>
</form>
<h2>${bi(active ? both('Отключить', 'Deactivate') : both('Включить снова', 'Reactivate'))}</h2>
<p class="hint">${bi(
      active
        ? both(
            'Отключённому не назначаются новые задачи; его открытые задачи будут показаны здесь для передачи другим.',
            'A deactivated person is given no new tasks; their open tasks are then listed here to reassign.',
          )
        : both('Снова включённому можно назначать задачи.', 'A reactivated person can be given tasks again.'),
    )}</p>
<form id="active-form" method="post" action="/admin/${kind}/${id}">
${csrf(form)}
<input type="hidden" name="active" value="${active ? 'false' : 'true'}">
<button type="submit"${active ? html` class="reject"` : ''}>${bi(active ? both('Отключить', 'Deactivate') : both('Включить', 'Reactivate'))}</button>
</form>
<p><a href="/admin/${kind}">${bi(both('К списку', 'Back to the list'))}</a></p>`,
    summaryItems(form, 'person-form', { active: 'active-form' }),
  );
}

// ---- CSV import --------------------------------------------------------------------

const COLUMNS: Record<DirectoryKind, string> = {
  experts: 'expertId,name,email,institution,sectors,affiliationInn,active',
  officials: 'officialId,name,email,role,active,position',
};

/** An import's report as the page shows it: each rejected row's reasons in both languages. */
export type ImportReportView = Omit<RowImportReport, 'rejected'> & {
  dryRun: boolean;
  rejected: ReadonlyArray<{ line: number; key: string; reasons: readonly Bilingual[] }>;
};

export function importPage(kind: DirectoryKind, refused: ConsoleForm, report?: ImportReportView): string {
  // The file is the form's one input: what concerns the whole form (a file too large) is said there.
  const form = {
    ...refused,
    errors: refused.errors?.map((error) => (error.field ? error : { ...error, field: 'csv' })),
  };
  return adminPage(
    { ru: `Загрузка CSV: ${TITLES[kind].ru}`, en: `CSV import: ${TITLES[kind].en}` },
    { operatorId: form.operatorId, current: kind },
    html`${report ? importReport(report) : ''}
<p>${bi(both('Первая строка: заголовок. Столбцы:', 'The first row is the header. Columns:'))} <code>${COLUMNS[kind]}</code>.
${bi(both('Отрасли через «;». Известный id обновляет человека, новый добавляет. Формат: docs/directory-import.md.', 'Sectors separated by ";". A known id updates the person, a new one adds them. Format: docs/directory-import.md.'))}</p>
<form id="import-form" method="post" action="/admin/${kind}/import" novalidate>
${csrf(form)}
<label for="${fieldId('csv')}">${bi(both('Содержимое CSV', 'CSV content'))}</label>
${fieldError(form, 'csv')}<textarea id="${fieldId('csv')}" name="csv" rows="12" required${invalid(form, 'csv')}>${formValue(form, 'csv')}</textarea>
<div class="choice"><input type="checkbox" id="dryRun" name="dryRun" value="true"${formValue(form, 'dryRun') === 'true' ? html` checked` : ''}><label for="dryRun">${bi(both('Только проверить, ничего не записывать', 'Check only, write nothing'))}</label></div>
<button type="submit">${bi(both('Загрузить', 'Import'))}</button>
</form>
<p><a href="/admin/${kind}">${bi(both('К списку', 'Back to the list'))}</a></p>`,
    summaryItems(form, fieldId('csv')),
  );
}

function importReport(report: ImportReportView): SafeHtml {
  return html`<h2 role="status">${bi(report.dryRun ? both('Проверка (ничего не записано)', 'Check (nothing written)') : both('Загружено', 'Imported'))}</h2>
<p>${bi(
    both(
      `Строк: ${report.rows}; новых: ${report.created}; изменено: ${report.updated}; без изменений: ${report.unchanged}; отклонено: ${report.rejected.length}.`,
      `Rows: ${report.rows}; new: ${report.created}; updated: ${report.updated}; unchanged: ${report.unchanged}; rejected: ${report.rejected.length}.`,
    ),
  )}</p>
${
  report.rejected.length > 0
    ? html`<table>
<thead><tr><th scope="col">${bi(both('Строка', 'Line'))}</th><th scope="col">Id</th><th scope="col">${bi(both('Причины', 'Reasons'))}</th></tr></thead>
<tbody>${report.rejected.map((row) => html`<tr><td>${String(row.line)}</td><td>${row.key}</td><td>${row.reasons.map((reason) => html`${bi(reason)}<br>`)}</td></tr>`)}</tbody>
</table>`
    : ''
}`;
}
