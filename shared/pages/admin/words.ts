import type { ApplicationStatus } from '#shared/domain/application';
import type { OpenTaskKind, StuckReason } from '#shared/domain/operations';
import { type Bilingual, formatDate } from '#shared/labels';

/** The console's words, Russian and English. */

export const STATUS_LABELS: Readonly<Record<ApplicationStatus, Bilingual>> = {
  SUBMITTED: { ru: 'подана', en: 'submitted' },
  CHECKING_ELIGIBILITY: { ru: 'проверка условий', en: 'checking eligibility' },
  INELIGIBLE: { ru: 'не соответствует условиям', en: 'ineligible' },
  AWAITING_CONSENT: { ru: 'согласие участников', en: 'awaiting consent' },
  IN_REVIEW: { ru: 'экспертиза', en: 'in review' },
  AWAITING_SIGNOFF: { ru: 'решение департамента', en: 'awaiting sign-off' },
  AMENDMENT_REQUESTED: { ru: 'возвращена на доработку', en: 'returned for amendment' },
  APPROVED: { ru: 'одобрена', en: 'approved' },
  REJECTED: { ru: 'отклонена', en: 'rejected' },
  WITHDRAWN: { ru: 'отозвана', en: 'withdrawn' },
  EXPIRED: { ru: 'срок истёк', en: 'expired' },
  FAILED: { ru: 'сбой', en: 'failed' },
};

export const TASK_LABELS: Readonly<Record<OpenTaskKind, Bilingual>> = {
  CONSENT: { ru: 'согласие участников', en: 'members’ consent' },
  REVIEW: { ru: 'экспертиза', en: 'review' },
  SIGNOFF: { ru: 'решение', en: 'sign-off' },
};

export const STUCK_LABELS: Readonly<Record<StuckReason, Bilingual>> = {
  NO_RUNNING_WORKFLOW: { ru: 'процесс не выполняется', en: 'no running workflow' },
  DEADLINE_LONG_PAST: { ru: 'срок давно прошёл', en: 'deadline long past' },
  NO_PROGRESS: { ru: 'нет продвижения', en: 'no progress' },
};

/** "3 d 4 h" / "3 д 4 ч": an age in days and hours. */
export function duration(seconds: number): Bilingual {
  const days = Math.floor(seconds / 86_400);
  const hours = Math.floor((seconds % 86_400) / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  if (days > 0) return { ru: `${days} д ${hours} ч`, en: `${days} d ${hours} h` };
  if (hours > 0) return { ru: `${hours} ч ${minutes} мин`, en: `${hours} h ${minutes} min` };
  return { ru: `${minutes} мин`, en: `${minutes} min` };
}

export const when = (iso: string | null | undefined): Bilingual =>
  iso ? { ru: formatDate(iso, 'ru'), en: formatDate(iso, 'en') } : { ru: '—', en: '—' };
