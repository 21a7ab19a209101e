import { type IneligibilityReason, MIN_CLUSTER_MEMBERS, type ReasonCode } from '#shared/domain/eligibility';
import { SECTOR_NAMES, type Sector } from '#shared/domain/sectors';

/** How each ineligibility reason reads to people, in Russian and English (emails and pages). */

type Describe = (inn: string | undefined, reason: IneligibilityReason) => string;

const orgRu = (inn: string | undefined): string => (inn ? `Организация с ИНН ${inn}` : 'Организация');
const orgEn = (inn: string | undefined): string =>
  inn ? `The organization with INN ${inn}` : 'An organization';

/** The groups of a SECTORS_NOT_RELATED reason by the sectors' names: «A, B» и «C» / "A, B" and "C". */
function groupsIn(lang: 'ru' | 'en', groups: readonly (readonly Sector[])[]): string {
  const [open, close, and] = lang === 'ru' ? ['«', '»', ' и '] : ['"', '"', ' and '];
  const named = groups.map((group) => `${open}${group.map((s) => SECTOR_NAMES[s][lang]).join(', ')}${close}`);
  return named.length <= 2 ? named.join(and) : `${named.slice(0, -1).join(', ')}${and}${named.at(-1)}`;
}

/*
 * Worded from the code, the INN and (for the sector rule) the sector groups,
 * not from `message`, so a reason stored long ago reads the same as a fresh
 * one and both languages say the same. A SECTORS_NOT_RELATED reason stored
 * before the groups were recorded gets the rule without the groups.
 */
const DESCRIPTIONS: Readonly<Record<ReasonCode, { ru: Describe; en: Describe }>> = {
  TOO_FEW_MEMBERS: {
    ru: () => `В кластере должно быть не менее ${MIN_CLUSTER_MEMBERS} различных организаций-участников.`,
    en: () => `A cluster needs at least ${MIN_CLUSTER_MEMBERS} distinct member organizations.`,
  },
  DUPLICATE_MEMBER: {
    ru: (inn) => `${orgRu(inn)} указана в списке участников более одного раза.`,
    en: (inn) => `${orgEn(inn)} is listed more than once among the members.`,
  },
  APPLICANT_NOT_IN_MEMBERS: {
    ru: (inn) => `Заявитель${inn ? ` (ИНН ${inn})` : ''} должен входить в список участников кластера.`,
    en: (inn) => `The applicant${inn ? ` (INN ${inn})` : ''} must be one of the cluster's members.`,
  },
  NOT_A_PARTICIPANT: {
    ru: (inn) => `${orgRu(inn)} не найдена в реестре участников программы.`,
    en: (inn) => `${orgEn(inn)} is not in the programme's participant registry.`,
  },
  PARTICIPANT_SUSPENDED: {
    ru: (inn) => `${orgRu(inn)}: участие в программе приостановлено.`,
    en: (inn) => `${orgEn(inn)} is suspended from the programme.`,
  },
  SECTOR_MISMATCH: {
    ru: (inn) => `${orgRu(inn)} не работает ни в одной из отраслей кластера.`,
    en: (inn) => `${orgEn(inn)} does not work in any of the cluster's sectors.`,
  },
  SECTORS_NOT_RELATED: {
    ru: (_inn, { sectorGroups }) =>
      'Отрасли кластера должны быть связаны через смежные отрасли кластера по опубликованной таблице' +
      (sectorGroups && sectorGroups.length > 1
        ? `; не связаны между собой группы ${groupsIn('ru', sectorGroups)}.`
        : '.'),
    en: (_inn, { sectorGroups }) =>
      "The cluster's sectors must reach each other through related sectors of the cluster in the published table" +
      (sectorGroups && sectorGroups.length > 1
        ? `; these groups do not: ${groupsIn('en', sectorGroups)}.`
        : '.'),
  },
  CLUSTER_NAME_TAKEN: {
    ru: () => 'Кластер с таким названием уже существует.',
    en: () => 'A cluster with this name already exists.',
  },
  CLUSTER_NOT_FOUND: {
    ru: () => 'Указанный кластер не найден.',
    en: () => 'The cluster named in the application does not exist.',
  },
  CLUSTER_NOT_ACTIVE: {
    ru: () => 'Указанный кластер не действует.',
    en: () => 'The cluster named in the application is not active.',
  },
  ALREADY_MEMBER: {
    ru: (inn) => `${orgRu(inn)} уже входит в этот кластер.`,
    en: (inn) => `${orgEn(inn)} is already a member of this cluster.`,
  },
  // A join duplicate concerns the applicant (has an INN); a create duplicate concerns the name.
  DUPLICATE_OPEN_APPLICATION: {
    ru: (inn) =>
      inn
        ? `У организации с ИНН ${inn} уже есть открытая заявка на вступление в этот кластер.`
        : 'Кластер с таким названием уже предложен в другой открытой заявке.',
    en: (inn) =>
      inn
        ? `The organization with INN ${inn} already has an open application to join this cluster.`
        : 'Another open application already proposes this cluster name.',
  },
  TOO_FEW_CONFIRMED: {
    ru: () =>
      `Участие в кластере подтвердили менее ${MIN_CLUSTER_MEMBERS} организаций (заявитель учитывается); отказавшиеся и не ответившие до срока исключены.`,
    en: () =>
      `Fewer than ${MIN_CLUSTER_MEMBERS} member organizations confirmed taking part (the applicant counts); those who declined or did not answer by the deadline were dropped.`,
  },
};

/** A sentence for emails and pages; names the reason's INN when it has one. */
export function describeReason(reason: IneligibilityReason, lang: 'ru' | 'en'): string {
  const describe = DESCRIPTIONS[reason.code] as { ru: Describe; en: Describe } | undefined;
  // Reasons read back from storage may carry a code this version no longer knows.
  if (describe === undefined) return reason.message;
  return describe[lang](reason.inn, reason);
}
