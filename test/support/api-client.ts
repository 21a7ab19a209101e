/** What tests use to drive the local runtime: the client and requests built from the sample data. */
import { type LocalClient, apiClient as localClient } from '#local/client';
import { scaled, waits } from '#test/support/timeouts';

export {
  approveReview,
  createClusterBody,
  joinClusterBody,
  rejectReview,
  sample,
} from '#local/sample-requests';

export type ApiClient = LocalClient;

/** The local client, its polls given this machine's time (test/support/timeouts.ts): a timeout a test passes is an idle machine's. */
export function apiClient(baseUrl: string): ApiClient {
  const client = localClient(baseUrl);
  return {
    ...client,
    waitForStatus: (token, applicationId, statuses, idleMs) =>
      client.waitForStatus(
        token,
        applicationId,
        statuses,
        idleMs === undefined ? waits.poll : scaled(idleMs),
      ),
    waitForLinks: (applicationId, kind, count, idleMs) =>
      client.waitForLinks(applicationId, kind, count, idleMs === undefined ? waits.poll : scaled(idleMs)),
    waitForInvitationLink: (invitationId, idleMs) =>
      client.waitForInvitationLink(invitationId, idleMs === undefined ? waits.poll : scaled(idleMs)),
    answerConsents: (applicationId, count, options = {}) =>
      client.answerConsents(applicationId, count, {
        ...options,
        timeoutMs: options.timeoutMs === undefined ? waits.poll : scaled(options.timeoutMs),
      }),
  };
}
