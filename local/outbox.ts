import { randomUUID } from 'node:crypto';
import { appendFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { dirname } from 'node:path';
import { readJsonFile } from '#local/json-file';
import { renderOutboxPage } from '#local/outbox-page';

/**
 * The local stand-in for SES v2: the product's mailer calls SendEmail through
 * the AWS SDK (AWS_ENDPOINT_URL_SESV2 points here), and the message lands in
 * an outbox kept on disk, browsable at /_local/outbox and as JSON at
 * /_local/outbox.json (`?applicationId=app_...` lists one application's mail).
 *
 * On disk the outbox is JSON Lines, one message appended per email: sending
 * costs the same with 10 messages in the outbox or 100,000. In memory the
 * messages are indexed by the application ids their subject and text name.
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
/** Application ids (shared/ids.ts: a prefix and 26 base32 characters) named in a message. */
const APPLICATION_ID_PATTERN = /\bapp_[0-9a-z]{26}\b/g;

function decodeEntities(url: string): string {
  return url.replaceAll('&amp;', '&');
}

export function extractLinks(...bodies: string[]): string[] {
  const links = bodies.flatMap((body) =>
    [...body.matchAll(URL_PATTERN)].map((match) => decodeEntities(match[0])),
  );
  return [...new Set(links)];
}

function applicationIdsOf(message: OutboxMessage): Set<string> {
  return new Set(
    [...`${message.subject}\n${message.text}`.matchAll(APPLICATION_ID_PATTERN)].map((m) => m[0]),
  );
}

/** Messages of a JSON Lines file; a line cut short by a crash mid-append is skipped. */
function parseLines(text: string): OutboxMessage[] {
  const messages: OutboxMessage[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    try {
      messages.push(JSON.parse(line) as OutboxMessage);
    } catch {
      // the torn last line of an interrupted append
    }
  }
  return messages;
}

function sendJson(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

export class Outbox {
  readonly #messages: OutboxMessage[] = [];
  readonly #byApplication = new Map<string, OutboxMessage[]>();
  readonly #path: string;
  /** Appends land in the order messages were added. */
  #appending: Promise<void> = Promise.resolve();

  private constructor(path: string) {
    this.#path = path;
  }

  /**
   * Opens the outbox at `path` (JSON Lines). A data folder from before keeps its mail: an
   * `outbox.json` array next to it is carried over once.
   */
  static async open(path: string): Promise<Outbox> {
    const outbox = new Outbox(path);
    let text: string | undefined;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    if (text === undefined) {
      const legacy = await readJsonFile<OutboxMessage[]>(path.replace(/\.jsonl$/, '.json'), []);
      await mkdir(dirname(path), { recursive: true });
      text = legacy.map((message) => `${JSON.stringify(message)}\n`).join('');
      await writeFile(path, text);
    }
    for (const message of parseLines(text)) outbox.#remember(message);
    return outbox;
  }

  #remember(message: OutboxMessage) {
    this.#messages.push(message);
    for (const applicationId of applicationIdsOf(message)) {
      const list = this.#byApplication.get(applicationId);
      if (list) list.push(message);
      else this.#byApplication.set(applicationId, [message]);
    }
  }

  /** Every message, newest last. */
  get messages(): readonly OutboxMessage[] {
    return this.#messages;
  }

  /** The messages whose subject or text names `applicationId`, newest last. */
  about(applicationId: string): readonly OutboxMessage[] {
    if (/^app_[0-9a-z]{26}$/.test(applicationId)) return this.#byApplication.get(applicationId) ?? [];
    return this.#messages.filter(
      (message) => message.subject.includes(applicationId) || message.text.includes(applicationId),
    );
  }

  async add(message: Omit<OutboxMessage, 'id' | 'links' | 'sentAt'>): Promise<OutboxMessage> {
    const stored: OutboxMessage = {
      id: randomUUID(),
      ...message,
      links: extractLinks(message.text, message.html),
      sentAt: new Date().toISOString(),
    };
    this.#remember(stored);
    const line = `${JSON.stringify(stored)}\n`;
    const append = () => appendFile(this.#path, line);
    this.#appending = this.#appending.then(append, append);
    await this.#appending;
    return stored;
  }

  /**
   * Handles SES v2 `SendEmail` (POST /v2/email/outbound-emails) and the outbox's pages
   * (GET /_local/outbox and /_local/outbox.json, both with an optional `?applicationId=`);
   * false for any other request.
   */
  async handle(req: IncomingMessage, res: ServerResponse, body: string): Promise<boolean> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (
      req.method === 'GET' &&
      (url.pathname === '/_local/outbox.json' || url.pathname === '/_local/outbox')
    ) {
      const applicationId = url.searchParams.get('applicationId');
      const messages = applicationId ? this.about(applicationId) : this.#messages;
      if (url.pathname === '/_local/outbox.json') {
        sendJson(res, 200, messages);
      } else {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
        res.end(renderOutboxPage(messages));
      }
      return true;
    }
    if (req.method !== 'POST' || url.pathname !== '/v2/email/outbound-emails') return false;
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
