import { readFile } from 'node:fs/promises';
import { ListExecutionsCommand, ListStateMachinesCommand, SFNClient } from '@aws-sdk/client-sfn';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { MAX_BODY_BYTES } from '#shared/http/request-limits';
import { createClusterBody, joinClusterBody, sample } from '#test/support/api-client';
import { submitAs, suiteClient } from '#test/support/e2e';
import { suiteRuntimeUrl } from '#test/support/lanes';
import { suiteAwsCredentials } from '#test/support/local-aws';

/**
 * The applicant API's contract over HTTP: every class of bad input gets its
 * own 4xx and the spec's error body, nothing a client sends produces a 5xx
 * or stores an application, idempotent retries create one application and
 * one workflow, and an organization cannot act for another.
 */
const client = suiteClient();
const sfn = new SFNClient({
  endpoint: suiteRuntimeUrl(),
  region: 'local',
  credentials: suiteAwsCredentials,
});
const candidates = sample.activeIn(['it', 'robotics'], 40, 60);
const applicant = candidates[0] ?? sample.organizations[0];
const stranger = candidates[1] ?? sample.organizations[1];
if (!applicant || !stranger) throw new Error('sample data too small');
let token = '';
let strangerToken = '';

async function executionCount(): Promise<number> {
  let count = 0;
  let nextToken: string | undefined;
  const arn = await stateMachineArn();
  do {
    const page = await sfn.send(
      new ListExecutionsCommand({ stateMachineArn: arn, nextToken, maxResults: 1000 }),
    );
    count += page.executions?.length ?? 0;
    nextToken = page.nextToken;
  } while (nextToken);
  return count;
}

let cachedArn = '';
async function stateMachineArn(): Promise<string> {
  if (!cachedArn) {
    const { stateMachines = [] } = await sfn.send(new ListStateMachinesCommand({}));
    cachedArn = stateMachines[0]?.stateMachineArn ?? '';
  }
  return cachedArn;
}

const validJoin = () => joinClusterBody(applicant, sample.cluster.clusterId);
const validCreate = () =>
  createClusterBody([applicant, ...candidates.slice(2, 31)], 'Contract Test Cluster', ['it', 'robotics']);

function expectErrorBody(body: unknown, code: string) {
  expect(body).toMatchObject({ error: { code, message: expect.any(String), details: expect.any(Array) } });
}

const paths = (body: { error: { details: Array<{ path: string }> } }) =>
  body.error.details.map((detail) => detail.path);

beforeAll(async () => {
  token = await client.login(applicant.inn);
  strangerToken = await client.login(stranger.inn);
});

describe('bad input', () => {
  const post = (options: {
    body?: unknown;
    rawBody?: string;
    headers?: Record<string, string>;
    auth?: string | null;
  }) =>
    client.request('POST', '/applications', {
      ...(options.auth === null ? {} : { token: options.auth ?? token }),
      ...(options.body === undefined ? {} : { body: options.body }),
      ...(options.rawBody === undefined ? {} : { rawBody: options.rawBody }),
      headers: { 'content-type': 'application/json', ...options.headers },
    });

  it('malformed JSON is a 400 MALFORMED_JSON', async () => {
    const reply = await post({ rawBody: '{"type": "JOIN_CLUSTER",' });
    expect(reply.status).toBe(400);
    expectErrorBody(reply.body, 'MALFORMED_JSON');
  });

  it('a body that is not JSON is a 415', async () => {
    const reply = await post({
      rawBody: 'type=JOIN_CLUSTER',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(reply.status).toBe(415);
    expectErrorBody(reply.body, 'UNSUPPORTED_MEDIA_TYPE');
  });

  it('an oversize body is a 413', async () => {
    const reply = await post({
      rawBody: JSON.stringify({ ...validJoin(), motivation: 'x'.repeat(MAX_BODY_BYTES) }),
    });
    expect(reply.status).toBe(413);
    expectErrorBody(reply.body, 'PAYLOAD_TOO_LARGE');
  });

  it('unknown fields, wrong types, bad check digits, unknown sectors and oversize values are 400s with their paths', async () => {
    const body = validCreate();
    const badInn = `${body.memberInns[3]?.slice(0, 9)}${(Number(body.memberInns[3]?.at(9)) + 1) % 10}`;
    const reply = await post({
      body: {
        ...body,
        colour: 'green',
        contactEmail: 42,
        cluster: { ...body.cluster, name: 'n'.repeat(1000), sectors: ['it', 'astrology'] },
        memberInns: body.memberInns.map((inn, index) => (index === 3 ? badInn : inn)),
      },
    });
    expect(reply.status).toBe(400);
    expectErrorBody(reply.body, 'VALIDATION_ERROR');
    expect(paths(reply.body)).toEqual(
      expect.arrayContaining([
        'colour',
        'contactEmail',
        'cluster.name',
        'cluster.sectors[1]',
        'memberInns[3]',
      ]),
    );
  });

  it('an unknown application type is a 400 on `type`', async () => {
    const reply = await post({ body: { ...validJoin(), type: 'MERGE_CLUSTERS' } });
    expect(reply.status).toBe(400);
    expect(paths(reply.body)).toContain('type');
  });

  it('more than 2,000 members is a 400 on memberInns', async () => {
    const body = validCreate();
    const reply = await post({
      body: { ...body, memberInns: Array.from({ length: 2001 }, () => applicant.inn) },
    });
    expect(reply.status).toBe(400);
    expect(paths(reply.body)).toContain('memberInns');
  });

  it('no credentials or a forged token is a 401', async () => {
    for (const auth of [null, 'not-a-token']) {
      const reply = await post({ body: validJoin(), auth });
      expect(reply.status).toBe(401);
      expectErrorBody(reply.body, 'UNAUTHORIZED');
    }
  });

  it('acting for another organization is a 403', async () => {
    const reply = await post({ body: validJoin(), auth: strangerToken });
    expect(reply.status).toBe(403);
    expectErrorBody(reply.body, 'FORBIDDEN');
  });

  it('another organization’s application is a 404, to read and to withdraw', async () => {
    const { applicationId } = await submitAs(
      client,
      joinClusterBody(candidates[5] ?? applicant, sample.cluster.clusterId),
    );
    for (const reply of [
      await client.getApplication(strangerToken, applicationId),
      await client.withdraw(strangerToken, applicationId),
      await client.getApplication(strangerToken, 'app_doesnotexist'),
    ]) {
      expect(reply.status).toBe(404);
      expectErrorBody(reply.body, 'NOT_FOUND');
    }
  });

  it('unknown routes and registry entries are 404s', async () => {
    expect((await client.request('GET', '/organizations/7707083893')).status).toBe(404);
    expect((await client.request('GET', '/clusters/clu_unknown')).status).toBe(404);
    expect((await client.request('GET', '/organizations?limit=0')).status).toBe(400);
    expect((await client.request('GET', '/organizations?sector=astrology')).status).toBe(400);
  });
});

describe('the contract document', () => {
  it('is served at GET /openapi.json as kept in docs/openapi.json', async () => {
    const kept = JSON.parse(await readFile(new URL('../../docs/openapi.json', import.meta.url), 'utf8'));
    const served = await client.request('GET', '/openapi.json');
    expect(served.status).toBe(200);
    expect(served.body).toEqual(kept);
  });
});

describe('random and mutated bodies', () => {
  it('never get a 5xx, and only accepted ones start an application', async () => {
    const base = [validJoin(), validCreate()] as Array<Record<string, unknown>>;
    const mutated = fc
      .tuple(
        fc.constantFrom(...base),
        fc.array(fc.tuple(fc.constantFrom('delete', 'set', 'add', 'deep'), fc.string(), fc.jsonValue()), {
          minLength: 1,
          maxLength: 3,
        }),
      )
      .map(([start, mutations]) => {
        const body: Record<string, unknown> = structuredClone(start);
        for (const [kind, key, value] of mutations) {
          const keys = Object.keys(body);
          const target = keys[key.length % keys.length] ?? 'type';
          if (kind === 'delete') delete body[target];
          else if (kind === 'set') body[target] = value;
          else if (kind === 'add') body[key || 'extra'] = value;
          else if (body.cluster && typeof body.cluster === 'object')
            (body.cluster as Record<string, unknown>)[target] = value;
        }
        return JSON.stringify(body);
      });
    const bodies = fc.oneof(
      fc.jsonValue().map((value) => JSON.stringify(value)),
      fc.string(),
      mutated,
      mutated,
    );

    const before = await executionCount();
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(bodies, async (rawBody) => {
        const reply = await client.request('POST', '/applications', {
          token,
          rawBody,
          headers: { 'content-type': 'application/json' },
        });
        expect(reply.status, rawBody.slice(0, 200)).toBeLessThan(500);
        if (reply.status === 202) accepted++;
        else expect(reply.body.error.code, rawBody.slice(0, 200)).toEqual(expect.any(String));
      }),
      { numRuns: 1000 },
    );
    expect(await executionCount()).toBe(before + accepted);
  });
});

describe('Idempotency-Key', () => {
  it('turns 20 concurrent submits into one application and one workflow, and refuses another body', async () => {
    const owner = sample.joinCandidate(22);
    const ownerToken = await client.login(owner.inn);
    const body = joinClusterBody(owner, sample.cluster.clusterId);
    const before = await executionCount();

    const replies = await Promise.all(
      Array.from({ length: 20 }, () => client.submit(ownerToken, body, 'retry-me')),
    );
    expect(replies.map((reply) => reply.status)).toEqual(Array(20).fill(202));
    const ids = new Set(replies.map((reply) => reply.body.applicationId));
    expect(ids.size).toBe(1);
    expect(await executionCount()).toBe(before + 1);

    const different = await client.submit(ownerToken, { ...body, motivation: 'Something else' }, 'retry-me');
    expect(different.status).toBe(409);
    expectErrorBody(different.body, 'IDEMPOTENCY_KEY_REUSED');

    const [applicationId] = ids;
    const submittedMails = (await client.outbox()).filter(
      (message) => message.to.includes(body.contactEmail) && message.text.includes(String(applicationId)),
    );
    expect(submittedMails).toHaveLength(1);
  });
});

describe('GET /applications', () => {
  type Listed = { applicationId: string; applicantInn: string; status: string; statusUrl: string };
  const listAll = async (auth: string, query = '') => {
    const items: Listed[] = [];
    let cursor: string | null = null;
    do {
      const reply = await client.request(
        'GET',
        `/applications?limit=1${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        { token: auth },
      );
      expect(reply.status).toBe(200);
      items.push(...(reply.body.items as Listed[]));
      cursor = reply.body.next as string | null;
    } while (cursor);
    return items;
  };

  it("lists the caller's own applications, newest first, paged and by status; never another's", async () => {
    // Organizations of other sectors than the sample cluster's: their joins end INELIGIBLE at once.
    const owner = candidates[38] ?? applicant;
    const other = candidates[39] ?? stranger;
    const body = joinClusterBody(owner, sample.cluster.clusterId);
    const first = await submitAs(client, body);
    const second = await submitAs(client, { ...body, motivation: 'Second try' } as typeof body);
    const third = await submitAs(client, { ...body, motivation: 'Third try' } as typeof body);
    const othersOwn = await submitAs(client, joinClusterBody(other, sample.cluster.clusterId));
    const ids = [third.applicationId, second.applicationId, first.applicationId];
    for (const id of ids) await client.waitForStatus(first.token, id, ['INELIGIBLE']);

    const listed = await listAll(first.token);
    expect(listed.map((item) => item.applicationId).filter((id) => ids.includes(id))).toEqual(ids);
    expect(listed.every((item) => item.applicantInn === owner.inn)).toBe(true);
    expect(listed.map((item) => item.applicationId)).not.toContain(othersOwn.applicationId);
    expect(listed.find((item) => item.applicationId === first.applicationId)?.statusUrl).toBe(
      `/applications/${first.applicationId}`,
    );

    const ineligible = await listAll(first.token, '&status=INELIGIBLE');
    expect(ineligible.map((item) => item.applicationId).filter((id) => ids.includes(id))).toEqual(ids);
    expect(ineligible.every((item) => item.status === 'INELIGIBLE')).toBe(true);
    const inReview = await listAll(first.token, '&status=IN_REVIEW');
    expect(inReview.map((item) => item.applicationId).filter((id) => ids.includes(id))).toEqual([]);

    const othersList = await listAll(othersOwn.token);
    expect(othersList.map((item) => item.applicationId)).toContain(othersOwn.applicationId);
    expect(othersList.every((item) => item.applicantInn === other.inn)).toBe(true);
  });

  it('is a 401 without credentials, and a 400 naming the path for an unknown status or a bad cursor', async () => {
    const anonymous = await client.request('GET', '/applications');
    expect(anonymous.status).toBe(401);
    expectErrorBody(anonymous.body, 'UNAUTHORIZED');
    const unknown = await client.request('GET', '/applications?status=LOST', { token });
    expect(unknown.status).toBe(400);
    expect(paths(unknown.body)).toEqual(['status']);
    const cursor = await client.request('GET', '/applications?cursor=e30', { token });
    expect(cursor.status).toBe(400);
    expect(paths(cursor.body)).toEqual(['cursor']);
  });
});
