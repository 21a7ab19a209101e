import { sampleCluster, sampleExperts, sampleOfficials, sampleOrganizations } from '#local/sample-data';
import type { RegistryStore } from '#shared/adapters/registry-store';
import { normalizeClusterName } from '#shared/domain/eligibility';

/** Loads the sample data unless it is there already (first start only; puts are idempotent anyway). */
export async function seedSampleData(
  registry: RegistryStore,
  log: (line: string) => void = () => {},
  at = '2026-01-15T09:00:00.000Z',
): Promise<boolean> {
  const organizations = sampleOrganizations();
  const { cluster, members } = sampleCluster(organizations, at);
  // The cluster is written last, so its presence means a complete earlier load.
  if ((await registry.getCluster(cluster.clusterId))?.status === 'ACTIVE') return false;
  log(`loading sample data: ${organizations.length} organizations`);
  await registry.putOrganizations(organizations);
  const experts = sampleExperts(organizations);
  await registry.putExperts(experts);
  await registry.putOfficials(sampleOfficials());
  await registry.putActiveCluster(cluster, members, normalizeClusterName(cluster.name));
  log(
    `loaded ${experts.length} experts, 3 officials and the cluster "${cluster.name}" (${members.length} members)`,
  );
  return true;
}
