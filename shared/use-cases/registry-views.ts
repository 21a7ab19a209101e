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
  | 'listOrganizations'
  | 'getOrganization'
>;

export function organizationView(organization: Organization) {
  const { inn, ogrn, name, sectors, status, email } = organization;
  return { inn, ogrn, name, sectors, status, email };
}

export function clusterView(cluster: ClusterRecord) {
  const { clusterId, name, sectors, status, memberCount, project, createdAt } = cluster;
  return { clusterId, name, sectors, status, memberCount, project, createdAt };
}

function mapPage<T, R>(page: Page<T>, view: (item: T) => R): Page<R> {
  return { items: page.items.map(view), next: page.next };
}

export async function listClusters(registry: Registry, page: { limit: number; cursor?: string | undefined }) {
  return mapPage(await registry.listActiveClusters(page), clusterView);
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
  return { ...clusterView(cluster), members };
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
