import { html } from '#shared/html';
import { adminPage, both } from '#shared/pages/admin/layout';
import { bi } from '#shared/pages/layout';

/** `/admin`: where an operator starts: the lists that need attention. */
export function adminHomePage(operatorId: string): string {
  const link = (href: string, ru: string, en: string) =>
    html`<li><a href="${href}">${bi(both(ru, en))}</a></li>`;
  return adminPage(
    both('Консоль оператора', 'Operator console'),
    { operatorId, current: 'home' },
    html`<h2>${bi(both('Заявки', 'Applications'))}</h2>
<ul>
${link('/admin/applications', 'Открытые заявки, самые старые первыми', 'Open applications, oldest first')}
${link('/admin/applications?stuck=true', 'Застрявшие заявки', 'Stuck applications')}
${link('/admin/applications?status=FAILED', 'Заявки со сбоем (FAILED): перезапуск', 'Failed applications (FAILED): redrive')}
</ul>`,
  );
}
