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
      return html`<table role="presentation" cellpadding="4">${block.rows.map(
        ([label, value]) =>
          html`<tr><th align="left" valign="top">${label}</th><td>${multiline(value)}</td></tr>`,
      )}</table>`;
    case 'list':
      return html`<ul>${block.items.map((item) => html`<li>${item}</li>`)}</ul>`;
    case 'quote':
      return html`<blockquote style="border-left:3px solid #ccc;margin:0;padding-left:1em">${multiline(block.text)}</blockquote>`;
    case 'link':
      return html`<p><a href="${block.url}">${block.label}</a></p><p style="font-size:small;color:#555">${block.url}</p>`;
    case 'section':
      return html`<h3>${block.heading}</h3>${block.blocks.map(blockHtml)}`;
  }
}

export function bilingualEmail(
  subject: string,
  body: Readonly<Record<Lang, readonly Block[]>>,
): EmailContent {
  const text = [body.ru.map(blockText).join('\n\n'), '-----', body.en.map(blockText).join('\n\n')].join(
    '\n\n',
  );
  const document = html`<!doctype html><html lang="ru"><head><meta charset="utf-8"><title>${subject}</title></head>
<body style="font-family:Arial,sans-serif;line-height:1.4;max-width:40em">
<div lang="ru">${body.ru.map(blockHtml)}</div>
<hr>
<div lang="en">${body.en.map(blockHtml)}</div>
</body></html>`;
  return { subject, text: `${text}\n`, html: document.toString() };
}
