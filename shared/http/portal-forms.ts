import { parse as parseCsv } from 'csv-parse/sync';
import type * as z from 'zod';
import type { Application } from '#shared/domain/application';
import { type ErrorDetail, HttpError } from '#shared/errors';
import type { Bilingual } from '#shared/labels';
import type { PortalFormError } from '#shared/pages/portal/frame';
import {
  type CreateClusterRequest,
  createClusterRequestSchema,
  type InvitationRequest,
  invitationRequestSchema,
  type JoinClusterRequest,
  joinClusterRequestSchema,
  partnerSchema,
} from '#shared/schemas/api';
import type { PortalCreateForm, PortalInviteForm, PortalJoinForm } from '#shared/schemas/portal';
import {
  checkMemberLines,
  type MemberLine,
  type MemberLineProblem,
} from '#shared/use-cases/member-list-check';
import type { Registry } from '#shared/use-cases/ports';

/**
 * The portal's forms turned into the API's requests, checked by the API's own
 * schemas; what they refuse becomes a message in both languages on the field
 * the person filled in.
 */

const both = (ru: string, en: string): Bilingual => ({ ru, en });

/** What a field needs, said once per field (the schema's own words are for developers). */
const FIELD_MESSAGES: Readonly<Record<string, Bilingual>> = {
  contactEmail: both(
    'Укажите адрес электронной почты, например name@example.ru.',
    'Enter an email address such as name@example.ru.',
  ),
  clusterName: both(
    'Укажите название кластера: до 200 символов, одной строкой.',
    'Enter the cluster’s name: up to 200 characters, one line.',
  ),
  sectors: both('Выберите от 1 до 5 отраслей.', 'Choose one to five sectors.'),
  projectTitle: both(
    'Укажите название проекта: до 300 символов, одной строкой.',
    'Enter the project’s title: up to 300 characters, one line.',
  ),
  projectSummary: both('Опишите проект: до 5000 символов.', 'Describe the project: up to 5,000 characters.'),
  memberInns: both('Укажите ИНН участников: по одному в строке.', 'List the members’ INNs, one per line.'),
  clusterId: both('Выберите кластер.', 'Choose a cluster.'),
  motivation: both(
    'Напишите обоснование: до 5000 символов.',
    'Write the motivation: up to 5,000 characters.',
  ),
  'member-inn': both(
    'Укажите ИНН действующего участника программы.',
    'Enter the INN of an active participant of the programme.',
  ),
  'partner-name': both(
    'Укажите название партнёра: до 200 символов.',
    'Enter the partner’s name: up to 200 characters.',
  ),
  'partner-email': both('Укажите адрес электронной почты партнёра.', 'Enter the partner’s email address.'),
  'partner-inn': both(
    'ИНН: 10 или 12 цифр с верной контрольной цифрой, или оставьте поле пустым.',
    'INN: 10 or 12 digits with a valid check digit, or leave it empty.',
  ),
  'partner-country': both(
    'Страна: код из двух латинских букв, например DE, или оставьте поле пустым.',
    'Country: a two-letter code such as DE, or leave it empty.',
  ),
  confirm: both(
    'Подтвердите, что заявка отзывается окончательно.',
    'Confirm that the application is withdrawn for good.',
  ),
};

const messageFor = (field: string, fallback: string): Bilingual =>
  FIELD_MESSAGES[field] ?? both(fallback, fallback);

function errorsFromIssues(
  issues: readonly z.core.$ZodIssue[],
  fieldOf: (path: string) => string,
): PortalFormError[] {
  const seen = new Set<string>();
  const errors: PortalFormError[] = [];
  for (const issue of issues) {
    const field = fieldOf(issue.path.map(String).join('.'));
    if (seen.has(field)) continue;
    seen.add(field);
    errors.push({ field, message: messageFor(field, issue.message) });
  }
  return errors;
}

const CREATE_FIELDS: Readonly<Record<string, string>> = {
  contactEmail: 'contactEmail',
  'cluster.name': 'clusterName',
  'cluster.sectors': 'sectors',
  'cluster.project.title': 'projectTitle',
  'cluster.project.summary': 'projectSummary',
};
const createFieldOf = (path: string) =>
  CREATE_FIELDS[path] ??
  (path.startsWith('cluster.sectors')
    ? 'sectors'
    : path.startsWith('memberInns')
      ? 'memberInns'
      : path.startsWith('partners')
        ? 'partners'
        : 'contactEmail');

const LINE_PROBLEMS: Readonly<Record<MemberLineProblem, (value: string) => Bilingual>> = {
  NOT_AN_INN: (value) =>
    both(`«${value}» — не ИНН: нужно 10 или 12 цифр`, `"${value}" is not an INN: 10 or 12 digits are needed`),
  CHECK_DIGIT: (value) =>
    both(`${value}: неверная контрольная цифра ИНН`, `${value}: the INN check digit is not valid`),
  NOT_IN_REGISTRY: (value) =>
    both(`${value}: нет в реестре участников программы`, `${value}: not in the participant registry`),
  SUSPENDED: (value) =>
    both(
      `${value}: участие организации приостановлено`,
      `${value}: the organization is a suspended participant`,
    ),
  DUPLICATE: (value) => both(`${value}: указан повторно`, `${value}: listed more than once`),
};

/** Lines of a text box: trimmed, empty ones skipped, numbered as the person sees them. */
function lines(text: string): Array<{ line: number; value: string }> {
  return text
    .split(/\r\n|\r|\n/)
    .map((value, index) => ({ line: index + 1, value: value.trim() }))
    .filter((entry) => entry.value.length > 0);
}

/** The first column of a CSV upload (`,` or `;` separated, a header row allowed). */
function csvLines(text: string): Array<{ line: number; value: string }> | null {
  const delimiter = (text.split(/\r?\n/, 1)[0] ?? '').includes(';') ? ';' : ',';
  let records: string[][];
  try {
    records = parseCsv(text.replace(/^\uFEFF/, ''), {
      delimiter,
      relax_column_count: true,
      skip_empty_lines: false,
    }) as string[][];
  } catch {
    return null;
  }
  return records
    .map((record, index) => ({ line: index + 1, value: (record[0] ?? '').trim() }))
    .filter((entry, index) => entry.value.length > 0 && !(index === 0 && !/\d/.test(entry.value)));
}

export interface FormOutcome<T> {
  request?: T;
  errors: PortalFormError[];
}

export async function createRequestFromForm(
  form: PortalCreateForm,
  file: { text: string } | undefined,
  applicantInn: string,
  registry: Pick<Registry, 'getOrganizations'>,
): Promise<FormOutcome<CreateClusterRequest>> {
  const errors: PortalFormError[] = [];
  const memberLines: MemberLine[] = lines(form.memberInns).map((entry) => ({ ...entry, source: 'list' }));
  if (file) {
    const rows = csvLines(file.text);
    if (rows === null) {
      errors.push({
        field: 'memberFile',
        message: both('Файл не читается как CSV.', 'The file cannot be read as CSV.'),
      });
    } else {
      memberLines.push(...rows.map((entry) => ({ ...entry, source: 'file' as const })));
    }
  }
  // The applicant is a member of its own cluster: added when the list leaves it out.
  const listed = memberLines.some((entry) => entry.value === applicantInn);
  const check = await checkMemberLines(memberLines, registry);
  for (const problem of check.problems) {
    const where =
      problem.source === 'list'
        ? both(`Строка ${problem.line}`, `Line ${problem.line}`)
        : both(`Файл, строка ${problem.line}`, `File, line ${problem.line}`);
    const what = LINE_PROBLEMS[problem.problem](problem.value);
    errors.push({
      field: problem.source === 'list' ? 'memberInns' : 'memberFile',
      message: both(`${where.ru}: ${what.ru}`, `${where.en}: ${what.en}`),
    });
  }

  const partners: unknown[] = [];
  for (const { line, value } of lines(form.partners)) {
    const [name = '', email = '', inn = '', country = ''] = value.split(';').map((part) => part.trim());
    const partner = {
      name,
      email,
      ...(inn ? { inn } : {}),
      ...(country ? { country: country.toUpperCase() } : {}),
    };
    const parsed = partnerSchema.safeParse(partner);
    if (parsed.success) partners.push(parsed.data);
    else {
      const fields = [...new Set(parsed.error.issues.map((issue) => String(issue.path[0])))];
      const names: Readonly<Record<string, Bilingual>> = {
        name: both('название', 'name'),
        email: both('email', 'email'),
        inn: both('ИНН', 'INN'),
        country: both('страна', 'country'),
      };
      errors.push({
        field: 'partners',
        message: both(
          `Партнёр, строка ${line}: проверьте ${fields.map((field) => names[field]?.ru ?? field).join(', ')} («название; email; ИНН; страна»)`,
          `Partner, line ${line}: check the ${fields.map((field) => names[field]?.en ?? field).join(', ')} ("name; email; INN; country")`,
        ),
      });
    }
  }

  const request = {
    type: 'CREATE_CLUSTER' as const,
    applicantInn,
    contactEmail: form.contactEmail.trim(),
    cluster: {
      name: form.clusterName,
      sectors: form.sectors,
      project: { title: form.projectTitle, summary: form.projectSummary },
    },
    memberInns: listed ? check.inns : [applicantInn, ...check.inns],
    ...(partners.length > 0 ? { partners } : {}),
  };
  const parsed = createClusterRequestSchema.safeParse(request);
  if (!parsed.success) {
    const known = new Set(errors.map((error) => error.field));
    errors.unshift(
      ...errorsFromIssues(parsed.error.issues, createFieldOf).filter((error) => !known.has(error.field)),
    );
  }
  return parsed.success && errors.length === 0 ? { request: parsed.data, errors } : { errors };
}

export function joinRequestFromForm(
  form: PortalJoinForm,
  applicantInn: string,
): FormOutcome<JoinClusterRequest> {
  const parsed = joinClusterRequestSchema.safeParse({
    type: 'JOIN_CLUSTER',
    applicantInn,
    contactEmail: form.contactEmail.trim(),
    clusterId: form.clusterId,
    motivation: form.motivation,
  });
  if (parsed.success) return { request: parsed.data, errors: [] };
  return {
    errors: errorsFromIssues(parsed.error.issues, (path) => (path in FIELD_MESSAGES ? path : 'motivation')),
  };
}

export function inviteRequestFromForm(form: PortalInviteForm): FormOutcome<InvitationRequest> {
  const prefix = form.role === 'MEMBER' ? 'member' : 'partner';
  const body =
    form.role === 'MEMBER'
      ? { role: 'MEMBER', inn: form.inn.trim() }
      : {
          role: 'PARTNER',
          name: form.name,
          email: form.email.trim(),
          ...(form.inn.trim() ? { inn: form.inn.trim() } : {}),
          ...(form.country.trim() ? { country: form.country.trim().toUpperCase() } : {}),
        };
  const parsed = invitationRequestSchema.safeParse(body);
  if (parsed.success) return { request: parsed.data, errors: [] };
  return { errors: errorsFromIssues(parsed.error.issues, (path) => `${prefix}-${path || 'inn'}`) };
}

/** Refusals of the use-cases that concern a field (an invitee not in the registry, an open invitation...). */
const REFUSALS: Readonly<Record<string, Bilingual>> = {
  ALREADY_MEMBER: both(
    'Эта организация уже участник кластера.',
    'This organization is already a member of the cluster.',
  ),
  ALREADY_PARTNER: both(
    'Этот партнёр уже в списке кластера.',
    'This partner is already listed on the cluster.',
  ),
  INVITATION_OPEN: both(
    'У этого приглашённого уже есть открытое приглашение: отзовите его или дождитесь ответа.',
    'This invitee already has an open invitation: revoke it or wait for the answer.',
  ),
  CLUSTER_NOT_ACTIVE: both(
    'Кластер не действует: приглашать в него нельзя.',
    'The cluster is not active: it takes no invitations.',
  ),
};

export function errorsFromRefusal(
  error: HttpError,
  fieldOf: (detail: ErrorDetail) => string,
): PortalFormError[] {
  const details = error.details.length > 0 ? error.details : [{ path: '', message: error.message }];
  return details.map((detail) => {
    const field = fieldOf(detail);
    return {
      field,
      message:
        REFUSALS[error.code] ??
        (error.code === 'VALIDATION_ERROR' && /suspended/.test(detail.message)
          ? both(
              'Участие организации приостановлено: пригласить её участником нельзя.',
              'The organization is suspended: it cannot be invited as a member.',
            )
          : error.code === 'VALIDATION_ERROR' && /not in the participant registry/.test(detail.message)
            ? both(
                'Организации нет в реестре участников: пригласите её партнёром.',
                'The organization is not in the participant registry: invite it as a partner.',
              )
            : messageFor(field, detail.message)),
    };
  });
}

export const isFieldRefusal = (error: unknown): error is HttpError =>
  error instanceof HttpError && (error.statusCode === 400 || error.statusCode === 409);

/** An application's fields as its form shows them: what a resubmission starts from. */
export function formValuesOf(
  application: Pick<
    Application,
    'type' | 'contactEmail' | 'cluster' | 'memberInns' | 'partners' | 'clusterId' | 'motivation'
  >,
): Record<string, string | string[]> {
  if (application.type === 'JOIN_CLUSTER') {
    return {
      contactEmail: application.contactEmail,
      clusterId: application.clusterId ?? '',
      motivation: application.motivation ?? '',
    };
  }
  return {
    contactEmail: application.contactEmail,
    clusterName: application.cluster?.name ?? '',
    sectors: [...(application.cluster?.sectors ?? [])],
    projectTitle: application.cluster?.project.title ?? '',
    projectSummary: application.cluster?.project.summary ?? '',
    memberInns: (application.memberInns ?? []).join('\n'),
    partners: (application.partners ?? [])
      .map((partner) => [partner.name, partner.email, partner.inn ?? '', partner.country ?? ''].join('; '))
      .join('\n'),
  };
}
