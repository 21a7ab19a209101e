import { APPLICATION_STATUSES, type ApplicationStatus } from '#shared/domain/application';
import { html, type SafeHtml } from '#shared/html';
import { type Bilingual, formatDate, INSTITUTION_LABELS } from '#shared/labels';
import { adminPage, both } from '#shared/pages/admin/layout';
import { bi } from '#shared/pages/layout';
import type { ProgrammeFigures } from '#shared/use-cases/programme-figures';

/**
 * `/admin/figures`: the programme's figures for people. The chart is inline
 * SVG drawn on the server (the pages allow no script, and no inline style:
 * SVG's own attributes size the bars), with the same numbers in a table
 * beside it for screen readers and for copying.
 */

const STATUS_LABELS: Record<string, Bilingual> = {
  SUBMITTED: both('подана', 'submitted'),
  CHECKING_ELIGIBILITY: both('проверка условий', 'checking eligibility'),
  INELIGIBLE: both('не соответствует', 'ineligible'),
  AWAITING_CONSENT: both('согласие участников', 'awaiting consent'),
  IN_REVIEW: both('экспертиза', 'in review'),
  AWAITING_SIGNOFF: both('согласование', 'awaiting sign-off'),
  AMENDMENT_REQUESTED: both('на доработке', 'returned for amendment'),
  APPROVED: both('одобрена', 'approved'),
  REJECTED: both('отклонена', 'rejected'),
  WITHDRAWN: both('отозвана', 'withdrawn'),
  EXPIRED: both('истёк срок', 'expired'),
  FAILED: both('сбой', 'failed'),
  TOTAL: both('вся заявка', 'whole application'),
};

/** A status the labels do not know yet (added to the workflow later) shows as its code. */
const statusLabel = (status: string): Bilingual => STATUS_LABELS[status] ?? both(status, status);

/** `3 д 4 ч` / `3 d 4 h`: durations as people read them. */
export function formatDuration(seconds: number | null, lang: 'ru' | 'en'): string {
  if (seconds === null) return '—';
  const units =
    lang === 'ru'
      ? ([
          [86_400, 'д'],
          [3600, 'ч'],
          [60, 'мин'],
          [1, 'с'],
        ] as const)
      : ([
          [86_400, 'd'],
          [3600, 'h'],
          [60, 'min'],
          [1, 's'],
        ] as const);
  const parts: string[] = [];
  let rest = Math.round(seconds);
  for (const [size, unit] of units) {
    if (rest >= size && parts.length < 2) {
      parts.push(`${Math.floor(rest / size)} ${unit}`);
      rest %= size;
    }
  }
  return parts.length > 0 ? parts.join(' ') : lang === 'ru' ? '0 с' : '0 s';
}

const BAR_HEIGHT = 22;
const LABEL_WIDTH = 190;
const CHART_WIDTH = 560;

/** Horizontal bars, one per row, scaled to the largest; the chart's title names what it shows. */
export function barChart(
  id: string,
  title: string,
  rows: ReadonlyArray<{ label: string; value: number }>,
): SafeHtml {
  const max = Math.max(1, ...rows.map((row) => row.value));
  const barSpace = CHART_WIDTH - LABEL_WIDTH - 50;
  const height = rows.length * BAR_HEIGHT + 4;
  return html`<svg role="img" aria-labelledby="${id}-title" viewBox="0 0 ${CHART_WIDTH} ${height}" width="100%" height="${height}" xmlns="http://www.w3.org/2000/svg">
<title id="${id}-title">${title}</title>
${rows.map((row, index) => {
  const y = index * BAR_HEIGHT + 2;
  const width = Math.round((row.value / max) * barSpace);
  return html`<text x="${LABEL_WIDTH - 6}" y="${y + 15}" text-anchor="end" font-size="13" fill="#1a1a1a">${row.label}</text>
<rect x="${LABEL_WIDTH}" y="${y + 3}" width="${Math.max(width, row.value > 0 ? 2 : 0)}" height="${BAR_HEIGHT - 6}" fill="#1f5f99"></rect>
<text x="${LABEL_WIDTH + width + 6}" y="${y + 15}" font-size="13" fill="#1a1a1a">${String(row.value)}</text>`;
})}
</svg>`;
}

const percent = (rate: number | null) => (rate === null ? '—' : `${Math.round(rate * 1000) / 10}%`);

export function figuresPage(figures: ProgrammeFigures, operatorId: string): string {
  const statuses = Object.keys(figures.countsByStatus) as ApplicationStatus[];
  const ordered = [
    ...APPLICATION_STATUSES.filter((status) => statuses.includes(status)),
    ...statuses.filter((status) => !(APPLICATION_STATUSES as readonly string[]).includes(status)),
  ];
  const windows = figures.windows;
  return adminPage(
    both('Показатели программы', 'Programme figures'),
    { operatorId, current: 'figures' },
    html`<p class="hint">${bi(both(`На ${formatDate(figures.generatedAt, 'ru')}. Окна: последние 30 и 90 дней (по UTC), включая сегодня.`, `As of ${formatDate(figures.generatedAt, 'en')}. Windows: the last 30 and 90 days (UTC), today included.`))}</p>
<h2 id="by-status">${bi(both('Заявки по статусам сейчас', 'Applications by status now'))}</h2>
${barChart(
  'status-chart',
  'Заявки по статусам сейчас / Applications by status now',
  ordered.map((status) => ({ label: statusLabel(status).ru, value: figures.countsByStatus[status] })),
)}
<table>
<caption>${bi(both('Заявки по статусам: сейчас и вошедшие в статус за окно', 'Applications by status: now, and entering the status in each window'))}</caption>
<thead><tr><th scope="col">${bi(both('Статус', 'Status'))}</th><th scope="col">${bi(both('Сейчас', 'Now'))}</th>${windows.map((window) => html`<th scope="col">${bi(both(`За ${window.days} дн.`, `${window.days} days`))}</th>`)}</tr></thead>
<tbody>
${ordered.map(
  (status) =>
    html`<tr><th scope="row">${bi(statusLabel(status))} <code>${status}</code></th><td>${String(figures.countsByStatus[status])}</td>${windows.map((window) => html`<td>${String(window.entered[status] ?? 0)}</td>`)}</tr>`,
)}
</tbody></table>
<h2 id="outcomes">${bi(both('Одобрение и пропущенные сроки', 'Approval and missed deadlines'))}</h2>
<table>
<thead><tr><th scope="col">${bi(both('Показатель', 'Measure'))}</th>${windows.map((window) => html`<th scope="col">${bi(both(`За ${window.days} дн.`, `${window.days} days`))}</th>`)}</tr></thead>
<tbody>
<tr><th scope="row">${bi(both('Доля одобренных (из решённых)', 'Approval rate (of those decided)'))}</th>${windows.map((window) => html`<td>${percent(window.approvalRate)} (${String(window.decided)})</td>`)}</tr>
${missedRows(windows)}
</tbody></table>
<h2 id="stages">${bi(both('Время по этапам (медиана / 90-й процентиль)', 'Time per stage (median / 90th percentile)'))}</h2>
<table>
<thead><tr><th scope="col">${bi(both('Этап', 'Stage'))}</th>${windows.map((window) => html`<th scope="col">${bi(both(`За ${window.days} дн.`, `${window.days} days`))}</th>`)}</tr></thead>
<tbody>
${(windows[0]?.stages ?? []).map(
  (stage) =>
    html`<tr><th scope="row">${bi(statusLabel(stage.stage))}</th>${windows.map((window) => {
      const times = window.stages.find((candidate) => candidate.stage === stage.stage);
      return html`<td>${times && times.count > 0 ? bi({ ru: `${formatDuration(times.medianSeconds, 'ru')} / ${formatDuration(times.p90Seconds, 'ru')} (${times.count})`, en: `${formatDuration(times.medianSeconds, 'en')} / ${formatDuration(times.p90Seconds, 'en')} (${times.count})` }) : '—'}</td>`;
    })}</tr>`,
)}
</tbody></table>
<h2 id="experts">${bi(both('Нагрузка экспертов', 'Expert load'))}</h2>
<p>${bi(both(`Открытых экспертиз у самого загруженного активного эксперта: ${figures.expertLoad.maxOpenReviews}; в среднем: ${figures.expertLoad.meanOpenReviews}.`, `Open reviews of the busiest active expert: ${figures.expertLoad.maxOpenReviews}; mean: ${figures.expertLoad.meanOpenReviews}.`))}</p>
<table>
<thead><tr><th scope="col">${bi(both('Эксперт', 'Expert'))}</th><th scope="col">${bi(both('Институт', 'Institution'))}</th><th scope="col">${bi(both('Открытых', 'Open'))}</th>${windows.map((window) => html`<th scope="col">${bi(both(`Назначено за ${window.days} дн.`, `Assigned, ${window.days} days`))}</th>`)}</tr></thead>
<tbody>
${figures.expertLoad.experts
  .filter((expert) => expert.active || expert.openReviews > 0)
  .map(
    (expert) =>
      html`<tr><th scope="row"><a href="/admin/experts/${expert.expertId}">${expert.name}</a>${expert.active ? '' : html` ${bi(both('(отключён)', '(deactivated)'))}`}</th><td>${bi(INSTITUTION_LABELS[expert.institution as keyof typeof INSTITUTION_LABELS] ?? both(expert.institution, expert.institution))}</td><td>${String(expert.openReviews)}</td>${windows.map((window) => html`<td>${String(expert.assigned[String(window.days)] ?? 0)}</td>`)}</tr>`,
  )}
</tbody></table>`,
  );
}

const MISSED_LABELS: Record<string, Bilingual> = {
  REVIEW: both('экспертизы без ответа к сроку', 'reviews not answered by the deadline'),
  SIGNOFF: both('согласования без решения к сроку', 'sign-offs not decided by the deadline'),
};

function missedRows(windows: ProgrammeFigures['windows']): SafeHtml[] {
  const kinds = [
    ...new Set(['REVIEW', 'SIGNOFF', ...windows.flatMap((window) => Object.keys(window.missedDeadlines))]),
  ];
  return kinds.map((kind) => {
    const expiredIn = kind.startsWith('EXPIRED_IN_') ? kind.slice('EXPIRED_IN_'.length) : null;
    const label =
      MISSED_LABELS[kind] ??
      (expiredIn
        ? both(
            `заявки, истёкшие на этапе «${statusLabel(expiredIn).ru}»`,
            `applications expired in "${statusLabel(expiredIn).en}"`,
          )
        : both(kind, kind));
    return html`<tr><th scope="row">${bi(both('Пропущено: ', 'Missed: '))}${bi(label)}</th>${windows.map((window) => html`<td>${String(window.missedDeadlines[kind] ?? 0)}</td>`)}</tr>`;
  });
}
