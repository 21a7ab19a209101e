/**
 * A small HTTP client for the local runtime, used by `npm run demo`, the
 * benchmarks and the tests: it drives the system the way clients and people
 * do (sign in, submit, read the outbox, follow the emailed links).
 */
import type { OutboxMessage } from '#local/outbox';

// biome-ignore lint/suspicious/noExplicitAny: replies are whatever JSON the server sent; callers check them.
type Json = any;

/** What `/_local/outbox.json` lists. */
export type OutboxEntry = OutboxMessage;

export interface Reply<T = Json> {
  status: number;
  body: T;
  headers: Headers;
}

/** The path and query of an emailed link, to send to the API under test whatever host the link names. */
const pathOf = (link: string) => {
  const url = new URL(link);
  return `${url.pathname}${url.search}`;
};

export function apiClient(baseUrl: string) {
  const request = async <T = Json>(
    method: string,
    path: string,
    options: { token?: string; body?: unknown; headers?: Record<string, string>; rawBody?: string } = {},
  ): Promise<Reply<T>> => {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let body: string | undefined = options.rawBody;
    if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['content-type'] ??= 'application/json';
    }
    const response = await fetch(new URL(path, baseUrl), { method, headers, body, redirect: 'manual' });
    const text = await response.text();
    let parsed: unknown = text;
    if (response.headers.get('content-type')?.includes('json')) parsed = text ? JSON.parse(text) : null;
    return { status: response.status, body: parsed as T, headers: response.headers };
  };

  const client = {
    request,
    async login(inn: string): Promise<string> {
      const reply = await request<{ token: string }>('POST', '/_local/login', { body: { inn } });
      if (reply.status !== 200)
        throw new Error(`sign-in as ${inn} failed: ${reply.status} ${JSON.stringify(reply.body)}`);
      return reply.body.token;
    },
    /** An operator's token (the local runtime signs in any operator id). */
    async operatorLogin(operatorId: string): Promise<string> {
      const reply = await request<{ token: string }>('POST', '/_local/login', {
        body: { operator: operatorId },
      });
      if (reply.status !== 200)
        throw new Error(
          `sign-in as operator ${operatorId} failed: ${reply.status} ${JSON.stringify(reply.body)}`,
        );
      return reply.body.token;
    },
    submit: (token: string, body: unknown, idempotencyKey?: string) =>
      request('POST', '/applications', {
        token,
        body,
        headers: idempotencyKey ? { 'idempotency-key': idempotencyKey } : {},
      }),
    /** PUT /applications/{id}: the corrected application after a return for amendment. */
    resubmit: (token: string, applicationId: string, body: unknown, idempotencyKey?: string) =>
      request('PUT', `/applications/${applicationId}`, {
        token,
        body,
        headers: idempotencyKey ? { 'idempotency-key': idempotencyKey } : {},
      }),
    getApplication: (token: string, applicationId: string) =>
      request('GET', `/applications/${applicationId}`, { token }),
    withdraw: (token: string, applicationId: string) =>
      request('POST', `/applications/${applicationId}/withdraw`, { token }),
    /** The outbox, newest last; with an application id, only the mail that names it. */
    async outbox(applicationId?: string): Promise<OutboxEntry[]> {
      const query = applicationId ? `?applicationId=${encodeURIComponent(applicationId)}` : '';
      return (await request<OutboxEntry[]>('GET', `/_local/outbox.json${query}`)).body;
    },
    /** Polls until the application reaches one of `statuses`, failing with its last state otherwise. */
    async waitForStatus(token: string, applicationId: string, statuses: string[], timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      let last: Reply | undefined;
      while (Date.now() < deadline) {
        last = await client.getApplication(token, applicationId);
        if (statuses.includes(last.body?.status)) return last.body;
        await new Promise((resolve) => setTimeout(resolve, 150));
      }
      throw new Error(
        `application ${applicationId} never reached ${statuses.join('|')}: ${JSON.stringify(last?.body)}`,
      );
    },
    /** Waits for `count` emailed links of a kind ('consents', 'reviews' or 'signoff') about an application. */
    async waitForLinks(
      applicationId: string,
      kind: 'consents' | 'reviews' | 'signoff',
      count: number,
      timeoutMs = 30_000,
    ) {
      const deadline = Date.now() + timeoutMs;
      let links: string[] = [];
      while (Date.now() < deadline) {
        const messages = await client.outbox(applicationId);
        links = [
          ...new Set(
            messages.flatMap((message) =>
              message.links.filter((link) => new URL(link).pathname.startsWith(`/${kind}/`)),
            ),
          ),
        ];
        if (links.length >= count) return links;
        await new Promise((resolve) => setTimeout(resolve, 150));
      }
      throw new Error(`only ${links.length} of ${count} ${kind} links for ${applicationId} arrived`);
    },
    /** A coordinator invites to its cluster: `{role: "MEMBER", inn}` or `{role: "PARTNER", name, email, ...}`. */
    invite: (token: string, clusterId: string, body: unknown) =>
      request('POST', `/clusters/${clusterId}/invitations`, { token, body }),
    listInvitations: (token: string, clusterId: string, query = '') =>
      request('GET', `/clusters/${clusterId}/invitations${query}`, { token }),
    revokeInvitation: (token: string, clusterId: string, invitationId: string) =>
      request('DELETE', `/clusters/${clusterId}/invitations/${invitationId}`, { token }),
    /** Waits for the emailed link of an invitation (invitation emails name no application). */
    async waitForInvitationLink(invitationId: string, timeoutMs = 30_000): Promise<string> {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        const link = (await client.outbox())
          .flatMap((message) => message.links)
          .find((candidate) => new URL(candidate).pathname === `/invitations/${invitationId}`);
        if (link) return link;
        await new Promise((resolve) => setTimeout(resolve, 150));
      }
      throw new Error(`no emailed link for invitation ${invitationId}`);
    },
    /**
     * Answers `count` consent requests of a create application (every member
     * but the applicant, and every partner) from their emailed links: all
     * CONFIRM unless `answer` says otherwise for a link. Returns the links.
     */
    async answerConsents(
      applicationId: string,
      count: number,
      options: {
        answer?: (link: string, index: number) => 'CONFIRM' | 'DECLINE' | null;
        timeoutMs?: number;
      } = {},
    ): Promise<string[]> {
      const links = await client.waitForLinks(applicationId, 'consents', count, options.timeoutMs);
      for (const [index, link] of links.entries()) {
        const answer = options.answer ? options.answer(link, index) : 'CONFIRM';
        if (!answer) continue;
        const reply = await client.postLink(link, { answer });
        if (reply.status !== 200)
          throw new Error(
            `consent ${answer} for ${applicationId} failed: ${reply.status} ${JSON.stringify(reply.body)}`,
          );
      }
      return links;
    },
    /** Opens an emailed link as a person or a mail scanner would: a plain GET, which changes nothing. */
    getLink: (link: string) => request('GET', pathOf(link)),
    /** Posts to an emailed link as a script would: JSON, signature in the link's query string. */
    postLink: (link: string, body: unknown) =>
      request('POST', pathOf(link), { body, headers: { accept: 'application/json' } }),
  };
  return client;
}

export type LocalClient = ReturnType<typeof apiClient>;
