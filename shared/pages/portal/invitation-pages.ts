import { html, type SafeHtml } from '#shared/html';
import type { Bilingual } from '#shared/labels';
import { INVITATION_ROLE_LABELS } from '#shared/notifications/invitation-emails';
import { bi } from '#shared/pages/layout';
import type { FormValues } from '#shared/pages/portal/form-pages';
import {
  both,
  csrfInput,
  fieldAria,
  fieldError,
  type PortalContext,
  type PortalFormError,
  portalPage,
  portalUrl,
  time,
} from '#shared/pages/portal/frame';
import { LIMITS } from '#shared/schemas/api';
import type { InvitationView } from '#shared/use-cases/invitations';

/** The coordinator's invitations: the list with a revoke button for open ones, and the two invite forms. */

const INVITATION_STATUS: Readonly<Record<string, Bilingual>> = {
  PENDING: both('ждёт ответа', 'awaiting an answer'),
  ACCEPTED: both('принято', 'accepted'),
  DECLINED: both('отклонено', 'declined'),
  REVOKED: both('отозвано', 'revoked'),
  EXPIRED: both('срок истёк', 'expired'),
};

const value = (values: FormValues, field: string) => {
  const found = values[field];
  return typeof found === 'string' ? found : '';
};

function input(
  id: string,
  name: string,
  label: Bilingual,
  values: FormValues,
  errors: readonly PortalFormError[],
  options: { type?: string; max: number; required?: boolean; hint?: Bilingual },
): SafeHtml {
  const hintId = options.hint ? `${id}-hint` : undefined;
  return html`<label for="${id}">${bi(label)}</label>
${options.hint ? html`<p class="hint" id="${hintId}">${bi(options.hint)}</p>` : ''}
${fieldError(errors, id)}
<input type="${options.type ?? 'text'}" id="${id}" name="${name}" maxlength="${options.max}"${options.required ? html` required` : ''} value="${value(values, name)}"${fieldAria(errors, id, hintId)}>`;
}

export function invitationsPage(
  context: PortalContext,
  cluster: { clusterId: string; name: string },
  /** A page of the invitations, newest first; `earlier` when it is not the first page. */
  invitations: { items: readonly InvitationView[]; next: string | null; earlier?: boolean },
  form: {
    role?: 'MEMBER' | 'PARTNER';
    values?: FormValues;
    errors?: readonly PortalFormError[];
    notice?: Bilingual;
  } = {},
): string {
  const errors = form.errors ?? [];
  const memberValues = form.role === 'MEMBER' ? (form.values ?? {}) : {};
  const partnerValues = form.role === 'PARTNER' ? (form.values ?? {}) : {};
  const action = portalUrl(context, `/clusters/${cluster.clusterId}/invitations`);
  return portalPage(
    context,
    both(`Приглашения в кластер «${cluster.name}»`, `Invitations to the cluster "${cluster.name}"`),
    html`${form.notice ? html`<p class="notice" role="status">${bi(form.notice)}</p>` : ''}
<p>${bi(both('Как координатор кластера вы приглашаете участников программы (они подают заявку на вступление) и партнёров (они добавляются сразу). Приглашённому придёт письмо со ссылкой.', 'As the cluster’s coordinator you invite participants of the programme (they file a join application) and partners (listed at once). The invitee is emailed a link.'))}</p>
<h2>${bi(both('Пригласить участника программы', 'Invite a participant of the programme'))}</h2>
<form method="post" action="${action}">
${csrfInput(context)}
<input type="hidden" name="role" value="MEMBER">
${input('member-inn', 'inn', both('ИНН организации', 'The organization’s INN'), memberValues, errors, { max: 12, required: true, hint: both('Действующий участник реестра.', 'An active participant of the registry.') })}
<button type="submit" class="approve">${bi(both('Пригласить участника', 'Invite the participant'))}</button>
</form>
<h2>${bi(both('Пригласить партнёра', 'Invite a partner'))}</h2>
<form method="post" action="${action}">
${csrfInput(context)}
<input type="hidden" name="role" value="PARTNER">
${input('partner-name', 'name', both('Название', 'Name'), partnerValues, errors, { max: LIMITS.nameLength, required: true })}
${input('partner-email', 'email', both('Email', 'Email'), partnerValues, errors, { type: 'email', max: LIMITS.emailLength, required: true })}
${input('partner-inn', 'inn', both('ИНН (необязательно)', 'INN (optional)'), partnerValues, errors, { max: 12 })}
${input('partner-country', 'country', both('Страна (необязательно)', 'Country (optional)'), partnerValues, errors, { max: 2, hint: both('Код из двух букв, например DE.', 'A two-letter code such as DE.') })}
<button type="submit" class="approve">${bi(both('Пригласить партнёра', 'Invite the partner'))}</button>
</form>
<h2>${bi(both('Приглашения', 'Invitations'))}</h2>
${invitations.items.length === 0 ? html`<p>${bi(both('Приглашений пока нет.', 'No invitations yet.'))}</p>` : ''}
<ul>${invitations.items.map(
      (invitation) =>
        html`<li id="${invitation.invitationId}">${bi(INVITATION_ROLE_LABELS[invitation.role])}: ${
          invitation.invitee.role === 'MEMBER'
            ? `ИНН / INN ${invitation.invitee.inn}`
            : `${invitation.invitee.name} (${invitation.email})`
        } — ${bi(INVITATION_STATUS[invitation.status] ?? both(invitation.status, invitation.status))}; ${bi(both('отправлено', 'sent'))} ${time(invitation.createdAt)}${
          invitation.status === 'PENDING'
            ? html`<form method="post" action="${portalUrl(context, `/clusters/${cluster.clusterId}/invitations/${invitation.invitationId}/revoke`)}">${csrfInput(context)}<button type="submit" class="reject">${bi(both('Отозвать приглашение', 'Revoke the invitation'))}</button></form>`
            : ''
        }</li>`,
    )}</ul>
${invitations.next ? html`<p><a href="${action}?cursor=${encodeURIComponent(invitations.next)}">${bi(both('Более ранние приглашения', 'Earlier invitations'))}</a></p>` : ''}
${invitations.earlier ? html`<p><a href="${action}">${bi(both('Последние приглашения', 'The latest invitations'))}</a></p>` : ''}
<p><a href="${portalUrl(context)}">${bi(both('← Мои заявки', '← My applications'))}</a></p>`,
    errors,
  );
}
