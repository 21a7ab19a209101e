import type { ApplicationType } from '#shared/domain/application';
import type { Institution } from '#shared/domain/assignment';
import { SECTOR_NAMES, type Sector } from '#shared/domain/sectors';
import type { Recommendation, ReviewScores } from '#shared/domain/tally';

/** Words the emails and pages share, Russian and English, so both say the same thing. */

export type Lang = 'ru' | 'en';
export type Bilingual = Readonly<Record<Lang, string>>;

export const LANGS: readonly Lang[] = ['ru', 'en'];

export const APPLICATION_TYPE_LABELS: Readonly<Record<ApplicationType, Bilingual>> = {
  CREATE_CLUSTER: { ru: 'создание кластера', en: 'create a cluster' },
  JOIN_CLUSTER: { ru: 'вступление в кластер', en: 'join a cluster' },
};

export const RECOMMENDATION_LABELS: Readonly<Record<Recommendation, Bilingual>> = {
  APPROVE: { ru: 'одобрить', en: 'approve' },
  REJECT: { ru: 'отклонить', en: 'reject' },
};

/** Joint examination: whose expert a reviewer is. */
export const INSTITUTION_LABELS: Readonly<Record<Institution, Bilingual>> = {
  CITY: { ru: 'эксперт города', en: 'city expert' },
  PARTNER_INSTITUTION: { ru: 'эксперт института развития', en: 'development-institution expert' },
};

/** «Анна Иванова (эксперт города)»: a reviewer's name with the institution, where known. */
export function expertHeading(name: string, institution: Institution | undefined, lang: Lang): string {
  return institution ? `${name} (${INSTITUTION_LABELS[institution][lang]})` : name;
}

export const SCORE_FIELDS = ['innovation', 'feasibility', 'cooperation'] as const satisfies ReadonlyArray<
  keyof ReviewScores
>;

export const SCORE_LABELS: Readonly<Record<keyof ReviewScores, Bilingual>> = {
  innovation: { ru: 'Инновационность', en: 'Innovation' },
  feasibility: { ru: 'Реализуемость', en: 'Feasibility' },
  cooperation: { ru: 'Кооперация', en: 'Cooperation' },
};

/** What each score measures: the experts score by it, the officials read the scores by it. */
export const SCORE_HINTS: Readonly<Record<keyof ReviewScores, Bilingual>> = {
  innovation: {
    ru: 'новизна технологий и продуктов совместного проекта, их отличие от существующих решений',
    en: 'how new the joint project’s technologies and products are, and how they differ from what exists',
  },
  feasibility: {
    ru: 'реалистичность плана, ресурсов и сроков; способность участников выполнить проект',
    en: 'how realistic the plan, resources and timeline are; whether the members can deliver the project',
  },
  cooperation: {
    ru: 'польза совместной работы: связи между отраслями и организациями, роль каждого участника',
    en: 'what working together adds: links across sectors and organizations, each member’s part',
  },
};

export const SCORE_SCALE: Bilingual = {
  ru: 'Каждая оценка — целое число от 1 до 10: 1–3 — слабо, 4–6 — удовлетворительно, 7–8 — хорошо, 9–10 — отлично.',
  en: 'Each score is a whole number from 1 to 10: 1–3 weak, 4–6 adequate, 7–8 good, 9–10 excellent.',
};

export function sectorList(sectors: readonly Sector[], lang: Lang): string {
  return sectors.map((sector) => SECTOR_NAMES[sector]?.[lang] ?? sector).join(', ');
}

const LOCALES: Readonly<Record<Lang, string>> = { ru: 'ru-RU', en: 'en-GB' };

/** The programme runs on Moscow time: every deadline is shown in it, the zone named. */
export const TIME_ZONE = 'Europe/Moscow';
export const TIME_ZONE_LABEL: Bilingual = { ru: 'МСК', en: 'Moscow time' };

// Built on first use: loading ICU locale data costs a cold start milliseconds
// that the functions which never format a date should not pay.
const dateFormats: Partial<Record<string, Intl.DateTimeFormat>> = {};
const numberFormats: Partial<Record<Lang, Intl.NumberFormat>> = {};

function dateFormat(key: string, locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  dateFormats[key] ??= new Intl.DateTimeFormat(locale, { ...options, timeZone: TIME_ZONE });
  return dateFormats[key];
}

/** «11 марта 2026 г. в 13:00 МСК» / "11 March 2026 at 13:00 Moscow time". */
export function formatDate(iso: string, lang: Lang): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const format = dateFormat(`long-${lang}`, LOCALES[lang], { dateStyle: 'long', timeStyle: 'short' });
  return `${format.format(date)} ${TIME_ZONE_LABEL[lang]}`;
}

/** «11.03.2026 13:00 МСК» / "11 Mar 2026 13:00 MSK": for subjects, where space is short. */
export function formatShortDate(iso: string, lang: Lang): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const options: Intl.DateTimeFormatOptions =
    lang === 'ru'
      ? { day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit' }
      : { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' };
  const text = dateFormat(`short-${lang}`, LOCALES[lang], options).format(date).replace(',', '');
  return `${text} ${lang === 'ru' ? 'МСК' : 'MSK'}`;
}

/** Numbers as each language writes them: «6,3» in Russian, "6.3" in English; at most one decimal. */
export function formatNumber(value: number, lang: Lang): string {
  numberFormats[lang] ??= new Intl.NumberFormat(LOCALES[lang], { maximumFractionDigits: 1 });
  return numberFormats[lang].format(value);
}

export function scoreLine(scores: ReviewScores, lang: Lang): string {
  return SCORE_FIELDS.map(
    (field) => `${SCORE_LABELS[field][lang]}: ${formatNumber(scores[field], lang)}`,
  ).join(', ');
}
