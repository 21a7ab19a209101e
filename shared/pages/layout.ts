import { createHash } from 'node:crypto';
import { html, SafeHtml } from '#shared/html';
import type { Bilingual } from '#shared/labels';

/**
 * The frame of every page behind an emailed link: server-rendered, no
 * script, one inline style sheet allowed by its hash, readable on a phone.
 * Russian first, English after it.
 */

const CSS = `
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;line-height:1.5;margin:0 auto;max-width:46rem;padding:1rem;color:#1a1a1a;background:#fff}
h1{font-size:1.5rem;line-height:1.25;overflow-wrap:anywhere}h2{font-size:1.2rem;margin-top:2rem}h3{font-size:1.05rem}
.en{color:#4a4a4a}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem}dt{font-weight:600}dd{margin:0;overflow-wrap:anywhere}
@media (max-width:34rem){dl{grid-template-columns:1fr}dd{margin-bottom:.5rem}}
fieldset{border:1px solid #bbb;border-radius:.5rem;margin:1rem 0;padding:.75rem 1rem}
legend{font-weight:600;padding:0 .25rem}
label{display:block;margin:.6rem 0 .2rem}
.choice{display:flex;gap:.5rem;align-items:center}
input[type=number]{width:6rem;font-size:1rem;padding:.4rem}
input[type=email]{width:100%;box-sizing:border-box;font-size:1rem;padding:.4rem}
select{font-size:1rem;padding:.4rem;max-width:100%}
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

export function pageDocument(title: Bilingual, body: SafeHtml): string {
  return html`<!doctype html>
<html lang="ru">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>${title.ru} / ${title.en}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<h1>${bi(title)}</h1>
${body}
</main>
</body>
</html>
`.toString();
}
