/**
 * The API's error messages in Russian and English. The code is the contract
 * and never changes with the language; the message follows `Accept-Language`:
 * Russian for a client that prefers Russian, English (the specific message the
 * error was raised with) for one that prefers English, and both, «русский /
 * English», when the header is absent or names neither. Validation details
 * (`details[].message`) stay as the validator wrote them, in English, beside
 * their paths.
 */

export type ErrorLanguage = 'ru' | 'en' | 'both';

/** Russian for each code the API answers with; unknown codes fall back to their HTTP status. */
const RU_BY_CODE: Readonly<Record<string, string>> = {
  VALIDATION_ERROR: 'Запрос не прошёл проверку: исправьте поля, указанные в details',
  MALFORMED_JSON: 'Тело запроса — не корректный JSON',
  UNAUTHORIZED: 'Нужно войти: запрос без действительных учётных данных',
  FORBIDDEN: 'Доступ запрещён',
  NOT_FOUND: 'Не найдено',
  CONFLICT: 'Запрос противоречит текущему состоянию; повторите его',
  LINK_EXPIRED: 'Срок действия ссылки истёк',
  PAYLOAD_TOO_LARGE: 'Тело запроса слишком большое',
  UNSUPPORTED_MEDIA_TYPE: 'Неподдерживаемый тип содержимого',
  INTERNAL: 'Внутренняя ошибка сервиса; повторите попытку позже',
  IDEMPOTENCY_KEY_REUSED: 'Этот Idempotency-Key уже использован с другим телом запроса',
  ALREADY_SUBMITTED: 'Заключение уже отправлено',
  ALREADY_ANSWERED: 'Ответ уже дан',
  ALREADY_DECIDED: 'Решение по заявке уже принято',
  DELEGATED: 'Решение передано другому должностному лицу; эта ссылка больше не действует',
  ESCALATED: 'Срок решения истёк, заявка передана руководителю департамента; эта ссылка больше не действует',
  APPLICATION_CLOSED: 'Заявка закрыта и больше не принимает ответов',
  STAGE_CLOSED: 'Этот этап рассмотрения заявки завершён',
  RECUSED: 'Вы отказались от этой экспертизы; назначен другой эксперт',
  ALREADY_MEMBER: 'Организация уже участник кластера',
  ALREADY_PARTNER: 'Партнёр уже в списке кластера',
  CLUSTER_NOT_ACTIVE: 'Кластер не действует и не принимает новых участников',
  INVITATION_OPEN: 'У этой организации уже есть открытое приглашение в кластер',
  INVITATION_ACCEPTED: 'Приглашение уже принято',
  INVITATION_DECLINED: 'Приглашение уже отклонено',
  INVITATION_REVOKED: 'Приглашение отозвано координатором',
  INVITATION_EXPIRED: 'Срок приглашения истёк',
  NOT_FAILED: 'Повторный запуск возможен только для заявки в статусе FAILED',
  DEADLINE_PASSED: 'Срок уже прошёл',
  ORGANIZATION_SUSPENDED: 'Участие организации в программе приостановлено',
  AMENDMENT_NOT_REQUESTED: 'Заявку можно подать повторно, только когда её вернули на доработку',
  // The operator API (/admin/api/...) and its console.
  TASK_NOT_OPEN: 'Эта задача уже не открыта: на неё ответили, её закрыли или передали',
  NOT_IN_REVIEW: 'Заявка не на экспертизе: экспертизу передать нельзя',
  NOT_AWAITING_SIGNOFF: 'Заявка не ждёт решения департамента: решение передать нельзя',
  GUARD_TAKEN: 'Название кластера или место для вступления уже занято другой заявкой или кластером',
  DUPLICATE_EMAIL: 'Этот адрес электронной почты уже у другого человека в справочнике',
  ALREADY_EXISTS: 'Человек с таким идентификатором уже есть в справочнике',
};

const RU_BY_STATUS: Readonly<Record<number, string>> = {
  400: 'Некорректный запрос',
  401: RU_BY_CODE.UNAUTHORIZED ?? '',
  403: RU_BY_CODE.FORBIDDEN ?? '',
  404: RU_BY_CODE.NOT_FOUND ?? '',
  409: 'Запрос противоречит текущему состоянию',
  410: 'Больше не доступно',
  413: RU_BY_CODE.PAYLOAD_TOO_LARGE ?? '',
  415: RU_BY_CODE.UNSUPPORTED_MEDIA_TYPE ?? '',
  429: 'Слишком много запросов; повторите позже',
};

/** The Russian message of a code (or, for a code without its own, of its status). */
export function russianMessage(code: string, statusCode: number): string {
  return (
    RU_BY_CODE[code] ??
    RU_BY_STATUS[statusCode] ??
    (statusCode >= 500 ? (RU_BY_CODE.INTERNAL ?? '') : 'Ошибка')
  );
}

/**
 * Which language a client asked for: the one of Russian and English with the higher quality in
 * `Accept-Language` (a tie goes to Russian); `both` when it names neither (or is absent).
 */
export function errorLanguage(acceptLanguage: string | undefined): ErrorLanguage {
  if (!acceptLanguage) return 'both';
  const quality: Record<'ru' | 'en', number> = { ru: -1, en: -1 };
  for (const part of acceptLanguage.split(',')) {
    const [range = '', ...params] = part.trim().toLowerCase().split(';');
    const primary = range.trim().split('-')[0];
    if (primary !== 'ru' && primary !== 'en') continue;
    const q = params.map((param) => /^\s*q\s*=\s*([0-9.]+)\s*$/.exec(param)?.[1]).find(Boolean);
    const value = q === undefined ? 1 : Number(q);
    if (Number.isFinite(value) && value > quality[primary]) quality[primary] = value;
  }
  if (quality.ru <= 0 && quality.en <= 0) return 'both';
  return quality.ru >= quality.en ? 'ru' : 'en';
}

/** The message of an error answer in the language asked for. */
export function localizedMessage(
  code: string,
  statusCode: number,
  english: string,
  language: ErrorLanguage,
): string {
  if (language === 'en') return english;
  const russian = russianMessage(code, statusCode);
  return language === 'ru' ? russian : `${russian} / ${english}`;
}

export const CONTENT_LANGUAGE: Readonly<Record<ErrorLanguage, string>> = {
  ru: 'ru',
  en: 'en',
  both: 'ru, en',
};
