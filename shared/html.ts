/**
 * Escaping HTML templates for emails and pages. Every interpolated value is
 * escaped unless it is itself a fragment built here, so markup cannot be
 * injected by an application's text (cluster names, comments, ...).
 */

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => ENTITIES[char] ?? char);
}

/** Markup that is already safe: produced by `html` or `join`, never from caller text. */
export class SafeHtml {
  readonly #markup: string;
  constructor(markup: string) {
    this.#markup = markup;
  }
  toString(): string {
    return this.#markup;
  }
}

export type HtmlValue = SafeHtml | string | number | null | undefined | false | readonly HtmlValue[];

function render(value: HtmlValue): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof SafeHtml) return value.toString();
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
}

/** Tagged template: `html\`<p>${comment}</p>\`` escapes `comment`. */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let out = strings[0] ?? '';
  values.forEach((value, index) => {
    out += render(value) + (strings[index + 1] ?? '');
  });
  return new SafeHtml(out);
}

/** Multi-line text as paragraphs-with-breaks, escaped. */
export function multiline(text: string): SafeHtml {
  return new SafeHtml(
    text
      .split(/\r?\n/)
      .map((line) => escapeHtml(line))
      .join('<br>'),
  );
}
