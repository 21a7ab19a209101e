import { html, type SafeHtml } from '#shared/html';
import type { Bilingual } from '#shared/labels';
import { bi, type ErrorSummaryItem, pageDocument } from '#shared/pages/layout';

/**
 * The frame of every console page (`/admin`): the shared page layout (same
 * style, headers and CSP as the link pages: no script, forms post to this
 * origin only), a navigation bar and who is signed in. Sections of the
 * console add themselves to `ADMIN_NAV`.
 */

export interface AdminNavItem {
  /** Which page of the console the item leads to (`current` marks it). */
  section: string;
  href: string;
  label: Bilingual;
}

export const ADMIN_NAV: readonly AdminNavItem[] = [
  { section: 'home', href: '/admin', label: { ru: 'Консоль', en: 'Console' } },
  { section: 'applications', href: '/admin/applications', label: { ru: 'Заявки', en: 'Applications' } },
  { section: 'experts', href: '/admin/experts', label: { ru: 'Эксперты', en: 'Experts' } },
  { section: 'officials', href: '/admin/officials', label: { ru: 'Должностные лица', en: 'Officials' } },
  { section: 'figures', href: '/admin/figures', label: { ru: 'Показатели', en: 'Figures' } },
];

export interface AdminFrame {
  operatorId: string;
  /** The `section` of the nav item this page belongs to. */
  current: string;
}

function nav(frame: AdminFrame): SafeHtml {
  return html`<nav aria-label="Консоль оператора / Operator console"><ul>
${ADMIN_NAV.map(
  (item) =>
    html`<li><a href="${item.href}"${item.section === frame.current ? html` aria-current="page"` : ''}>${bi(item.label)}</a></li>`,
)}
</ul></nav>
<form method="post" action="/admin/sign-out"><p class="hint">${bi({ ru: `Вы вошли как оператор ${frame.operatorId}`, en: `Signed in as operator ${frame.operatorId}` })} <button type="submit">${bi({ ru: 'Выйти', en: 'Sign out' })}</button></p></form>`;
}

/**
 * A problem of a refused console form, in both languages: `field` is the name of the form field it
 * concerns (`''`: the form as a whole); each page links it to its element.
 */
export interface ConsoleFormError {
  field: string;
  message: Bilingual;
}

/**
 * A console page: the navigation, then the page's own content. A refused form's `errors` (linked to
 * their elements' ids) make the title start with «Ошибка» and their summary come first.
 */
export function adminPage(
  title: Bilingual,
  frame: AdminFrame,
  body: SafeHtml,
  errors: readonly ErrorSummaryItem[] = [],
): string {
  return pageDocument(
    title,
    html`${nav(frame)}
${body}`,
    { errors },
  );
}

export const both = (ru: string, en: string): Bilingual => ({ ru, en });
