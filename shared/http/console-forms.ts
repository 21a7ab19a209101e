import { ConflictError, type ErrorDetail, type HttpError, ValidationError } from '#shared/errors';
import { type ApiEvent, type ApiResult, rawBody } from '#shared/http/api';
import { type ConsoleDeps, consoleCookie, consoleForm, htmlPage } from '#shared/http/console';
import { russianMessage } from '#shared/http/error-messages';
import { DIRECTORY_IMPORT_MAX_LABEL } from '#shared/http/request-limits';
import type { Bilingual } from '#shared/labels';
import { both, type ConsoleFormError } from '#shared/pages/admin/layout';
import { REASON_LENGTH } from '#shared/schemas/admin';
import { LIMITS } from '#shared/schemas/api';

/**
 * The console's forms: the directory pages' CSRF scheme (shared/http/console.ts:
 * a double-submit token keyed by the operator, derived from the link-signing keys)
 * and what a refused form says. Their forms send repeated fields (an expert's
 * sectors, one per ticked box), so the fields come back whole, as URLSearchParams,
 * once the token is checked. A refusal (the schema's, or a use-case's: a taken
 * email, an expert who may not take a review) becomes one message per field in
 * Russian and English, as the portal's forms do (shared/http/portal-forms.ts);
 * what concerns no field speaks the API's words for its code
 * (shared/http/error-messages.ts) with the English message beside them.
 */

type CsrfDeps = Pick<ConsoleDeps, 'signer' | 'cookies'>;

/** A console page with its CSRF cookie: `render` gets the token its forms carry. */
export async function formPage(
  operatorId: string,
  statusCode: number,
  render: (csrfToken: string) => string,
  deps: CsrfDeps,
): Promise<ApiResult> {
  const cookie = await consoleCookie(operatorId, deps);
  return htmlPage(statusCode, render(cookie.token), { 'set-cookie': cookie.setCookie });
}

/**
 * The fields of a console form post, its CSRF token checked first (403 without a valid one). A body
 * over the API's limit is refused before anything else (413).
 */
export async function formFields(
  event: ApiEvent,
  operatorId: string,
  deps: CsrfDeps,
): Promise<URLSearchParams> {
  const body = rawBody(event);
  await consoleForm(event, operatorId, deps);
  const fields = new URLSearchParams(body);
  fields.delete('csrfToken');
  return fields;
}

/** After a form did what it asked: back to a page (`303`, so a reload does not post again). */
export function seeOther(location: string): ApiResult {
  return { statusCode: 303, headers: { location, 'cache-control': 'no-store' }, body: '' };
}

// ---- What a refused form says ---------------------------------------------------------

const OUT_OF_DATE = both(
  'Форма устарела: откройте страницу заново и повторите.',
  'The form is out of date: open the page again and retry.',
);

const PERSON_ID = both(
  'Идентификатор: от 1 до 64 латинских букв, цифр, «_», «-» или «.», не «new» и не «import»; или оставьте поле пустым.',
  'Id: 1-64 letters, digits, "_", "-" or ".", not "new" or "import"; or leave it empty.',
);

/** What each field of the console's forms needs, said once per field (the schema's words are for developers). */
const FIELD_MESSAGES: Readonly<Record<string, Bilingual>> = {
  expertId: PERSON_ID,
  officialId: PERSON_ID,
  name: both(
    `Укажите имя: до ${LIMITS.nameLength} символов, одной строкой.`,
    `Enter the name: up to ${LIMITS.nameLength} characters, one line.`,
  ),
  email: both(
    'Укажите адрес электронной почты, например name@example.ru.',
    'Enter an email address such as name@example.ru.',
  ),
  institution: both('Выберите институт из списка.', 'Choose an institution from the list.'),
  sectors: both('Отметьте хотя бы одну отрасль.', 'Tick at least one sector.'),
  affiliationInn: both(
    'ИНН организации: 10 или 12 цифр с верной контрольной цифрой.',
    'The organization’s INN: 10 or 12 digits with a valid check digit.',
  ),
  role: both('Выберите роль из списка.', 'Choose a role from the list.'),
  position: both(
    `Должность: до ${LIMITS.nameLength} символов, одной строкой; или оставьте поле пустым.`,
    `Position: up to ${LIMITS.nameLength} characters, one line; or leave it empty.`,
  ),
  to: both('Выберите из списка, кому передать задачу.', 'Choose from the list whom to hand the task to.'),
  reason: both(
    `Напишите причину: не длиннее ${REASON_LENGTH} символов.`,
    `Write the reason: at most ${REASON_LENGTH} characters.`,
  ),
  confirm: both(
    'Отметьте подтверждение: заявка будет закрыта окончательно.',
    'Tick the box to confirm: the application closes for good.',
  ),
  csv: both('Вставьте содержимое CSV-файла.', 'Paste the content of the CSV file.'),
  // The applications list's filters (a GET form).
  minAgeDays: both(
    'Возраст заявки: целое число дней от 0 до 3650.',
    'The application’s age: a whole number of days from 0 to 3650.',
  ),
  status: both('Выберите статус из списка.', 'Choose a status from the list.'),
  type: both('Выберите тип заявки из списка.', 'Choose an application type from the list.'),
  stuck: OUT_OF_DATE,
  limit: both('Размер страницы: от 1 до 100.', 'Page size: 1 to 100.'),
  cursor: both(
    'Ссылка на страницу устарела: начните список сначала.',
    'The page link is out of date: start the list again.',
  ),
  // Hidden fields: wrong only on a page that is out of date (or edited).
  active: OUT_OF_DATE,
  dryRun: OUT_OF_DATE,
  task: OUT_OF_DATE,
  from: OUT_OF_DATE,
};

/** Refusals with words of their own, whatever field they name. */
const CODE_MESSAGES: Readonly<Record<string, Bilingual>> = {
  DUPLICATE_EMAIL: both(
    'Этот адрес уже у другого человека в справочнике: укажите другой.',
    'Another person in the directory has this address: enter another one.',
  ),
  ALREADY_EXISTS: both(
    'Такой идентификатор уже есть в справочнике: укажите другой или оставьте поле пустым.',
    'This id is in the directory already: enter another one or leave it empty.',
  ),
  // Only the import form takes a body this large (DIRECTORY_IMPORT_MAX_BYTES): its file.
  PAYLOAD_TOO_LARGE: both(
    `Файл больше ${DIRECTORY_IMPORT_MAX_LABEL.replace('KiB', 'КиБ')} (около 1000 человек): разделите его на части или загрузите командой npm run directory:import.`,
    `The file is larger than ${DIRECTORY_IMPORT_MAX_LABEL} (about 1,000 people): split it, or import it with npm run directory:import.`,
  ),
};

/** Why the chosen person cannot take a task (the reassignment's refusals of `to`), matched on its message. */
const CHOSEN_PERSON_RULES: ReadonlyArray<{ pattern: RegExp; message: Bilingual }> = [
  {
    pattern: /^no (expert|official) .* in the directory$/,
    message: both(
      'Этого человека нет в справочнике: выберите из списка.',
      'This person is not in the directory: choose from the list.',
    ),
  },
  {
    pattern: /is deactivated$|is not active$/,
    message: both(
      'Этот человек отключён: выберите активного.',
      'This person is deactivated: choose an active one.',
    ),
  },
  {
    pattern: /has already been assigned to this application$/,
    message: both(
      'Этот эксперт уже был назначен на эту заявку: выберите другого.',
      'This expert has been assigned to this application before: choose another.',
    ),
  },
  {
    pattern: /conflict of interest/,
    message: both(
      'Эксперт связан с заявителем или участником кластера (конфликт интересов): выберите другого.',
      'The expert is affiliated with the applicant or a member (a conflict of interest): choose another.',
    ),
  },
  {
    pattern: /already holds the sign-off$/,
    message: both(
      'Решение уже у этого сотрудника: выберите другого.',
      'This official holds the sign-off already: choose another.',
    ),
  },
];

/** `sectors[1]` → `sectors`; `$` and the like → `''` (the form as a whole). */
const fieldOfPath = (path: string) => /^[A-Za-z]+/.exec(path)?.[0] ?? '';

/** The error's own words for what concerns no field: the API's Russian for its code, its English message. */
const generalMessage = (error: HttpError): Bilingual =>
  both(russianMessage(error.code, error.statusCode), error.message);

function detailError(error: HttpError, detail: ErrorDetail): ConsoleFormError {
  if (detail.message === 'unknown field') {
    return {
      field: '',
      message: both(`Лишние поля в форме: ${detail.path}.`, `The form has unknown fields: ${detail.path}.`),
    };
  }
  const field = fieldOfPath(detail.path);
  const chosen =
    field === 'to' ? CHOSEN_PERSON_RULES.find((rule) => rule.pattern.test(detail.message)) : undefined;
  const message = CODE_MESSAGES[error.code] ?? chosen?.message ?? FIELD_MESSAGES[field];
  if (message) return { field, message };
  return {
    field: '',
    message: both(
      `${russianMessage(error.code, error.statusCode)}: ${detail.path}`,
      `${detail.path}: ${detail.message}`,
    ),
  };
}

/** The refusals a console form answers with its page again (400, 409), not an error page. */
export const isFormRefusal = (error: unknown): error is HttpError =>
  error instanceof ValidationError || error instanceof ConflictError;

/**
 * A refused form's problems, one per field (the first said of it), in Russian and English; `field`
 * is the form field's name, `''` for the form as a whole.
 */
export function consoleFormErrors(error: HttpError): ConsoleFormError[] {
  const errors =
    error.details.length > 0
      ? error.details.map((detail) => detailError(error, detail))
      : [{ field: '', message: CODE_MESSAGES[error.code] ?? generalMessage(error) }];
  const seen = new Set<string>();
  return errors.filter((item) => !seen.has(item.field) && Boolean(seen.add(item.field)));
}

// ---- The CSV import's rejected rows -----------------------------------------------------

/** What a CSV column needs where the form field's words do not fit a file. */
const CSV_COLUMN_MESSAGES: Readonly<Record<string, Bilingual>> = {
  expertId: both(
    'нужен идентификатор: от 1 до 64 латинских букв, цифр, «_», «-» или «.», не «new» и не «import».',
    'an id is needed: 1-64 letters, digits, "_", "-" or ".", not "new" or "import".',
  ),
  institution: both('CITY или PARTNER_INSTITUTION.', 'CITY or PARTNER_INSTITUTION.'),
  sectors: both(
    'идентификаторы отраслей через «;» (список в docs/registry-import.md).',
    'sector ids separated by ";" (the list in docs/registry-import.md).',
  ),
  role: both('OFFICIAL или HEAD (пусто — OFFICIAL).', 'OFFICIAL or HEAD (empty means OFFICIAL).'),
  active: both('пусто, true/false, yes/no, 1/0 или да/нет.', 'empty, true/false, yes/no, 1/0 or да/нет.'),
};

/**
 * One reason a CSV row was rejected (`email: Invalid email address`, `duplicate: the same expertId is
 * on line 2`), in Russian and English for the console's report; the JSON report keeps the reasons as
 * the import wrote them.
 */
export function importRowReason(reason: string): Bilingual {
  const duplicate = /^duplicate: the same (\w+) is on line (\d+)$/.exec(reason);
  if (duplicate) return both(`повтор: тот же ${duplicate[1]} в строке ${duplicate[2]}`, reason);
  const taken = /^email: (.+) has this email already$/.exec(reason);
  if (taken) return both(`email: этот адрес уже у ${taken[1]}`, reason);
  const column = /^([A-Za-z]+)(\[\d+\])?: /.exec(reason)?.[1] ?? '';
  const needs =
    CSV_COLUMN_MESSAGES[column === 'officialId' ? 'expertId' : column] ??
    (FIELD_MESSAGES[column] === OUT_OF_DATE ? undefined : FIELD_MESSAGES[column]);
  return needs
    ? both(`${column}: ${needs.ru}`, `${column}: ${needs.en}`)
    : both(`строка не принята: ${reason}`, reason);
}
