import type { InvitationRole } from '#shared/domain/invitations';
import type { Sector } from '#shared/domain/sectors';
import { formatDate, formatShortDate, LANGS, type Lang, sectorList } from '#shared/labels';
import {
  type Block,
  bilingualEmail,
  type EmailContent,
  subjectLine,
} from '#shared/notifications/bilingual-email';

/** The email that carries a coordinator's invitation: it names the cluster, who invites and the deadline. */

export const INVITATION_ROLE_LABELS: Readonly<Record<InvitationRole, Readonly<Record<Lang, string>>>> = {
  MEMBER: { ru: 'участник кластера', en: 'member of the cluster' },
  PARTNER: { ru: 'партнёр кластера', en: 'partner of the cluster' },
};

/** What accepting leads to, in both languages: the page says it again. */
export const INVITATION_NEXT_STEPS: Readonly<Record<InvitationRole, Readonly<Record<Lang, string>>>> = {
  MEMBER: {
    ru: 'Если вы примете приглашение, от имени вашей организации будет подана заявка на вступление в кластер. Она пройдёт обычное рассмотрение: проверку условий программы, экспертизу и решение департамента.',
    en: 'If you accept, a join application is filed on behalf of your organization. It goes through the usual procedure: the programme rules are checked, an expert reviews it and the department decides.',
  },
  PARTNER: {
    ru: 'Если вы примете приглашение, ваша организация сразу появится в списке партнёров кластера.',
    en: 'If you accept, your organization is listed among the partners of the cluster at once.',
  },
};

export interface InvitationEmailInput {
  role: InvitationRole;
  inviteeName: string;
  cluster: { name: string; sectors: readonly Sector[]; project?: { title: string } | undefined };
  coordinator: { inn: string; name: string };
  deadline: string;
  link: string;
}

export function invitationEmail(input: InvitationEmailInput): EmailContent {
  const body = (lang: Lang): Block[] => {
    const ru = lang === 'ru';
    return [
      { kind: 'p', text: ru ? `Здравствуйте, ${input.inviteeName}!` : `Dear ${input.inviteeName},` },
      {
        kind: 'p',
        text: ru
          ? `Координатор кластера «${input.cluster.name}» приглашает вашу организацию стать: ${INVITATION_ROLE_LABELS[input.role].ru}. Ответьте до ${formatDate(input.deadline, lang)}.`
          : `The coordinator of the cluster "${input.cluster.name}" invites your organization to become a ${INVITATION_ROLE_LABELS[input.role].en}. Please answer by ${formatDate(input.deadline, lang)}.`,
      },
      {
        kind: 'facts',
        rows: [
          [ru ? 'Кластер' : 'Cluster', input.cluster.name],
          [ru ? 'Отрасли' : 'Sectors', sectorList(input.cluster.sectors, lang)],
          ...(input.cluster.project
            ? [[ru ? 'Проект' : 'Project', input.cluster.project.title] as const]
            : []),
          [
            ru ? 'Координатор' : 'Coordinator',
            `${input.coordinator.name} (${ru ? 'ИНН' : 'INN'} ${input.coordinator.inn})`,
          ],
          [ru ? 'Ответить до' : 'Answer by', formatDate(input.deadline, lang)],
        ],
      },
      { kind: 'p', text: INVITATION_NEXT_STEPS[input.role][lang] },
      {
        kind: 'link',
        label: ru ? 'Принять или отклонить приглашение' : 'Accept or decline the invitation',
        url: input.link,
      },
      {
        kind: 'p',
        text: ru
          ? 'Ссылка действует один раз, до указанного срока. Переход по ссылке ничего не меняет: ответ даётся кнопкой на странице.'
          : 'The link works once, until the deadline. Opening it changes nothing: you answer with a button on the page.',
      },
    ];
  };
  return bilingualEmail(
    subjectLine(
      input.cluster.name,
      (cluster) => ({
        ru: `Приглашение в «${cluster}» до ${formatShortDate(input.deadline, 'ru')}`,
        en: 'Invitation',
      }),
      'name',
    ),
    Object.fromEntries(LANGS.map((lang) => [lang, body(lang)])) as Record<Lang, Block[]>,
  );
}
