import { type ApplicationStatus, type HistoryEvent, isOpen } from '#shared/domain/application';
import { html, multiline, type SafeHtml } from '#shared/html';
import { APPLICATION_TYPE_LABELS, type Bilingual, sectorList } from '#shared/labels';
import { bi } from '#shared/pages/layout';
import { eligibilityResult } from '#shared/pages/page-sections';
import {
  both,
  csrfInput,
  fieldAria,
  fieldError,
  moscowTime,
  type PortalContext,
  type PortalFormError,
  portalPage,
  portalUrl,
  STATUS_LABELS,
  statusLabel,
  time,
} from '#shared/pages/portal/frame';
import type { ApplicationView } from '#shared/use-cases/application-view';

/** "My applications", one application with its timeline, and the withdrawal's confirmation. */

const row = (label: Bilingual, value: SafeHtml | string) => html`<dt>${bi(label)}</dt><dd>${value}</dd>`;

const ACTION_LABELS: Readonly<Record<string, Bilingual>> = {
  SUBMITTED: both('Заявка подана', 'Application submitted'),
  INVITED: both('Приглашение координатора', 'Invited by the coordinator'),
  ELIGIBILITY_CHECK_STARTED: both('Начата проверка условий', 'Eligibility check started'),
  ELIGIBILITY_CHECKED: both('Проверка условий завершена', 'Eligibility checked'),
  CONSENT_CONFIRMED: both('Участник подтвердил участие', 'A member confirmed taking part'),
  CONSENT_DECLINED: both('Участник отказался', 'A member declined'),
  CONSENT_CONCLUDED: both('Сбор согласий завершён', 'Consent stage ended'),
  EXPERTS_ASSIGNED: both('Назначены эксперты', 'Experts assigned'),
  REVIEW_SUBMITTED: both('Получено заключение эксперта', 'An expert review received'),
  REVIEW_COMPLETED: both('Экспертиза завершена', 'Expert review completed'),
  RECUSED: both('Эксперт взял самоотвод', 'An expert declined the review'),
  SIGNOFF_DELEGATED: both(
    'Решение передано другому должностному лицу',
    'Sign-off handed to another official',
  ),
  SIGNOFF_ESCALATED: both('Решение передано руководителю', 'Sign-off escalated to the head'),
  SIGNOFF_DECIDED: both('Департамент принял решение', 'The department decided'),
  DECISION_APPLIED: both('Решение исполнено', 'Decision applied'),
  APPLICANT_NOTIFIED: both('Заявителю отправлено письмо', 'Applicant emailed'),
  WITHDRAWN: both('Заявка отозвана', 'Application withdrawn'),
  RESUMED: both('Обработка возобновлена', 'Processing resumed'),
  RETURNED_FOR_AMENDMENT: both(
    'Департамент вернул заявку на доработку',
    'Returned for amendment by the department',
  ),
  RESUBMITTED: both('Исправленная заявка подана', 'Amended application resubmitted'),
  REDRIVEN: both('Обработка перезапущена', 'Processing restarted'),
};

function actorLabel(actor: string): Bilingual {
  const [role, id] = actor.split(':');
  switch (role) {
    case 'applicant':
      return both(`заявитель (ИНН ${id})`, `the applicant (INN ${id})`);
    case 'member':
      return both(`участник (ИНН ${id})`, `member (INN ${id})`);
    case 'partner':
      return both('партнёр', 'partner');
    case 'coordinator':
      return both(`координатор (ИНН ${id})`, `the coordinator (INN ${id})`);
    case 'expert':
      return both('эксперт', 'an expert');
    case 'official':
      return both('департамент', 'the department');
    case 'operator':
      return both('оператор программы', 'programme staff');
    default:
      return both('система', 'the system');
  }
}

/** The timeline, newest first. */
export function timeline(history: readonly HistoryEvent[]): SafeHtml {
  const events = [...history].reverse();
  return html`<ol class="timeline" reversed>${events.map(
    (event) =>
      html`<li>${time(event.at)}: ${bi(ACTION_LABELS[event.action] ?? both(event.action, event.action))}${
        event.status ? html` → ${statusLabel(event.status)}` : ''
      } <span class="hint">(${bi(actorLabel(event.actor))})</span>${
        typeof event.detail?.comment === 'string' && event.detail.comment
          ? html`<blockquote>${multiline(event.detail.comment)}</blockquote>`
          : ''
      }</li>`,
  )}</ol>`;
}

/** The cluster an application is about, named for people. */
export function clusterTitle(
  view: Pick<ApplicationView, 'type'> & { cluster?: { name: string } },
  joinName?: string,
): Bilingual {
  if (view.cluster)
    return both(`Создание кластера «${view.cluster.name}»`, `Create the cluster "${view.cluster.name}"`);
  const name = joinName ?? '';
  return both(`Вступление в кластер «${name}»`, `Join the cluster "${name}"`);
}

export interface ListedApplication {
  view: ApplicationView;
  clusterName: string;
}

export function applicationsPage(
  context: PortalContext,
  listed: readonly ListedApplication[],
  coordinated: ReadonlyArray<{ clusterId: string; name: string }>,
  next: string | null,
): string {
  return portalPage(
    context,
    both('Мои заявки', 'My applications'),
    html`<p>${bi(both('Заявки вашей организации, новые сверху. У каждой — её история, новые события сверху.', 'Your organization’s applications, newest first, each with its history, newest first.'))}</p>
<p><a href="${portalUrl(context, '/applications/new-create')}">${bi(both('Подать заявку на создание кластера', 'Apply to create a cluster'))}</a>
· <a href="${portalUrl(context, '/applications/new-join')}">${bi(both('Подать заявку на вступление в кластер', 'Apply to join a cluster'))}</a></p>
${
  coordinated.length > 0
    ? html`<h2>${bi(both('Кластеры, которые вы координируете', 'Clusters you coordinate'))}</h2>
<ul>${coordinated.map((cluster) => html`<li><a href="${portalUrl(context, `/clusters/${cluster.clusterId}/invitations`)}">${bi(both(`Приглашения кластера «${cluster.name}»`, `Invitations of the cluster "${cluster.name}"`))}</a></li>`)}</ul>`
    : ''
}
<h2>${bi(both('Заявки', 'Applications'))}</h2>
${listed.length === 0 ? html`<p>${bi(both('Заявок пока нет.', 'No applications yet.'))}</p>` : ''}
${listed.map(
  ({ view, clusterName }) => html`<section class="review" aria-labelledby="h-${view.applicationId}">
<h3 id="h-${view.applicationId}"><a href="${portalUrl(context, `/applications/${view.applicationId}`)}">${bi(clusterTitle(view, clusterName))}</a></h3>
<dl>
${row(both('Статус', 'Status'), statusLabel(view.status))}
${row(both('Номер заявки', 'Application id'), view.applicationId)}
${row(both('Подана', 'Submitted'), time(view.createdAt))}
</dl>
<details><summary>${bi(both(`История (${view.history.length})`, `History (${view.history.length})`))}</summary>${timeline(view.history)}</details>
</section>`,
)}
${next ? html`<p><a href="${portalUrl(context, `?cursor=${encodeURIComponent(next)}`)}">${bi(both('Следующие заявки', 'More applications'))}</a></p>` : ''}`,
  );
}

const NEXT_STEPS: Partial<Record<ApplicationStatus, Bilingual>> = {
  SUBMITTED: both(
    'Заявка проверяется на соответствие условиям программы.',
    'The application is being checked against the programme rules.',
  ),
  CHECKING_ELIGIBILITY: both(
    'Заявка проверяется на соответствие условиям программы.',
    'The application is being checked against the programme rules.',
  ),
  AWAITING_CONSENT: both(
    'Участникам и партнёрам отправлены письма: они подтверждают участие. Затем — экспертиза.',
    'The members and partners are emailed to confirm taking part; then the expert review.',
  ),
  IN_REVIEW: both(
    'Эксперты рассматривают заявку; затем решение примет департамент.',
    'Experts are reviewing it; then the department decides.',
  ),
  AWAITING_SIGNOFF: both(
    'Решение принимает департамент. Вы получите письмо.',
    'The department is deciding. You will be emailed.',
  ),
};

export function applicationPage(
  context: PortalContext,
  view: ApplicationView,
  clusterName: string,
  notice?: Bilingual,
  actions: SafeHtml = html``,
): string {
  const cluster = 'cluster' in view && view.cluster ? view.cluster : undefined;
  const next = NEXT_STEPS[view.status];
  return portalPage(
    context,
    clusterTitle(view, clusterName),
    html`${notice ? html`<p class="notice" role="status">${bi(notice)}</p>` : ''}
<dl>
${row(both('Статус', 'Status'), statusLabel(view.status))}
${row(both('Номер заявки', 'Application id'), view.applicationId)}
${row(both('Тип', 'Type'), bi(APPLICATION_TYPE_LABELS[view.type]))}
${row(both('Кластер', 'Cluster'), cluster?.name ?? clusterName)}
${cluster ? row(both('Отрасли', 'Sectors'), bi({ ru: sectorList(cluster.sectors, 'ru'), en: sectorList(cluster.sectors, 'en') })) : ''}
${'memberCount' in view && typeof view.memberCount === 'number' ? row(both('Участников в заявке', 'Members listed'), String(view.memberCount)) : ''}
${row(both('Контактный email', 'Contact email'), view.contactEmail)}
${row(both('Подана', 'Submitted'), time(view.createdAt))}
${row(both('Обновлена', 'Updated'), time(view.updatedAt))}
${view.consent ? row(both('Согласия участников', 'Members’ consent'), bi(both(`подтвердили ${view.consent.confirmed} из ${view.consent.asked}, отказались ${view.consent.declined}, ждём ${view.consent.pending}; срок ${moscowTime(view.consent.deadline).ru}`, `${view.consent.confirmed} of ${view.consent.asked} confirmed, ${view.consent.declined} declined, ${view.consent.pending} pending; deadline ${moscowTime(view.consent.deadline).en}`))) : ''}
${view.reviews ? row(both('Экспертиза', 'Expert review'), bi(both(`получено заключений: ${view.reviews.received} из ${view.reviews.assigned}`, `${view.reviews.received} of ${view.reviews.assigned} reviews received`))) : ''}
${view.decision ? row(both('Решение', 'Decision'), html`${statusLabel(view.decision.outcome as ApplicationStatus)}, ${time(view.decision.decidedAt)}${view.decision.comment ? html`<blockquote>${multiline(view.decision.comment)}</blockquote>` : ''}`) : ''}
</dl>
${cluster ? html`<h2>${bi(both('Проект', 'Project'))}</h2><h3>${cluster.project.title}</h3><p>${multiline(cluster.project.summary)}</p>` : ''}
${'motivation' in view && view.motivation ? html`<h2>${bi(both('Обоснование', 'Motivation'))}</h2><p>${multiline(view.motivation)}</p>` : ''}
${view.eligibility ? eligibilityResult(view.eligibility) : ''}
${next ? html`<h2>${bi(both('Что дальше', 'What happens next'))}</h2><p>${bi(next)}</p>` : ''}
${
  view.status === 'AMENDMENT_REQUESTED' && view.amendment
    ? html`<h2>${bi(both('Доработка', 'Amendment'))}</h2>
<p>${bi(both(`Комментарий департамента (раунд ${view.amendment.round}); подать исправленную заявку до ${moscowTime(view.amendment.deadline).ru}:`, `The department’s comment (round ${view.amendment.round}); resubmit by ${moscowTime(view.amendment.deadline).en}:`))}</p>
<blockquote>${multiline(view.amendment.comment)}</blockquote>
<p><a href="${portalUrl(context, `/applications/${view.applicationId}/resubmit`)}">${bi(both('Исправить и подать снова', 'Correct and resubmit'))}</a></p>`
    : ''
}
${actions}
${
  isOpen(view.status)
    ? html`<p><a href="${portalUrl(context, `/applications/${view.applicationId}/withdraw`)}">${bi(both('Отозвать заявку', 'Withdraw the application'))}</a></p>`
    : ''
}
${
  view.status === 'APPROVED' && 'createdClusterId' in view && view.createdClusterId
    ? html`<p><a href="${portalUrl(context, `/clusters/${view.createdClusterId}/invitations`)}">${bi(both('Пригласить участников и партнёров в кластер', 'Invite members and partners to the cluster'))}</a></p>`
    : ''
}
<h2>${bi(both('История', 'History'))}</h2>
${timeline(view.history)}
<p><a href="${portalUrl(context)}">${bi(both('← Все заявки', '← All applications'))}</a></p>`,
  );
}

/** The confirmation step before a withdrawal, which cannot be undone. */
export function withdrawPage(
  context: PortalContext,
  view: ApplicationView,
  clusterName: string,
  errors: readonly PortalFormError[] = [],
): string {
  const title = clusterTitle(view, clusterName);
  return portalPage(
    context,
    both(`Отозвать заявку: ${title.ru}`, `Withdraw the application: ${title.en}`),
    html`<dl>
${row(both('Номер заявки', 'Application id'), view.applicationId)}
${row(both('Статус', 'Status'), bi(STATUS_LABELS[view.status]))}
</dl>
<p>${bi(both('Отозванную заявку нельзя вернуть: ссылки экспертов, участников и департамента перестанут действовать. Подать новую заявку можно.', 'A withdrawn application cannot be restored: the experts’, members’ and department’s links stop working. You may file a new one.'))}</p>
<form method="post" action="${portalUrl(context, `/applications/${view.applicationId}/withdraw`)}">
${csrfInput(context)}
<p class="choice"><input type="checkbox" id="confirm" name="confirm" value="yes" required${fieldAria(errors, 'confirm')}>
<label for="confirm">${bi(both('Я понимаю, что заявка будет отозвана окончательно', 'I understand the application is withdrawn for good'))}</label></p>
${fieldError(errors, 'confirm')}
<button type="submit" class="reject">${bi(both('Отозвать заявку', 'Withdraw the application'))}</button>
</form>
<p><a href="${portalUrl(context, `/applications/${view.applicationId}`)}">${bi(both('Не отзывать', 'Do not withdraw'))}</a></p>`,
    errors,
  );
}
