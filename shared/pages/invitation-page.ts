import { html, multiline } from '#shared/html';
import { type Bilingual, formatDate, sectorList } from '#shared/labels';
import { INVITATION_NEXT_STEPS, INVITATION_ROLE_LABELS } from '#shared/notifications/invitation-emails';
import { bi, pageDocument } from '#shared/pages/layout';
import {
  csrfField,
  describedBy,
  errorSummary,
  type FormState,
  fieldErrors,
} from '#shared/pages/page-sections';
import { LIMITS } from '#shared/schemas/api';
import type { InvitationAnswered, InvitationPageView } from '#shared/use-cases/answer-invitation';

/** The invitee's page behind the emailed link: what the invitation is, and accept or decline. */

const both = (ru: string, en: string): Bilingual => ({ ru, en });
const row = (label: Bilingual, value: ReturnType<typeof bi> | string) =>
  html`<dt>${bi(label)}</dt><dd>${value}</dd>`;

export function invitationFormPage(view: InvitationPageView, form: FormState): string {
  const values = form.values ?? {};
  const member = view.role === 'MEMBER';
  const role = INVITATION_ROLE_LABELS[view.role];
  return pageDocument(
    both(`Приглашение в кластер «${view.cluster.name}»`, `Invitation to the cluster "${view.cluster.name}"`),
    html`<p>${bi({
      ru: `Координатор кластера ${view.coordinator.name} приглашает организацию ${view.invitee.name} в качестве: ${role.ru}.`,
      en: `The cluster's coordinator ${view.coordinator.name} invites ${view.invitee.name} to become a ${role.en}.`,
    })}</p>
<h2>${bi(both('Приглашение', 'Invitation'))}</h2>
<dl>
${row(both('Кластер', 'Cluster'), view.cluster.name)}
${row(both('Отрасли', 'Sectors'), bi({ ru: sectorList(view.cluster.sectors, 'ru'), en: sectorList(view.cluster.sectors, 'en') }))}
${row(both('Участников', 'Members'), String(view.cluster.memberCount))}
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
${errorSummary(form)}
<form method="post">
${csrfField(form)}
${
  member
    ? html`<fieldset>
<legend>${bi(both('Заявка на вступление', 'The join application'))}</legend>
<label for="contactEmail">${bi(both('Контактный email', 'Contact email'))}</label>
<p class="hint" id="contactEmail-hint">${bi(both('Сюда придут уведомления о заявке.', 'Where the notices about the application go.'))}</p>
<input id="contactEmail" name="contactEmail" type="email" autocomplete="email" required maxlength="${LIMITS.emailLength}" value="${values.contactEmail ?? view.invitee.email}"${describedBy(form, 'contactEmail', 'contactEmail-hint')}>
${fieldErrors(form, 'contactEmail')}
<label for="motivation">${bi(both('Обоснование', 'Motivation'))}</label>
<p class="hint" id="motivation-hint">${bi(both('Чем ваша организация будет полезна кластеру. Его прочтут эксперт и департамент.', 'What your organization brings to the cluster. The expert and the department read it.'))}</p>
<textarea id="motivation" name="motivation" required maxlength="${LIMITS.motivationLength}"${describedBy(form, 'motivation', 'motivation-hint')}>${values.motivation ?? ''}</textarea>
${fieldErrors(form, 'motivation')}
</fieldset>`
    : ''
}
${fieldErrors(form, 'answer')}
<p class="hint">${bi(both('Ответ даётся один раз; изменить его нельзя.', 'You can answer once; the answer cannot be changed.'))}</p>
<button type="submit" name="answer" value="ACCEPT" class="approve">${bi(both('Принять приглашение', 'Accept the invitation'))}</button>
<button type="submit" name="answer" value="DECLINE" class="reject" formnovalidate>${bi(both('Отклонить', 'Decline'))}</button>
</form>`,
  );
}

export function invitationAnsweredPage(result: InvitationAnswered): string {
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
<h2>${bi(both('Что дальше', 'What happens next'))}</h2>
<ol>
<li>${bi(both('Заявка проверяется на соответствие условиям программы.', 'The application is checked against the programme rules.'))}</li>
<li>${bi(both('Эксперт рассматривает заявку; он увидит, что вас пригласил координатор.', 'An expert reviews it, and sees that the coordinator invited you.'))}</li>
<li>${bi(both('Департамент принимает решение; вы получите письмо на указанный контактный адрес.', 'The department decides; you are emailed at the contact address you gave.'))}</li>
</ol>
<p>${bi(
      both(
        `Статус заявки можно узнать в API: GET /applications/${result.applicationId}.`,
        `The application's status is at GET /applications/${result.applicationId} in the API.`,
      ),
    )}</p>`,
  );
}
