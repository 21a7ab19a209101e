import type { ClusterRecord, Organization } from '#shared/domain/registry';
import type { Sector } from '#shared/domain/sectors';
import { NotFoundError } from '#shared/errors';
import type { Page, Registry as RegistryPort } from '#shared/use-cases/ports';

type Registry = Pick<
  RegistryPort,
  | 'listActiveClusters'
  | 'getCluster'
  | 'memberInnsOf'
  | 'listMembers'
  | 'listPartners'
  | 'listOrganizations'
  | 'getOrganization'
>;

export function organizationView(organization: Organization) {
  const { inn, ogrn, name, sectors, status, email } = organization;
  return { inn, ogrn, name, sectors, status, email };
}

export function clusterView(cluster: ClusterRecord) {
  const { clusterId, name, sectors, status, memberCount, project, createdAt } = cluster;
  return {
    clusterId,
    name,
    sectors,
    status,
    memberCount,
    coordinatorInn: cluster.coordinatorInn ?? null,
    project,
    createdAt,
  };
}

function mapPage<T, R>(page: Page<T>, view: (item: T) => R): Page<R> {
  return { items: page.items.map(view), next: page.next };
}

export async function listClusters(
  registry: Pick<Registry, 'listActiveClusters'>,
  page: { limit: number; cursor?: string | undefined },
) {
  return mapPage(await registry.listActiveClusters(page), clusterView);
}

/** Active clusters the portal reads a page of at a time: the registry's own page limit. */
const CLUSTER_PAGE = 100;

/**
 * Every active cluster, by name: the portal's join form offers each, and a
 * coordinator's clusters are among them. The programme's clusters number in
 * the hundreds at most (7,000 participants, 30 or more members each), so a
 * few pages; a first page alone would hide every cluster named after the 100th.
 */
export async function allActiveClusters(registry: Pick<Registry, 'listActiveClusters'>) {
  const clusters: ReturnType<typeof clusterView>[] = [];
  let cursor: string | undefined;
  do {
    const page = await listClusters(registry, { limit: CLUSTER_PAGE, cursor });
    clusters.push(...page.items);
    cursor = page.next ?? undefined;
  } while (cursor);
  return clusters;
}

/** Only ACTIVE clusters exist for readers: a cluster being created (PENDING) is not shown. */
export async function getClusterWithMembers(registry: Registry, clusterId: string) {
  const cluster = await registry.getCluster(clusterId);
  if (cluster?.status !== 'ACTIVE') throw new NotFoundError('no such cluster');
  const members = [];
  let cursor: string | undefined;
  do {
    const page = await registry.listMembers(clusterId, { limit: 1000, cursor });
    members.push(...page.items.map(({ inn, name, joinedAt }) => ({ inn, name, joinedAt })));
    cursor = page.next ?? undefined;
  } while (cursor);
  // Partners' email addresses are theirs, not the public's: the listing names them.
  const partners = (await registry.listPartners(clusterId))
    .map(({ name, inn, country, joinedAt }) => ({ name, inn, country, joinedAt }))
    .sort((a, b) =>
      a.joinedAt === b.joinedAt ? a.name.localeCompare(b.name) : a.joinedAt < b.joinedAt ? -1 : 1,
    );
  return { ...clusterView(cluster), members, partners };
}

export async function listOrganizations(
  registry: Registry,
  query: { limit: number; cursor?: string | undefined; sector?: Sector | undefined },
) {
  return mapPage(await registry.listOrganizations(query), organizationView);
}

export async function getOrganization(registry: Registry, inn: string) {
  const organization = await registry.getOrganization(inn);
  if (!organization) throw new NotFoundError('no such organization in the registry');
  return organizationView(organization);
}
