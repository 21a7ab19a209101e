import { createServer, type Server, type Socket } from 'node:net';
import { SendEmailCommand } from '@aws-sdk/client-sesv2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SES_SEND_BUDGET_MS, sesClientWith } from '#shared/adapters/mailer';
import { FUNCTIONS, functionLimits } from '#shared/catalog';

/**
 * A hung SES connection must fail the send within the function's own time,
 * so the email's once-only claim is released and the step's retry sends it
 * (a send still hanging when the function times out would leave the claim in
 * place, and the email would never go).
 */

let server: Server;
let endpoint: string;
const sockets: Socket[] = [];

beforeAll(async () => {
  // Accepts connections and reads requests, never answers.
  server = createServer((socket) => {
    sockets.push(socket);
    socket.on('data', () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  endpoint = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});

afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise((resolve) => server.close(resolve));
});

describe('sending an email through SES', () => {
  it('gives up on a connection that never answers, within the send budget', async () => {
    const client = sesClientWith({
      endpoint,
      region: 'eu-central-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    });
    const started = performance.now();
    const send = client.send(
      new SendEmailCommand({
        FromEmailAddress: 'noreply@example.city',
        Destination: { ToAddresses: ['a@example.org'] },
        Content: { Simple: { Subject: { Data: 's' }, Body: { Text: { Data: 't' } } } },
      }),
    );
    await expect(send).rejects.toThrow();
    const elapsed = performance.now() - started;
    // Not at once (the timeouts are what ended it), and not past the budget (allowing a busy machine).
    expect(elapsed).toBeGreaterThan(3_000);
    expect(elapsed).toBeLessThan(SES_SEND_BUDGET_MS * 2);
    client.destroy();
  }, 60_000);

  it('fits in the time of every function that sends email, with room for its other work', () => {
    const tooShort = Object.entries(FUNCTIONS)
      .filter(([, spec]) => 'sendsEmail' in spec && spec.sendsEmail)
      .filter(([, spec]) => functionLimits(spec).timeoutSeconds * 1000 < SES_SEND_BUDGET_MS + 3_000)
      .map(([key]) => key);
    expect(tooShort).toEqual([]);
  });
});
