import type { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { BodyTooLargeError, readLimitedBody } from '#local/request-body';

/** A request whose body is `chunks`, counting how many of them were read. */
function request(chunks: Buffer[], headers: Record<string, string> = {}) {
  let read = 0;
  const stream = Readable.from(
    (function* () {
      for (const chunk of chunks) {
        read += 1;
        yield chunk;
      }
    })(),
  );
  return { req: Object.assign(stream, { headers }) as unknown as IncomingMessage, read: () => read };
}

describe('reading a request body under a limit', () => {
  it('reads a body within the limit', async () => {
    const { req } = request([Buffer.from('{"a":'), Buffer.from('1}')]);
    expect((await readLimitedBody(req, 100)).toString()).toBe('{"a":1}');
  });

  it('refuses a declared content-length over the limit before reading anything', async () => {
    const { req, read } = request([Buffer.alloc(10)], { 'content-length': String(32 * 1024 * 1024) });
    await expect(readLimitedBody(req, 1024)).rejects.toBeInstanceOf(BodyTooLargeError);
    expect(read()).toBe(0);
  });

  it('stops a streamed body as soon as it passes the limit', async () => {
    const { req, read } = request(Array.from({ length: 512 }, () => Buffer.alloc(64 * 1024)));
    await expect(readLimitedBody(req, 256 * 1024)).rejects.toBeInstanceOf(BodyTooLargeError);
    expect(read()).toBeLessThanOrEqual(6);
  });
});
