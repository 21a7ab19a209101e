import { type IncomingMessage, type ServerResponse, STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { ROUTES } from '#shared/catalog';
import type { ErrorDetail } from '#shared/errors';
import { PAGE_HEADERS } from '#shared/pages/layout';
import { errorPage } from '#shared/pages/result-pages';

/**
 * Errors the local edge answers itself (API Gateway's part: bad paths, wrong
 * methods, oversized bodies and headers): the spec's JSON error body, or on
 * the page routes people open from an email a page, as those routes' own
 * errors are (JSON when the client posts or asks for JSON).
 */

const PAGE_PREFIXES = new Set(
  ROUTES.filter((route) => route.auth === 'link' || route.auth === 'portal').map(
    (route) => route.path.split('/').filter(Boolean)[0],
  ),
);

export function isPageRoute(path: string): boolean {
  return PAGE_PREFIXES.has(path.split('/').filter(Boolean)[0]);
}

function wantsJson(headers: IncomingMessage['headers']): boolean {
  const contentType = headers['content-type'] ?? '';
  if (/^application\/(.+\+)?json\b/i.test(contentType)) return true;
  const accept = headers.accept ?? '';
  return /application\/(.+\+)?json/i.test(accept) && !/text\/html/i.test(accept);
}

/** The status line, headers and body of an edge error, for a parsed or a half-parsed request. */
export function edgeErrorResponse(
  request: { path: string; headers: IncomingMessage['headers'] },
  status: number,
  code: string,
  message: string,
  details: readonly ErrorDetail[] = [],
): { headers: Record<string, string>; body: string } {
  if (isPageRoute(request.path) && !wantsJson(request.headers)) {
    return { headers: { ...PAGE_HEADERS }, body: errorPage(status, code, details) };
  }
  return {
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    },
    body: JSON.stringify({ error: { code, message, details } }),
  };
}

export function sendEdgeError(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  code: string,
  message: string,
  details: readonly ErrorDetail[] = [],
  extraHeaders: Record<string, string> = {},
): void {
  const path = (req.url ?? '/').split('?')[0] ?? '/';
  const { headers, body } = edgeErrorResponse({ path, headers: req.headers }, status, code, message, details);
  res.writeHead(status, { ...headers, ...extraHeaders, 'content-length': String(Buffer.byteLength(body)) });
  res.end(body);
}

/** Request line and headers together (API Gateway allows 10 KB of headers; Node's default is 16 KiB). */
export const MAX_HEADER_BYTES = 16 * 1024;

/**
 * The server's `clientError` handler: what Node's HTTP parser refuses (headers
 * over MAX_HEADER_BYTES, a request it cannot parse) is answered like every
 * other error, with the JSON error body (a page on the page routes), instead
 * of Node's bare status line.
 */
export function answerClientError(
  error: Error & { code?: string; rawPacket?: Buffer },
  socket: Duplex,
): void {
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const [status, code, message] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'HEADERS_TOO_LARGE', `the request line and headers are larger than ${MAX_HEADER_BYTES} bytes`]
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'REQUEST_TIMEOUT', 'the request was not received in time']
        : [400, 'BAD_REQUEST', 'the request is not valid HTTP/1.1'];
  // The request line, when it got that far, tells a page route from an API route.
  const path = /^[A-Z]+ (\/[^ ?]*)/.exec(error.rawPacket?.toString('latin1') ?? '')?.[1] ?? '/';
  const response = edgeErrorResponse({ path, headers: {} }, status, code, message);
  const headers = {
    ...response.headers,
    'content-length': String(Buffer.byteLength(response.body)),
    connection: 'close',
  };
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n${Object.entries(headers)
      .map(([name, value]) => `${name}: ${value}\r\n`)
      .join('')}\r\n${response.body}`,
  );
}
