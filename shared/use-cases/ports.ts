import type { ApplicationStore } from '#shared/adapters/application-store';
import type { Mailer } from '#shared/adapters/mailer';
import type { RegistryStore } from '#shared/adapters/registry-store';
import type { ReviewTask, SignoffTask } from '#shared/adapters/task-store';
import type { WorkflowEngine } from '#shared/adapters/workflow-engine';
import type { Clock } from '#shared/clock';

/** The narrow views of the adapters that use-cases depend on; tests pass in-memory fakes. */
export type Applications = ApplicationStore;
export type Registry = Pick<
  RegistryStore,
  | 'getOrganization'
  | 'getOrganizations'
  | 'getCluster'
  | 'isMember'
  | 'memberInnsOf'
  | 'claimGuard'
  | 'listExperts'
  | 'adjustExpertLoad'
  | 'prepareCluster'
  | 'clusterActivationItems'
  | 'membershipItems'
>;
export interface TaskReader {
  listReviews(applicationId: string): Promise<ReviewTask[]>;
  getSignoff(applicationId: string): Promise<SignoffTask | null>;
}
export type { Clock, Mailer, WorkflowEngine };
