import type { ApplicationStatus } from '#shared/domain/application';
import { html, type SafeHtml } from '#shared/html';
import { type Bilingual, formatDate } from '#shared/labels';
import { bi, pageDocument } from '#shared/pages/layout';

/**
 * The frame of the applicant portal's pages (on the pages' layout): who is
 * signed in and where to go, the error summary a refused form starts with,
 * Moscow time, and the words the portal's pages share.
 */

export const both = (ru: string, en: string): Bilingual => ({ ru, en });

/** A problem with one field of a form, in both languages; `field` is the id of its input. */
export interface PortalFormError {
  field: string;
  message: Bilingual;
}

/** What every portal page knows about its request. */
export interface PortalContext {
  /** The portal's root URL path (`/portal`, or `/api/portal` behind the execute-api stage). */
  base: string;
  signedIn?: { inn: string; name: string; csrfToken: string } | undefined;
}

/** «1 декабря 2026 г., 23:10 МСК» / "1 December 2026, 23:10 Moscow time": the programme's own time. */
export const moscowTime = (iso: string): Bilingual => both(formatDate(iso, 'ru'), formatDate(iso, 'en'));

export const time = (iso: string) => html`<time datetime="${iso}">${bi(moscowTime(iso))}</time>`;

export const STATUS_LABELS: Readonly<Record<ApplicationStatus, Bilingual>> = {
  SUBMITTED: both('подана', 'submitted'),
  CHECKING_ELIGIBILITY: both('проверяется', 'being checked'),
  INELIGIBLE: both('не соответствует условиям', 'ineligible'),
  AWAITING_CONSENT: both('ждёт согласия участников', 'awaiting the members’ consent'),
  IN_REVIEW: both('на экспертизе', 'in expert review'),
  AWAITING_SIGNOFF: both('ждёт решения департамента', 'awaiting the department’s decision'),
  AMENDMENT_REQUESTED: both('возвращена на доработку', 'returned for amendment'),
  APPROVED: both('одобрена', 'approved'),
  REJECTED: both('отклонена', 'rejected'),
  WITHDRAWN: both('отозвана', 'withdrawn'),
  EXPIRED: both('срок истёк', 'expired'),
  FAILED: both('сбой обработки', 'failed'),
};

export const statusLabel = (status: ApplicationStatus) => bi(STATUS_LABELS[status] ?? both(status, status));

/** The error summary at the top of a refused form: focused on load, each problem linked to its field. */
export function errorSummary(errors: readonly PortalFormError[]): SafeHtml {
  if (errors.length === 0) return html``;
  return html`<div class="errors" role="alert" tabindex="-1" autofocus aria-labelledby="error-summary-title">
<h2 id="error-summary-title">${bi(both('Ошибка: форма не отправлена', 'Error: the form was not sent'))}</h2>
<ul>${errors.map((error) => html`<li><a href="#${error.field}">${bi(error.message)}</a></li>`)}</ul>
</div>`;
}

/** The problems of one field, under it. */
export function fieldError(errors: readonly PortalFormError[], field: string): SafeHtml {
  const mine = errors.filter((error) => error.field === field);
  if (mine.length === 0) return html``;
  return html`<div class="error" id="${field}-error">${mine.map((error) => html`<p>${bi(error.message)}</p>`)}</div>`;
}

/** `aria-invalid` and `aria-describedby` of an input (its hint, and its error when it has one). */
export function fieldAria(errors: readonly PortalFormError[], field: string, hintId?: string): SafeHtml {
  const invalid = errors.some((error) => error.field === field);
  const ids = [hintId, invalid ? `${field}-error` : undefined].filter(Boolean).join(' ');
  return html`${invalid ? html` aria-invalid="true"` : ''}${ids ? html` aria-describedby="${ids}"` : ''}`;
}

export const csrfInput = (context: PortalContext) =>
  html`<input type="hidden" name="csrfToken" value="${context.signedIn?.csrfToken ?? ''}">`;

export const portalUrl = (context: PortalContext, path = '') => `${context.base}${path}`;

function navigation(context: PortalContext): SafeHtml {
  const user = context.signedIn;
  if (!user) return html``;
  return html`<nav aria-label="Портал / Portal">
<p>${bi(both(`Вы вошли как ${user.name} (ИНН ${user.inn})`, `Signed in as ${user.name} (INN ${user.inn})`))}</p>
<ul>
<li><a href="${portalUrl(context)}">${bi(both('Мои заявки', 'My applications'))}</a></li>
<li><a href="${portalUrl(context, '/applications/new-create')}">${bi(both('Создать кластер', 'Create a cluster'))}</a></li>
<li><a href="${portalUrl(context, '/applications/new-join')}">${bi(both('Вступить в кластер', 'Join a cluster'))}</a></li>
</ul>
<form method="post" action="${portalUrl(context, '/sign-out')}">${csrfInput(context)}<button type="submit">${bi(both('Выйти', 'Sign out'))}</button></form>
</nav>`;
}

/** A portal page: the title prefixed with «Ошибка» when a form came back refused. */
export function portalPage(
  context: PortalContext,
  title: Bilingual,
  body: SafeHtml,
  errors: readonly PortalFormError[] = [],
): string {
  const shown = errors.length > 0 ? both(`Ошибка: ${title.ru}`, `Error: ${title.en}`) : title;
  return pageDocument(
    shown,
    html`${errorSummary(errors)}
${navigation(context)}
${body}`,
  );
}
