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

export function sectorList(sectors: readonly Sector[], lang: Lang): string {
  return sectors.map((sector) => SECTOR_NAMES[sector]?.[lang] ?? sector).join(', ');
}

const LOCALES: Readonly<Record<Lang, string>> = { ru: 'ru-RU', en: 'en-GB' };
// Built on first use: loading ICU locale data costs a cold start milliseconds
// that the functions which never format a date should not pay.
const dateFormats: Partial<Record<Lang, Intl.DateTimeFormat>> = {};

/** Deadlines are stated in UTC, said so, so nobody guesses the time zone. */
export function formatDate(iso: string, lang: Lang): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  dateFormats[lang] ??= new Intl.DateTimeFormat(LOCALES[lang], {
    dateStyle: 'long',
    timeStyle: 'short',
    timeZone: 'UTC',
  });
  return `${dateFormats[lang].format(date)} UTC`;
}

export function scoreLine(scores: ReviewScores, lang: Lang): string {
  return SCORE_FIELDS.map((field) => `${SCORE_LABELS[field][lang]}: ${scores[field]}`).join(', ');
}
