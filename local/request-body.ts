import type { IncomingMessage, ServerResponse } from 'node:http';

/** A body over the limit: refused before it is read whole. */
export class BodyTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`the body is larger than ${limit} bytes`);
  }
}

/**
 * Reads a request body up to `limit` bytes. A `content-length` over the limit
 * is refused before a byte is read; a body without one (chunked) is counted
 * as it streams and refused as soon as it passes the limit, so an oversized
 * body is never held in memory. The request is left paused, not destroyed, so
 * the refusal can still be sent (see refuseBody).
 */
export function readLimitedBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    req.pause();
    return Promise.reject(new BodyTooLargeError(limit));
  }
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        done();
        req.pause();
        reject(new BodyTooLargeError(limit));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      done();
      resolve(Buffer.concat(chunks));
    };
    const onError = (error: Error) => {
      done();
      reject(error);
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
  });
}

/** How long a refused client gets to read the answer before the connection is closed. */
export const REFUSAL_LINGER_MS = 2_000;

/**
 * Answers a request whose body was refused without reading the rest: the
 * answer is sent whole (with its length and `connection: close`), the socket
 * stops reading, and it is closed once the client has gone or after
 * REFUSAL_LINGER_MS. Closing at once would reset the connection under a
 * client still sending, and many clients then report the reset, not the answer.
 */
export function refuseBody(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  headers: Record<string, string>,
  body: string,
): void {
  req.pause();
  req.socket.pause();
  res.writeHead(status, {
    ...headers,
    'content-length': String(Buffer.byteLength(body)),
    connection: 'close',
  });
  res.write(body);
  const timer = setTimeout(() => {
    res.end();
    req.socket.destroy();
  }, REFUSAL_LINGER_MS);
  timer.unref();
  req.socket.once('close', () => clearTimeout(timer));
}
