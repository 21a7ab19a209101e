import { expect } from 'vitest';
import { sampleCluster, sampleOrganizations } from '#local/sample-data';
import type { Organization } from '#shared/domain/eligibility';
import type { Sector } from '#shared/domain/sectors';

/** A small HTTP client for tests that drive the local runtime the way clients and people do. */

export interface OutboxEntry {
  id: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
  links: string[];
  sentAt: string;
}

export interface Reply<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

export function apiClient(baseUrl: string) {
  const request = async <T = any>(
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
      expect(reply.status, JSON.stringify(reply.body)).toBe(200);
      return reply.body.token;
    },
    submit: (token: string, body: unknown, idempotencyKey?: string) =>
      request('POST', '/applications', {
        token,
        body,
        headers: idempotencyKey ? { 'idempotency-key': idempotencyKey } : {},
      }),
    getApplication: (token: string, applicationId: string) =>
      request('GET', `/applications/${applicationId}`, { token }),
    withdraw: (token: string, applicationId: string) =>
      request('POST', `/applications/${applicationId}/withdraw`, { token }),
    async outbox(): Promise<OutboxEntry[]> {
      return (await request<OutboxEntry[]>('GET', '/_local/outbox.json')).body;
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
    /** Waits for `count` emailed links of a kind ('reviews' or 'signoff') about an application. */
    async waitForLinks(
      applicationId: string,
      kind: 'reviews' | 'signoff',
      count: number,
      timeoutMs = 30_000,
    ) {
      const deadline = Date.now() + timeoutMs;
      let links: string[] = [];
      while (Date.now() < deadline) {
        const messages = (await client.outbox()).filter((message) => message.subject.includes(applicationId));
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
    /** Posts to an emailed link as a script would: JSON, signature in the link's query string. */
    postLink: (link: string, body: unknown) => {
      const url = new URL(link);
      return request('POST', `${url.pathname}${url.search}`, {
        body,
        headers: { accept: 'application/json' },
      });
    },
  };
  return client;
}

export type ApiClient = ReturnType<typeof apiClient>;

const ORGANIZATIONS = sampleOrganizations();
const SAMPLE_CLUSTER = sampleCluster(ORGANIZATIONS, '2026-01-15T09:00:00.000Z');

export const sample = {
  organizations: ORGANIZATIONS,
  cluster: SAMPLE_CLUSTER.cluster,
  clusterMemberInns: new Set(SAMPLE_CLUSTER.members.map((member) => member.inn)),
  /** Active organizations working in one of the sectors, skipping `skip` of them (so tests use distinct ones). */
  activeIn(sectors: readonly Sector[], count: number, skip = 0): Organization[] {
    const found = ORGANIZATIONS.filter(
      (org) => org.status === 'ACTIVE' && org.sectors.some((sector) => sectors.includes(sector)),
    ).slice(skip, skip + count);
    if (found.length < count)
      throw new Error(`only ${found.length} active organizations in ${sectors.join(',')}`);
    return found;
  },
  suspended(): Organization {
    const org = ORGANIZATIONS.find((candidate) => candidate.status === 'SUSPENDED');
    if (!org) throw new Error('no suspended organization in the sample data');
    return org;
  },
};

export function createClusterBody(members: readonly Organization[], name: string, sectors: Sector[]) {
  const [applicant] = members;
  if (!applicant) throw new Error('no members');
  return {
    type: 'CREATE_CLUSTER',
    applicantInn: applicant.inn,
    contactEmail: `applicant@${applicant.inn}.example.org`,
    cluster: {
      name,
      sectors,
      project: { title: `${name}: joint project`, summary: 'A joint R&D project of the members.' },
    },
    memberInns: members.map((member) => member.inn),
  };
}

export function joinClusterBody(applicant: Organization, clusterId: string) {
  return {
    type: 'JOIN_CLUSTER',
    applicantInn: applicant.inn,
    contactEmail: `applicant@${applicant.inn}.example.org`,
    clusterId,
    motivation: 'We make the sensors the cluster needs.',
  };
}

export const approveReview = {
  recommendation: 'APPROVE',
  innovation: 8,
  feasibility: 7,
  cooperation: 9,
  comment: 'Strong consortium.',
};
export const rejectReview = {
  recommendation: 'REJECT',
  innovation: 3,
  feasibility: 2,
  cooperation: 4,
  comment: 'Project lacks focus.',
};
