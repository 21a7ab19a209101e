import { type ApiClient, apiClient, approveReview } from '#test/support/api-client';
import { suiteRuntimeUrl } from '#test/support/lanes';

export const FINAL_STATUSES = ['APPROVED', 'REJECTED', 'INELIGIBLE', 'EXPIRED', 'FAILED', 'WITHDRAWN'];

/** The suite's runtime (started once by the global setup), reached over HTTP only. */
export function suiteClient(): ApiClient {
  return apiClient(suiteRuntimeUrl());
}

/** Signs in as the applicant, submits, and checks the 202 reply of the spec. */
export async function submitAs(client: ApiClient, body: { applicantInn: string }, idempotencyKey?: string) {
  const token = await client.login(body.applicantInn);
  const reply = await client.submit(token, body, idempotencyKey);
  if (reply.status !== 202) throw new Error(`submit answered ${reply.status}: ${JSON.stringify(reply.body)}`);
  return { token, applicationId: reply.body.applicationId as string, reply };
}

/** Every assigned expert answers through the emailed link (as a script posting JSON would). */
export async function answerReviews(client: ApiClient, applicationId: string, answers: object[]) {
  const links = await client.waitForLinks(applicationId, 'reviews', answers.length);
  const replies = [];
  for (const [index, link] of links.entries()) {
    replies.push(await client.postLink(link, answers[index] ?? approveReview));
  }
  return { links, replies };
}

export async function signOff(
  client: ApiClient,
  applicationId: string,
  decision: 'APPROVE' | 'REJECT',
  comment: string,
) {
  const [link = ''] = await client.waitForLinks(applicationId, 'signoff', 1);
  return { link, reply: await client.postLink(link, { decision, comment }) };
}
