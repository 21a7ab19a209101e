import { SECTOR_NAMES, SECTORS } from '#shared/domain/sectors';
import { html, type SafeHtml } from '#shared/html';
import { type Bilingual, sectorList } from '#shared/labels';
import { bi } from '#shared/pages/layout';
import {
  both,
  csrfInput,
  fieldAria,
  fieldError,
  type PortalContext,
  type PortalFormError,
  portalPage,
  portalUrl,
} from '#shared/pages/portal/frame';
import { LIMITS } from '#shared/schemas/api';
import { MEMBER_LIST_MAX, PARTNER_LIST_MAX } from '#shared/schemas/portal';

/** The portal's forms: sign in (local), create a cluster, join one. */

export interface FormValues {
  readonly [field: string]: string | readonly string[] | undefined;
}

const one = (values: FormValues, field: string) => {
  const value = values[field];
  return typeof value === 'string' ? value : '';
};

interface TextField {
  id: string;
  label: Bilingual;
  hint?: Bilingual;
  type?: 'text' | 'email';
  max: number;
  required?: boolean;
  autocomplete?: string;
  multiline?: boolean;
}

function textField(field: TextField, values: FormValues, errors: readonly PortalFormError[]): SafeHtml {
  const hintId = field.hint ? `${field.id}-hint` : undefined;
  const common = html`id="${field.id}" name="${field.id}"${field.required === false ? '' : html` required`} maxlength="${field.max}"${field.autocomplete ? html` autocomplete="${field.autocomplete}"` : ''}${fieldAria(errors, field.id, hintId)}`;
  return html`<label for="${field.id}">${bi(field.label)}</label>
${field.hint ? html`<p class="hint" id="${hintId}">${bi(field.hint)}</p>` : ''}
${fieldError(errors, field.id)}
${
  field.multiline
    ? html`<textarea ${common}>${one(values, field.id)}</textarea>`
    : html`<input type="${field.type ?? 'text'}" ${common} value="${one(values, field.id)}">`
}`;
}

/** The local runtime's sign-in: an INN (in AWS the user pool's hosted UI asks for a password and a code). */
export function localSignInPage(
  context: PortalContext,
  form: { csrfToken: string; next?: string; inn?: string },
  errors: readonly PortalFormError[] = [],
): string {
  return portalPage(
    context,
    both('Вход в личный кабинет заявителя', 'Sign in to the applicant portal'),
    html`<p>${bi(both('Локальный стенд: вход по ИНН организации из реестра участников, без пароля. В AWS вход идёт через страницу входа Cognito (пароль и код).', 'Local runtime: sign in with the INN of an organization of the participant registry, no password. In AWS you sign in on the Cognito sign-in page (password and code).'))}</p>
<form method="post" action="${portalUrl(context, '/sign-in')}">
<input type="hidden" name="csrfToken" value="${form.csrfToken}">
${form.next ? html`<input type="hidden" name="next" value="${form.next}">` : ''}
${textField({ id: 'inn', label: both('ИНН организации', 'The organization’s INN'), hint: both('10 или 12 цифр.', '10 or 12 digits.'), max: 12, autocomplete: 'off' }, { inn: form.inn ?? '' }, errors)}
<button type="submit" class="approve">${bi(both('Войти', 'Sign in'))}</button>
</form>`,
    errors,
  );
}

/**
 * A form filing a new application, or resubmitting one returned for amendment
 * (the same fields, filled in from it, posted to its own address).
 */
export interface ApplicationFormMode {
  action: string;
  title: Bilingual;
  /** Above the form: what the department asked to amend, and by when. */
  preface?: SafeHtml;
  submit: Bilingual;
}

const NEW_APPLICATION = { action: '/applications', submit: both('Подать заявку', 'Submit the application') };

const SECTOR_HINT = both(
  'От 1 до 5 связанных отраслей (таблица связанности опубликована программой).',
  'One to five related sectors (the programme publishes the relatedness table).',
);

export function createFormPage(
  context: PortalContext,
  values: FormValues,
  errors: readonly PortalFormError[] = [],
  mode: ApplicationFormMode = {
    ...NEW_APPLICATION,
    title: both('Заявка на создание кластера', 'Application to create a cluster'),
  },
): string {
  const chosen = new Set(Array.isArray(values.sectors) ? values.sectors : []);
  return portalPage(
    context,
    mode.title,
    html`${mode.preface ?? ''}<p>${bi(both('Кластер создаётся, если в нём не менее 30 действующих участников программы, работающих в его отраслях. Ваша организация включается в список участников автоматически.', 'A cluster is made with at least 30 active participants of the programme that work in its sectors. Your organization is added to the member list automatically.'))}</p>
<form method="post" action="${portalUrl(context, mode.action)}" enctype="multipart/form-data">
${csrfInput(context)}
<input type="hidden" name="kind" value="CREATE_CLUSTER">
<input type="hidden" name="formId" value="${one(values, 'formId')}">
<fieldset><legend>${bi(both('Кластер', 'The cluster'))}</legend>
${textField({ id: 'clusterName', label: both('Название кластера', 'Cluster name'), max: LIMITS.nameLength }, values, errors)}
<fieldset id="sectors"${fieldAria(errors, 'sectors', 'sectors-hint')}><legend>${bi(both('Отрасли', 'Sectors'))}</legend>
<p class="hint" id="sectors-hint">${bi(SECTOR_HINT)}</p>
${fieldError(errors, 'sectors')}
${SECTORS.map(
  (
    sector,
  ) => html`<p class="choice"><input type="checkbox" id="sector-${sector}" name="sectors" value="${sector}"${chosen.has(sector) ? html` checked` : ''}>
<label for="sector-${sector}">${bi(SECTOR_NAMES[sector])}</label></p>`,
)}
</fieldset>
${textField({ id: 'projectTitle', label: both('Название совместного проекта', 'Joint project title'), max: LIMITS.titleLength }, values, errors)}
${textField({ id: 'projectSummary', label: both('Описание проекта', 'Project summary'), max: LIMITS.summaryLength, multiline: true }, values, errors)}
</fieldset>
<h2>${bi(both('Участники', 'Members'))}</h2>
${textField({ id: 'memberInns', label: both('ИНН участников, по одному в строке', 'Members’ INNs, one per line'), hint: both('Каждая строка проверяется по реестру участников: контрольная цифра ИНН, наличие в реестре, статус.', 'Each line is checked against the participant registry: the INN check digit, presence, status.'), max: MEMBER_LIST_MAX, multiline: true, required: false }, values, errors)}
<label for="memberFile">${bi(both('…или файл CSV', '…or a CSV file'))}</label>
<p class="hint" id="memberFile-hint">${bi(both('ИНН в первом столбце, по одному участнику в строке; строка заголовка допускается. Можно вместе со списком выше.', 'The INN in the first column, one member per row; a header row is allowed. May be combined with the list above.'))}</p>
${fieldError(errors, 'memberFile')}
<input type="file" id="memberFile" name="memberFile" accept=".csv,text/csv"${fieldAria(errors, 'memberFile', 'memberFile-hint')}>
<h2>${bi(both('Партнёры (необязательно)', 'Partners (optional)'))}</h2>
${textField({ id: 'partners', label: both('Партнёры, по одному в строке', 'Partners, one per line'), hint: both('«название; email; ИНН; страна» — ИНН и код страны (например, DE) можно не указывать.', '"name; email; INN; country": the INN and the country code (e.g. DE) may be left out.'), max: PARTNER_LIST_MAX, multiline: true, required: false }, values, errors)}
${textField({ id: 'contactEmail', label: both('Контактный email', 'Contact email'), hint: both('Сюда придут уведомления о заявке.', 'Where the notices about the application go.'), type: 'email', max: LIMITS.emailLength, autocomplete: 'email' }, values, errors)}
<h2>${bi(both('Что дальше', 'What happens next'))}</h2>
<p>${bi(both('Заявку проверят на соответствие условиям; участникам и партнёрам придут письма с просьбой подтвердить участие; затем экспертиза и решение департамента.', 'The application is checked against the rules; the members and partners are emailed to confirm taking part; then expert review and the department’s decision.'))}</p>
<button type="submit" class="approve">${bi(mode.submit)}</button>
</form>`,
    errors,
  );
}

export interface ClusterChoice {
  clusterId: string;
  name: string;
  sectors: Parameters<typeof sectorList>[0];
  memberCount: number;
}

export function joinFormPage(
  context: PortalContext,
  clusters: readonly ClusterChoice[],
  values: FormValues,
  errors: readonly PortalFormError[] = [],
  mode: ApplicationFormMode = {
    ...NEW_APPLICATION,
    title: both('Заявка на вступление в кластер', 'Application to join a cluster'),
  },
): string {
  const chosen = one(values, 'clusterId');
  return portalPage(
    context,
    mode.title,
    html`${mode.preface ?? ''}<p>${bi(both('Вступить можно в действующий кластер, если ваша организация работает хотя бы в одной из его отраслей.', 'You may join an active cluster if your organization works in at least one of its sectors.'))}</p>
<form method="post" action="${portalUrl(context, mode.action)}">
${csrfInput(context)}
<input type="hidden" name="kind" value="JOIN_CLUSTER">
<input type="hidden" name="formId" value="${one(values, 'formId')}">
<fieldset id="clusterId"${fieldAria(errors, 'clusterId')}><legend>${bi(both('Кластер', 'Cluster'))}</legend>
${fieldError(errors, 'clusterId')}
${clusters.length === 0 ? html`<p>${bi(both('Действующих кластеров нет.', 'There are no active clusters.'))}</p>` : ''}
${clusters.map(
  (
    cluster,
  ) => html`<p class="choice"><input type="radio" id="cluster-${cluster.clusterId}" name="clusterId" value="${cluster.clusterId}" required${chosen === cluster.clusterId ? html` checked` : ''}>
<label for="cluster-${cluster.clusterId}">«${cluster.name}» — ${bi({ ru: `${sectorList(cluster.sectors, 'ru')}; участников: ${cluster.memberCount}`, en: `${sectorList(cluster.sectors, 'en')}; members: ${cluster.memberCount}` })}</label></p>`,
)}
</fieldset>
${textField({ id: 'motivation', label: both('Обоснование', 'Motivation'), hint: both('Чем ваша организация будет полезна кластеру. Его прочтут эксперт и департамент.', 'What your organization brings to the cluster. The expert and the department read it.'), max: LIMITS.motivationLength, multiline: true }, values, errors)}
${textField({ id: 'contactEmail', label: both('Контактный email', 'Contact email'), hint: both('Сюда придут уведомления о заявке.', 'Where the notices about the application go.'), type: 'email', max: LIMITS.emailLength, autocomplete: 'email' }, values, errors)}
<h2>${bi(both('Что дальше', 'What happens next'))}</h2>
<p>${bi(both('Заявку проверят на соответствие условиям, её рассмотрит эксперт, затем решение примет департамент. Вам придёт письмо.', 'The application is checked against the rules, reviewed by an expert, and decided by the department. You will be emailed.'))}</p>
<button type="submit" class="approve">${bi(mode.submit)}</button>
</form>`,
    errors,
  );
}
