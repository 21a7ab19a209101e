import { html, multiline } from '#shared/html';
import { type Bilingual, formatDate, formatNumber, sectorList } from '#shared/labels';
import { INVITATION_NEXT_STEPS, INVITATION_ROLE_LABELS } from '#shared/notifications/invitation-emails';
import { bi, pageDocument } from '#shared/pages/layout';
import {
  type Choice,
  checkList,
  choiceGroup,
  commentValue,
  confirmationForm,
  continueButton,
  csrfField,
  describedBy,
  errorSummaryItems,
  FORM_ID,
  type FormState,
  fieldErrors,
  nextSteps,
} from '#shared/pages/page-sections';
import { LIMITS } from '#shared/schemas/api';
import type { InvitationAnswered, InvitationPageView } from '#shared/use-cases/answer-invitation';

/** The invitee's page behind the emailed link: what the invitation is, and accept or decline. */

const both = (ru: string, en: string): Bilingual => ({ ru, en });
const row = (label: Bilingual, value: ReturnType<typeof bi> | string) =>
  html`<dt>${bi(label)}</dt><dd>${value}</dd>`;

const ANSWERS: readonly Choice[] = [
  { value: 'ACCEPT', label: both('Принять приглашение', 'Accept the invitation') },
  { value: 'DECLINE', label: both('Отклонить приглашение', 'Decline the invitation') },
];

const title = (view: InvitationPageView): Bilingual =>
  both(
    `Приглашение ${view.invitee.name} в кластер «${view.cluster.name}»`,
    `Invitation of ${view.invitee.name} to the cluster "${view.cluster.name}"`,
  );

export function invitationFormPage(view: InvitationPageView, form: FormState): string {
  const values = form.values ?? {};
  const member = view.role === 'MEMBER';
  const role = INVITATION_ROLE_LABELS[view.role];
  return pageDocument(
    title(view),
    html`<p>${bi({
      ru: `Координатор кластера ${view.coordinator.name} приглашает организацию ${view.invitee.name} в качестве: ${role.ru}.`,
      en: `The cluster's coordinator ${view.coordinator.name} invites ${view.invitee.name} to become a ${role.en}.`,
    })}</p>
<h2>${bi(both('Приглашение', 'Invitation'))}</h2>
<dl>
${row(both('Кластер', 'Cluster'), view.cluster.name)}
${row(both('Отрасли кластера', 'Sectors of the cluster'), bi({ ru: sectorList(view.cluster.sectors, 'ru'), en: sectorList(view.cluster.sectors, 'en') }))}
${row(both('Участников в кластере сейчас', 'Current members of the cluster'), formatNumber(view.cluster.memberCount, 'ru'))}
${row(both('Координатор', 'Coordinator'), `${view.coordinator.name} (ИНН / INN ${view.coordinator.inn})`)}
${row(both('Приглашённая организация', 'Invited organization'), view.invitee.inn ? `${view.invitee.name} (ИНН / INN ${view.invitee.inn})` : view.invitee.name)}
${row(both('Роль', 'Role'), bi(role))}
${row(both('Ответить до', 'Answer by'), bi({ ru: formatDate(view.expiresAt, 'ru'), en: formatDate(view.expiresAt, 'en') }))}
</dl>
${
  view.cluster.project
    ? html`<h2>${bi(both('Проект кластера', 'The cluster’s project'))}</h2><h3>${view.cluster.project.title}</h3><p>${multiline(view.cluster.project.summary)}</p>`
    : ''
}
<h2>${bi(both('Что дальше', 'What happens next'))}</h2>
<p>${bi(INVITATION_NEXT_STEPS[view.role])}</p>
<h2>${bi(both('Ваш ответ', 'Your answer'))}</h2>
<form method="post" id="${FORM_ID}">
${csrfField(form)}
${choiceGroup(form, 'answer', both('Ответ на приглашение', 'Your answer to the invitation'), ANSWERS)}
${
  member
    ? html`<fieldset>
<legend>${bi(both('Заявка на вступление (нужна, чтобы принять)', 'The join application (needed to accept)'))}</legend>
<label for="contactEmail">${bi(both('Контактный email', 'Contact email'))}</label>
<p class="hint" id="contactEmail-hint">${bi(both('Сюда придут уведомления о заявке.', 'Where the notices about the application go.'))}</p>
${fieldErrors(form, 'contactEmail')}
<input id="contactEmail" name="contactEmail" type="email" autocomplete="email" maxlength="${LIMITS.emailLength}" value="${values.contactEmail ?? view.invitee.email}"${describedBy(form, 'contactEmail', 'contactEmail-hint')}>
<label for="motivation">${bi(both('Обоснование', 'Motivation'))}</label>
<p class="hint" id="motivation-hint">${bi(both('Чем ваша организация будет полезна кластеру. Его прочтут эксперт и департамент.', 'What your organization brings to the cluster. The expert and the department read it.'))}</p>
${fieldErrors(form, 'motivation')}
<textarea id="motivation" name="motivation" maxlength="${LIMITS.motivationLength}"${describedBy(form, 'motivation', 'motivation-hint')}>${values.motivation ?? ''}</textarea>
</fieldset>`
    : ''
}
<p class="hint">${bi(both('Ответ даётся один раз; изменить его нельзя. На следующем шаге вы проверите ответ.', 'You can answer once; the answer cannot be changed. You check your answer on the next step.'))}</p>
${continueButton()}
</form>`,
    { errors: errorSummaryItems(form) },
  );
}

/** "Check your answer": the answer (and, to accept as a member, the join application's fields). */
export function invitationCheckPage(view: InvitationPageView, form: FormState): string {
  const values = form.values ?? {};
  const accepting = values.answer === 'ACCEPT';
  const answer = ANSWERS.find((choice) => choice.value === values.answer);
  const member = view.role === 'MEMBER';
  return pageDocument(
    { ru: `Проверьте ответ: ${title(view).ru}`, en: `Check your answer: ${title(view).en}` },
    html`<p>${bi(both('Ответ ещё не отправлен.', 'The answer is not sent yet.'))}</p>
${checkList([
  [both('Организация', 'Organization'), view.invitee.name],
  [both('Роль', 'Role'), bi(INVITATION_ROLE_LABELS[view.role])],
  [both('Ответ', 'Answer'), answer ? bi(answer.label) : (values.answer ?? '')],
  ...(accepting && member
    ? ([
        [both('Контактный email', 'Contact email'), values.contactEmail ?? ''],
        [both('Обоснование', 'Motivation'), commentValue(values.motivation)],
      ] as const)
    : []),
])}
${nextSteps(
  accepting
    ? [INVITATION_NEXT_STEPS[view.role]]
    : [
        both(
          'Координатор увидит, что вы отклонили приглашение; ссылка перестанет действовать.',
          'The coordinator sees that you declined; the link stops working.',
        ),
      ],
)}
${confirmationForm(form, accepting ? both('Подтвердить: принять', 'Confirm: accept') : both('Подтвердить: отклонить', 'Confirm: decline'), accepting ? 'approve' : 'reject')}`,
  );
}

export function invitationAnsweredPage(
  result: InvitationAnswered,
  submitted: Readonly<Record<string, string>> = {},
): string {
  if (result.answer === 'DECLINED') {
    return pageDocument(
      both('Приглашение отклонено', 'Invitation declined'),
      html`<p role="status">${bi(
        both(
          `Вы отклонили приглашение в кластер «${result.clusterName}». Координатор увидит ваш ответ.`,
          `You declined the invitation to the cluster "${result.clusterName}". The coordinator will see your answer.`,
        ),
      )}</p>
<p>${bi(both('Ссылка больше не действует. Страницу можно закрыть.', 'The link no longer works. You may close this page.'))}</p>`,
    );
  }
  if (result.role === 'PARTNER') {
    return pageDocument(
      both('Приглашение принято', 'Invitation accepted'),
      html`<p role="status">${bi(
        both(
          `Спасибо! Ваша организация добавлена в список партнёров кластера «${result.clusterName}».`,
          `Thank you! Your organization is now listed among the partners of the cluster "${result.clusterName}".`,
        ),
      )}</p>
<p>${bi(both('Ссылка больше не действует. Страницу можно закрыть.', 'The link no longer works. You may close this page.'))}</p>`,
    );
  }
  return pageDocument(
    both('Приглашение принято, заявка подана', 'Invitation accepted, application filed'),
    html`<p role="status">${bi(
      both(
        `Спасибо! От имени вашей организации подана заявка ${result.applicationId} на вступление в кластер «${result.clusterName}».`,
        `Thank you! Application ${result.applicationId} to join the cluster "${result.clusterName}" was filed on behalf of your organization.`,
      ),
    )}</p>
<h2>${bi(both('Что вы отправили', 'What you submitted'))}</h2>
${checkList([
  [both('Ответ', 'Answer'), bi(both('Принять приглашение', 'Accept the invitation'))],
  [both('Контактный email', 'Contact email'), submitted.contactEmail ?? ''],
  [both('Обоснование', 'Motivation'), commentValue(submitted.motivation)],
])}
<h2>${bi(both('Что дальше', 'What happens next'))}</h2>
<ol>
<li>${bi(both('Заявка проверяется на соответствие условиям программы.', 'The application is checked against the programme rules.'))}</li>
<li>${bi(both('Эксперт рассматривает заявку; он увидит, что вас пригласил координатор.', 'An expert reviews it, and sees that the coordinator invited you.'))}</li>
<li>${bi(both('Департамент принимает решение; вы получите письмо на указанный контактный адрес.', 'The department decides; you are emailed at the contact address you gave.'))}</li>
</ol>
<p>${bi(both('Статус заявки', 'The application’s status'))}: <a href="../portal/applications/${result.applicationId}">${bi(both('в личном кабинете заявителя', 'in the applicant portal'))}</a> ${bi(both(`(или в API: GET /applications/${result.applicationId})`, `(or in the API: GET /applications/${result.applicationId})`))}.</p>`,
  );
}
