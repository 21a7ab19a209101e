import {
  SAMPLE_CLUSTER_ID,
  sampleCluster,
  sampleExperts,
  sampleOfficials,
  sampleOrganizations,
} from '#local/sample-data';
import type { RegistryStore } from '#shared/adapters/registry-store';
import { normalizeClusterName } from '#shared/domain/eligibility';

/** Organizations are written in this many slices at once (each slice as parallel batches). */
const SLICES = 4;

/** Loads the sample data unless it is there already (first start only; puts are idempotent anyway). */
export async function seedSampleData(
  registry: RegistryStore,
  log: (line: string) => void = () => {},
  at = '2026-01-15T09:00:00.000Z',
): Promise<boolean> {
  // The cluster is written last, so its presence means a complete earlier load.
  if ((await registry.getCluster(SAMPLE_CLUSTER_ID))?.status === 'ACTIVE') return false;
  const begin = Date.now();
  const organizations = sampleOrganizations();
  const { cluster, members } = sampleCluster(organizations, at);
  log(`loading sample data: ${organizations.length} organizations`);
  const size = Math.ceil(organizations.length / SLICES);
  await Promise.all(
    Array.from({ length: SLICES }, (_, slice) =>
      registry.putOrganizations(organizations.slice(slice * size, (slice + 1) * size)),
    ),
  );
  const experts = sampleExperts(organizations);
  await registry.putExperts(experts);
  await registry.putOfficials(sampleOfficials());
  await registry.putActiveCluster(cluster, members, normalizeClusterName(cluster.name));
  log(
    `loaded ${experts.length} experts, 3 officials and the cluster "${cluster.name}" (${members.length} members) in ${((Date.now() - begin) / 1000).toFixed(1)} s`,
  );
  return true;
}
