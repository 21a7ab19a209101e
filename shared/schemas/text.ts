import * as z from 'zod';

/**
 * Free text as people type it. Refused anywhere: C0 and C1 control
 * characters (NUL included), DEL, lone surrogates (not UTF-16 text, cannot be
 * stored as UTF-8), and the bidirectional embedding, override and isolate
 * characters (U+202A–U+202E, U+2066–U+2069) that make text read differently
 * from what it stores. Multi-line fields (summaries, motivations, comments)
 * also take newlines and tabs; single-line fields (names, titles, emails) do not.
 */

/** `\p{Cc}`: C0, DEL and C1; `\p{Cs}` under the `u` flag: lone surrogates only (a pair is one code point). */
const SINGLE_LINE_FORBIDDEN = /[\p{Cc}\p{Cs}\u202a-\u202e\u2066-\u2069]/u;
const MULTI_LINE_FORBIDDEN = /(?![\t\n\r])[\p{Cc}\p{Cs}\u202a-\u202e\u2066-\u2069]/u;

const MESSAGE = {
  singleLine:
    'must not contain control characters, line breaks, lone surrogates or bidirectional override characters',
  multiLine: 'must not contain control characters, lone surrogates or bidirectional override characters',
};

/** True when the text has nothing the field refuses. */
export function isCleanText(value: string, multiLine: boolean): boolean {
  const forbidden = multiLine ? MULTI_LINE_FORBIDDEN : SINGLE_LINE_FORBIDDEN;
  return !forbidden.test(value);
}

/** The refinement every free-text field carries: `.check(cleanText('single'))`. */
export const cleanText = (kind: 'single' | 'multi') =>
  z.refine<string>((value) => isCleanText(value, kind === 'multi'), {
    message: kind === 'multi' ? MESSAGE.multiLine : MESSAGE.singleLine,
  });

/** A required one-line text: trimmed, not empty, at most `max` characters. */
export const lineText = (max: number) =>
  z.string().trim().min(1, 'must not be empty').max(max).check(cleanText('single'));

/** A required multi-line text. */
export const paragraphText = (max: number) =>
  z.string().trim().min(1, 'must not be empty').max(max).check(cleanText('multi'));

/** An optional multi-line text (comments): empty when absent. */
export const optionalParagraphText = (max: number) =>
  z.string().trim().max(max).check(cleanText('multi')).optional().default('');
