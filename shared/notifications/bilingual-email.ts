import { type Department, department } from '#shared/department';
import { html, multiline, type SafeHtml } from '#shared/html';
import type { Lang } from '#shared/labels';

/**
 * Emails are written once as blocks and rendered twice, as plain text and
 * as HTML, so the two versions cannot say different things. Russian comes
 * first, English below.
 */
export type Block =
  | { kind: 'p'; text: string }
  | { kind: 'facts'; rows: ReadonlyArray<readonly [string, string]> }
  | { kind: 'list'; items: readonly string[] }
  | { kind: 'quote'; text: string }
  | { kind: 'link'; label: string; url: string }
  | { kind: 'section'; heading: string; blocks: readonly Block[] };

export interface EmailContent {
  subject: string;
  text: string;
  html: string;
}

function blockText(block: Block): string {
  switch (block.kind) {
    case 'p':
      return block.text;
    case 'facts':
      return block.rows.map(([label, value]) => `${label}: ${value}`).join('\n');
    case 'list':
      return block.items.map((item) => `- ${item}`).join('\n');
    case 'quote':
      return block.text
        .split(/\r?\n/)
        .map((line) => `> ${line}`)
        .join('\n');
    case 'link':
      // On its own line with nothing after it, so mail clients and scanners take the whole URL.
      return `${block.label}:\n${block.url}`;
    case 'section':
      return [block.heading, ...block.blocks.map(blockText)].join('\n');
  }
}

function blockHtml(block: Block): SafeHtml {
  switch (block.kind) {
    case 'p':
      return html`<p>${multiline(block.text)}</p>`;
    case 'facts':
      // Styles, not the obsolete align/valign/cellpadding attributes: mail clients read inline styles.
      return html`<table role="presentation" style="border-collapse:collapse">${block.rows.map(
        ([label, value]) =>
          html`<tr><th scope="row" style="text-align:left;vertical-align:top;padding:4px 12px 4px 0">${label}</th><td style="vertical-align:top;padding:4px 0">${multiline(value)}</td></tr>`,
      )}</table>`;
    case 'list':
      return html`<ul>${block.items.map((item) => html`<li>${item}</li>`)}</ul>`;
    case 'quote':
      return html`<blockquote style="border-left:3px solid #ccc;margin:0;padding-left:1em">${multiline(block.text)}</blockquote>`;
    case 'link':
      return html`<p><a href="${block.url}">${block.label}</a></p><p style="font-size:small;color:#555;overflow-wrap:anywhere">${block.url}</p>`;
    case 'section':
      return html`<h2 style="font-size:1.1em">${block.heading}</h2>${block.blocks.map(blockHtml)}`;
  }
}

/** Every email ends with who sent it and how to reach them: nobody should take it for phishing. */
export function signature(dept: Department, lang: Lang): Block[] {
  const ru = lang === 'ru';
  return [
    {
      kind: 'p',
      text: ru
        ? `С уважением,\n${dept.name.ru}\nВопросы: ${dept.email}, ${dept.phone} (${dept.hours.ru})`
        : `Kind regards,\n${dept.name.en}\nQuestions: ${dept.email}, ${dept.phone} (${dept.hours.en})`,
    },
  ];
}

/** Subjects stay within this many characters: a phone's mail list shows about that much. */
export const SUBJECT_MAX = 80;

const shorten = (text: string, max: number) =>
  text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;

/**
 * A subject of at most SUBJECT_MAX characters, «русский / English» with the cluster's whole name
 * when that fits. Otherwise a task's subject (`prefer: 'name'`) keeps the whole name and the
 * deadline in Russian alone, as long as they fit, since that is what its reader acts on; a notice
 * (`prefer: 'both'`) keeps its English words and shortens the name, to no less than 20
 * characters. Failing both, Russian alone with as much of the name as fits.
 */
export function subjectLine(
  clusterName: string,
  words: (cluster: string) => Record<Lang, string>,
  prefer: 'name' | 'both' = 'both',
): string {
  const full = clusterName.length;
  const shorter = [40, 30, 20, 12].filter((max) => max < full);
  const bilingual = shorter.filter((max) => max >= 20).map((max) => ({ max, both: true }));
  const candidates = [
    { max: full, both: true },
    ...(prefer === 'name'
      ? [{ max: full, both: false }, ...bilingual]
      : [...bilingual, { max: full, both: false }]),
    ...shorter.map((max) => ({ max, both: false })),
  ];
  for (const { max, both } of candidates) {
    const { ru, en } = words(shorten(clusterName, max));
    const subject = both ? `${ru} / ${en}` : ru;
    if (subject.length <= SUBJECT_MAX) return subject;
  }
  return shorten(words(shorten(clusterName, 12)).ru, SUBJECT_MAX);
}

export function bilingualEmail(
  subject: string,
  body: Readonly<Record<Lang, readonly Block[]>>,
): EmailContent {
  const dept = department();
  const ru = [...body.ru, ...signature(dept, 'ru')];
  const en = [...body.en, ...signature(dept, 'en')];
  const text = [ru.map(blockText).join('\n\n'), '-----', en.map(blockText).join('\n\n')].join('\n\n');
  const document = html`<!doctype html><html lang="ru"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${subject}</title></head>
<body style="font-family:Arial,sans-serif;line-height:1.4;max-width:40em;margin:0 auto;padding:8px;color:#1a1a1a;background:#fff">
<header><p style="margin:0 0 12px;padding-bottom:6px;border-bottom:3px solid #8a1538;font-weight:bold">${dept.name.ru} <span lang="en" style="color:#4a4a4a">/ ${dept.name.en}</span></p></header>
<main>
<h1 style="font-size:1.25em">${subject}</h1>
<div lang="ru">${ru.map(blockHtml)}</div>
<hr>
<div lang="en">${en.map(blockHtml)}</div>
</main>
</body></html>`;
  return { subject, text: `${text}\n`, html: document.toString() };
}
