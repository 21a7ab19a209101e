import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { normalizeClusterName } from '#shared/domain/eligibility';
import { inviteeKey } from '#shared/domain/invitations';
import { type PortalDeps, portalRoutes } from '#shared/http/portal';
import { seal } from '#shared/links/sealed';
import { application, clockAt, inMemoryStores, keyRing } from '#test/support/in-memory-stores';

/**
 * The portal reads every active cluster, not a first page: with more clusters
 * than one registry page holds (100), the join form offers the last one by
 * name, and the coordinator of a cluster named after the 100th still finds
 * its invitations on the home page.
 */

const NOW = '2026-11-20T10:00:00.000Z';
const COORDINATOR = '7707083893';
const CLUSTERS = 230;
const ring = keyRing('k1', { k1: 'a-portal-test-key-long-enough-for-hmac' });

const clusterId = (n: number) => `clu_test${String(n).padStart(6, '0')}`;

async function world() {
  const stores = inMemoryStores(
    application({ applicationId: 'app_0000000000home', applicantInn: COORDINATOR }),
  );
  for (let n = 1; n <= CLUSTERS; n += 1) {
    const name = `Кластер ${String(n).padStart(3, '0')}`;
    await stores.registry.putActiveCluster(
      {
        clusterId: clusterId(n),
        name,
        sectors: ['robotics'],
        createdAt: NOW,
        ...(n === CLUSTERS ? { coordinatorInn: COORDINATOR } : {}),
      },
      [],
      normalizeClusterName(name),
    );
  }
  return stores;
}

function routes(stores: Awaited<ReturnType<typeof world>>) {
  const deps = {
    ...stores,
    keys: { load: async () => ring },
    clock: clockAt(NOW),
    signIn: { kind: 'local' },
    config: { publicBaseUrl: 'http://localhost:3000', invitationTtlSeconds: 60 },
  } as unknown as PortalDeps;
  return portalRoutes(() => deps);
}

const session = seal(
  ring,
  'portal-session',
  { sid: 'sid-1', inn: COORDINATOR, name: 'Coordinator' },
  new Date(Date.parse(NOW) + 3600_000),
);

const get = (
  run: ReturnType<typeof routes>,
  resource: string,
  options: { path?: string; pathParameters?: Record<string, string>; query?: Record<string, string> } = {},
) =>
  run({
    httpMethod: 'GET',
    resource,
    path: options.path ?? resource,
    pathParameters: options.pathParameters ?? null,
    queryStringParameters: options.query ?? null,
    headers: { Cookie: `portal-session=${session}` },
    body: null,
    isBase64Encoded: false,
  } as unknown as APIGatewayProxyEvent) as Promise<APIGatewayProxyResult>;

describe('the portal with more active clusters than one registry page', () => {
  it('offers every cluster on the join form, the last by name included', async () => {
    const page = await get(routes(await world()), '/portal/applications/new-join');
    expect(page.statusCode).toBe(200);
    const offered = [...page.body.matchAll(/name="clusterId" value="([^"]+)"/g)].map((match) => match[1]);
    expect(offered).toHaveLength(CLUSTERS);
    expect(offered.at(-1)).toBe(clusterId(CLUSTERS));
  });

  it('shows a coordinator its cluster named after the 100th, and its own applications', async () => {
    const page = await get(routes(await world()), '/portal');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`/portal/clusters/${clusterId(CLUSTERS)}/invitations`);
    expect(page.body).toContain('app_0000000000home');
  });
});

describe("a coordinator's invitations", () => {
  const INVITATIONS = 130;

  it('are paged, newest first: the first page links to the earlier ones, and no invitation is left out', async () => {
    const stores = await world();
    const clusterOf = clusterId(CLUSTERS);
    for (let n = 1; n <= INVITATIONS; n += 1) {
      const invitee = { role: 'PARTNER' as const, name: `Partner ${n}`, email: `p${n}@example.org` };
      const at = new Date(Date.parse(NOW) - (INVITATIONS - n) * 60_000).toISOString();
      await stores.invitations.create(
        {
          invitationId: `inv_test${String(n).padStart(6, '0')}`,
          clusterId: clusterOf,
          invitedBy: COORDINATOR,
          invitee,
          inviteeKey: inviteeKey(invitee),
          email: invitee.email,
          status: 'PENDING',
          createdAt: at,
          expiresAt: new Date(Date.parse(NOW) + 86_400_000).toISOString(),
          history: [],
        },
        new Date(at),
      );
    }
    const run = routes(stores);
    const open = (query?: Record<string, string>) =>
      get(run, '/portal/clusters/{id}/invitations', {
        path: `/portal/clusters/${clusterOf}/invitations`,
        pathParameters: { id: clusterOf },
        ...(query ? { query } : {}),
      });
    const listed = (body: string) => [...body.matchAll(/<li id="(inv_test\d+)"/g)].map((match) => match[1]);

    const first = await open();
    expect(first.statusCode).toBe(200);
    expect(listed(first.body)[0]).toBe(`inv_test${String(INVITATIONS).padStart(6, '0')}`);
    const more = /href="[^"]*\/invitations\?cursor=([^"]+)"/.exec(first.body);
    expect(more, 'a link to the earlier invitations').not.toBeNull();
    const second = await open({ cursor: decodeURIComponent(more?.[1] ?? '') });
    expect(second.statusCode).toBe(200);
    expect(/\?cursor=/.test(second.body)).toBe(false);
    expect(second.body).toContain(`href="/portal/clusters/${clusterOf}/invitations"`);
    const all = [...listed(first.body), ...listed(second.body)];
    expect(new Set(all).size).toBe(INVITATIONS);
    expect(all.at(-1)).toBe('inv_test000001');
  });
});
