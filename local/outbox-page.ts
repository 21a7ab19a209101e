import type { OutboxMessage } from '#local/outbox';
import { escapeHtml } from '#shared/html';

/** The local outbox, newest first: who got what, and the links to click. */
export function renderOutboxPage(messages: readonly OutboxMessage[]): string {
  const rows = [...messages]
    .reverse()
    .map(
      (message) => `<article>
  <h2>${escapeHtml(message.subject)}</h2>
  <p class="meta">To ${escapeHtml(message.to.join(', '))} · ${escapeHtml(message.sentAt)}</p>
  <ul>${message.links.map((link) => `<li><a href="${escapeHtml(link)}">${escapeHtml(link)}</a></li>`).join('')}</ul>
  <details><summary>Text</summary><pre>${escapeHtml(message.text)}</pre></details>
</article>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Local outbox (${messages.length})</title>
<style>body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}article{border-bottom:1px solid #ddd;padding:.5rem 0}.meta{color:#555}pre{white-space:pre-wrap}</style>
</head><body><h1>Local outbox</h1><p>${messages.length} message(s). JSON: <a href="/_local/outbox.json">/_local/outbox.json</a></p>
${rows || '<p>No email sent yet.</p>'}
</body></html>`;
}
