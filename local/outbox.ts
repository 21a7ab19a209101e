import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readJsonFile, writeJsonFile } from '#local/json-file';

/**
 * The local stand-in for SES v2: the product's mailer calls SendEmail through
 * the AWS SDK (AWS_ENDPOINT_URL_SESV2 points here), and the message lands in
 * an outbox kept on disk, browsable at /_local/outbox.
 */

export interface OutboxMessage {
  id: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
  /** Every absolute URL in the message, in order of appearance, without duplicates. */
  links: string[];
  sentAt: string;
}

interface SendEmailBody {
  Destination?: { ToAddresses?: string[] };
  Content?: {
    Simple?: { Subject?: { Data?: string }; Body?: { Text?: { Data?: string }; Html?: { Data?: string } } };
  };
}

const URL_PATTERN = /https?:\/\/[^\s"'<>]+/g;

function decodeEntities(url: string): string {
  return url.replaceAll('&amp;', '&');
}

export function extractLinks(...bodies: string[]): string[] {
  const links = bodies.flatMap((body) =>
    [...body.matchAll(URL_PATTERN)].map((match) => decodeEntities(match[0])),
  );
  return [...new Set(links)];
}

export class Outbox {
  #messages: OutboxMessage[] = [];
  readonly #path: string;

  private constructor(path: string) {
    this.#path = path;
  }

  static async open(path: string): Promise<Outbox> {
    const outbox = new Outbox(path);
    outbox.#messages = await readJsonFile<OutboxMessage[]>(path, []);
    return outbox;
  }

  get messages(): readonly OutboxMessage[] {
    return this.#messages;
  }

  async add(message: Omit<OutboxMessage, 'id' | 'links' | 'sentAt'>): Promise<OutboxMessage> {
    const stored: OutboxMessage = {
      id: randomUUID(),
      ...message,
      links: extractLinks(message.text, message.html),
      sentAt: new Date().toISOString(),
    };
    this.#messages.push(stored);
    await writeJsonFile(this.#path, this.#messages);
    return stored;
  }

  /** Handles SES v2 `SendEmail` (POST /v2/email/outbound-emails); false for any other request. */
  async handle(req: IncomingMessage, res: ServerResponse, body: string): Promise<boolean> {
    if (req.method !== 'POST' || req.url?.split('?')[0] !== '/v2/email/outbound-emails') return false;
    const request = JSON.parse(body || '{}') as SendEmailBody;
    const simple = request.Content?.Simple;
    const to = request.Destination?.ToAddresses ?? [];
    if (!simple || to.length === 0) {
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ message: 'Destination and Content.Simple are required' }));
      return true;
    }
    const message = await this.add({
      to,
      subject: simple.Subject?.Data ?? '',
      text: simple.Body?.Text?.Data ?? '',
      html: simple.Body?.Html?.Data ?? '',
    });
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ MessageId: message.id }));
    return true;
  }
}
