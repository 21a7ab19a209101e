import { UnsupportedMediaTypeError, ValidationError } from '#shared/errors';
import { type ApiEvent, rawBody, requestHeader } from '#shared/http/api';

/**
 * The fields of an HTML form post, as a browser sends them without any
 * script: `application/x-www-form-urlencoded`, or `multipart/form-data` when
 * the form uploads a file (the portal's member list as CSV). Repeated fields
 * (checkboxes) keep every value; uploaded files are read as UTF-8 text.
 */
export interface FormBody {
  fields: Map<string, string[]>;
  files: Map<string, { filename: string; contentType: string; text: string }>;
}

const URLENCODED = /^application\/x-www-form-urlencoded\b/i;
const MULTIPART = /^multipart\/form-data\b/i;

function add(fields: Map<string, string[]>, name: string, value: string) {
  const values = fields.get(name);
  if (values) values.push(value);
  else fields.set(name, [value]);
}

/** A header parameter (`name="x"`, `boundary=y`), quoted or not. */
function parameter(header: string, name: string): string | undefined {
  const match = new RegExp(`(?:^|;)\\s*${name}=(?:"([^"]*)"|([^;\\s]*))`, 'i').exec(header);
  return match ? (match[1] ?? match[2]) : undefined;
}

export function parseMultipart(body: string, boundary: string): FormBody {
  const form: FormBody = { fields: new Map(), files: new Map() };
  const delimiter = `--${boundary}`;
  const parts = body.split(delimiter);
  // parts[0] is the preamble; the part after the closing delimiter starts with "--".
  for (const part of parts.slice(1)) {
    if (part.startsWith('--')) break;
    const headerEnd = part.indexOf('\r\n\r\n');
    if (headerEnd < 0)
      throw new ValidationError('the form is malformed', [{ path: '$', message: 'a part has no headers' }]);
    const headers = part.slice(2, headerEnd).split('\r\n');
    // The part's content ends with the CRLF that precedes the next delimiter.
    const content = part.slice(headerEnd + 4).replace(/\r\n$/, '');
    const disposition = headers.find((line) => /^content-disposition:/i.test(line)) ?? '';
    const name = parameter(disposition, 'name');
    if (!name) continue;
    const filename = parameter(disposition, 'filename');
    if (filename === undefined) {
      add(form.fields, name, content);
    } else if (filename !== '' || content !== '') {
      const type =
        headers
          .find((line) => /^content-type:/i.test(line))
          ?.split(':')[1]
          ?.trim() ?? '';
      form.files.set(name, { filename, contentType: type, text: content });
    }
  }
  return form;
}

export function parseFormBody(event: ApiEvent): FormBody {
  const contentType = requestHeader(event, 'content-type')?.trim() ?? '';
  const body = rawBody(event);
  if (URLENCODED.test(contentType)) {
    const fields = new Map<string, string[]>();
    for (const [name, value] of new URLSearchParams(body)) add(fields, name, value);
    return { fields, files: new Map() };
  }
  const boundary = MULTIPART.test(contentType) ? parameter(contentType, 'boundary') : undefined;
  if (boundary) return parseMultipart(body, boundary);
  throw new UnsupportedMediaTypeError('post the form', [
    {
      path: 'content-type',
      message: `expected application/x-www-form-urlencoded or multipart/form-data, got ${contentType || 'nothing'}`,
    },
  ]);
}

/** The fields as an object for a schema: one value per field, every value where `lists` says so. */
export function formObject(form: FormBody, lists: readonly string[] = []): Record<string, unknown> {
  return Object.fromEntries(
    [...form.fields].map(([name, values]) => [name, lists.includes(name) ? values : values[0]]),
  );
}
