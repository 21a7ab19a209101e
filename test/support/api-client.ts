/** What tests use to drive the local runtime: the client and requests built from the sample data. */
export { apiClient, type LocalClient as ApiClient } from '#local/client';
export {
  approveReview,
  createClusterBody,
  joinClusterBody,
  rejectReview,
  sample,
} from '#local/sample-requests';
