import { createHash } from 'node:crypto';
import { type Department, department } from '#shared/department';
import { html, SafeHtml } from '#shared/html';
import type { Bilingual } from '#shared/labels';

/**
 * The frame of every page behind an emailed link (and of the portal):
 * server-rendered, no script, one inline style sheet allowed by its hash,
 * readable on a phone. Russian first, English after it. Every page says which
 * department writes and how to reach it; a page with form errors starts with
 * their summary, which takes the focus (GOV.UK's pattern, without script).
 */

const CSS = `
body{overflow-wrap:anywhere;font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;line-height:1.5;margin:0 auto;max-width:46rem;padding:0 1rem 1rem;color:#1a1a1a;background:#fff}
.site{border-bottom:4px solid #8a1538;margin:0 -1rem 1rem;padding:.5rem 1rem;font-size:.9rem;font-weight:600;color:#1a1a1a}
.site p{margin:0}
.site-footer{border-top:1px solid #bbb;margin-top:2.5rem;padding-top:.75rem;font-size:.9rem}
.site-footer p{margin:.25rem 0}
a{color:#0b4f9c}a:focus{outline:3px solid #fd0;background:#fd0;color:#0b0c0c}
.error-summary{border:4px solid #a11;padding:.75rem 1rem;margin:1rem 0}.error-summary:focus{outline:3px solid #fd0}
.error-summary h2{margin-top:0;font-size:1.15rem}.error-summary ul{margin:0;padding-left:1.2rem}.error-summary a{color:#a11;font-weight:600}
.check{border:2px solid #1a1a1a;border-radius:.5rem;padding:.5rem 1rem;margin:1rem 0}
.secondary{background:#fff}
h1{font-size:1.5rem;line-height:1.25;overflow-wrap:anywhere}h2{font-size:1.2rem;margin-top:2rem}h3{font-size:1.05rem}
.en{color:#4a4a4a}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem}dt{font-weight:600}dd{margin:0;overflow-wrap:anywhere}
@media (max-width:34rem){dl{grid-template-columns:1fr}dd{margin-bottom:.5rem}}
fieldset{border:1px solid #bbb;border-radius:.5rem;margin:1rem 0;padding:.75rem 1rem;min-width:0}
legend{font-weight:600;padding:0 .25rem}
label{display:block;margin:.6rem 0 .2rem}
.choice{display:flex;gap:.5rem;align-items:center}
input[type=number]{width:6rem;font-size:1rem;padding:.4rem}
input[type=email]{width:100%;box-sizing:border-box;font-size:1rem;padding:.4rem}
select{font-size:1rem;padding:.4rem;max-width:100%;width:100%}
.notice{border-left:4px solid #8a5a00;padding:.25rem .75rem;background:#fdf6e3}
textarea{width:100%;box-sizing:border-box;min-height:8rem;font-size:1rem;padding:.5rem}
button{font-size:1rem;padding:.7rem 1.2rem;margin:.5rem .5rem .5rem 0;border-radius:.4rem;border:1px solid #222;background:#f2f2f2;color:#111;cursor:pointer}
.approve{background:#0a6b2d;border-color:#0a6b2d;color:#fff}.reject{background:#a11;border-color:#a11;color:#fff}
.approve .en,.reject .en{color:inherit}
.hint{color:#4a4a4a;margin:.2rem 0}
.error{color:#a11;font-weight:600;margin:.2rem 0}
.errors{border:2px solid #a11;border-radius:.5rem;padding:.5rem 1rem}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.3rem .5rem;border-bottom:1px solid #e5e5e5;vertical-align:top}
blockquote{border-left:3px solid #bbb;margin:.5rem 0;padding-left:1rem;overflow-wrap:anywhere}
.review{border-top:1px solid #ddd;padding-top:.5rem}
`;

// A constant of this module, not escaped: escaping would change its quotes and so its hash.
const STYLE = new SafeHtml(CSS);
const STYLE_HASH = `'sha256-${createHash('sha256').update(CSS).digest('base64')}'`;

/** HTTPS only for two years, on this host and below it (browsers ignore it over plain HTTP, locally). */
export const STRICT_TRANSPORT_SECURITY = 'max-age=63072000; includeSubDomains';

/** The pages use no device or browser feature: deny them all to the page and anything it could embed. */
export const PERMISSIONS_POLICY =
  'accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()';

/** Nothing loads but the hashed style sheet; the forms post only back to this origin; no framing. */
export const PAGE_HEADERS: Readonly<Record<string, string>> = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'strict-transport-security': STRICT_TRANSPORT_SECURITY,
  'permissions-policy': PERMISSIONS_POLICY,
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'content-security-policy': `default-src 'none'; style-src ${STYLE_HASH}; img-src 'none'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'`,
};

/** "Русский / English", the English part marked as such for screen readers. */
export function bi(text: Bilingual): SafeHtml {
  return html`${text.ru} <span class="en" lang="en">/ ${text.en}</span>`;
}

/** One problem of a refused form: the id of the field it links to, and what to do, in both languages. */
export interface ErrorSummaryItem {
  field: string;
  message: Bilingual;
}

export interface PageOptions {
  /** Problems of a refused form: the title says «Ошибка», the summary comes first and takes the focus. */
  errors?: readonly ErrorSummaryItem[];
}

export const ERROR_SUMMARY_ID = 'error-summary';

/**
 * The summary at the top of a refused form: every problem linked to its field. `autofocus` (valid on
 * any element; it needs `tabindex`) moves the focus to it on load, so a screen reader reads it first
 * and a keyboard starts from it, with no script.
 */
export function errorSummaryBlock(errors: readonly ErrorSummaryItem[]): SafeHtml {
  if (errors.length === 0) return html``;
  return html`<div class="error-summary" id="${ERROR_SUMMARY_ID}" role="alert" tabindex="-1" autofocus aria-labelledby="${ERROR_SUMMARY_ID}-title">
<h2 id="${ERROR_SUMMARY_ID}-title">${bi({ ru: 'Ответ не отправлен: исправьте ошибки', en: 'Not submitted: please correct these' })}</h2>
<ul>${errors.map((error) => html`<li><a href="#${error.field}">${bi(error.message)}</a></li>`)}</ul>
</div>`;
}

/** Who writes: the department, at the top of every page. */
function siteHeader(dept: Department): SafeHtml {
  return html`<header class="site"><p>${dept.name.ru}</p></header>`;
}

/** How to reach the department: the contact on every page. */
export function contactBlock(dept: Department = department()): SafeHtml {
  return html`<p>${bi(dept.name)}</p>
<p>${bi({ ru: 'Вопросы по заявкам', en: 'Questions about applications' })}: <a href="mailto:${dept.email}">${dept.email}</a>, <a href="tel:${dept.phone.replace(/[^+\d]/g, '')}">${dept.phone}</a> (${bi(dept.hours)})</p>`;
}

export function pageDocument(title: Bilingual, body: SafeHtml, options: PageOptions = {}): string {
  const dept = department();
  const errors = options.errors ?? [];
  const prefix = errors.length > 0 ? { ru: 'Ошибка: ', en: 'Error: ' } : { ru: '', en: '' };
  return html`<!doctype html>
<html lang="ru">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>${prefix.ru}${title.ru} / ${prefix.en}${title.en} — ${dept.name.ru}</title>
<style>${STYLE}</style>
</head>
<body>
${siteHeader(dept)}
<main>
${errorSummaryBlock(errors)}
<h1>${bi(title)}</h1>
${body}
</main>
<footer class="site-footer">
${contactBlock(dept)}
</footer>
</body>
</html>
`.toString();
}
