import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '#local/runtime';
import { executionArnFor } from '#shared/adapters/workflow-engine';
import { DEFAULTS } from '#shared/config-defaults';
import {
  type ApiClient,
  approveReview,
  createClusterBody,
  joinClusterBody,
  sample,
} from '#test/support/api-client';
import { statesEntered } from '#test/support/history';
import { startTestRuntime } from '#test/support/test-runtime';

/**
 * Recusal and replacement on the synthesized state machine in the local
 * engine, with the product's handlers against DynamoDB Local: an expert
 * declines from the emailed link, the review branch loops back to a new
 * callback task for a replacement (its own link and a full deadline), and
 * without a replacement the quorum is still counted against the panel first
 * assigned.
 */
const REVIEW_SECONDS = 120;
let runtime: LocalRuntime;
let api: ApiClient;

beforeAll(async () => {
  ({ runtime, api } = await startTestRuntime('recusal', {
    reviewTimeoutSeconds: REVIEW_SECONDS,
    signoffTimeoutSeconds: 120,
  }));
});

afterAll(async () => {
  await runtime?.stop();
});

const executionOf = (applicationId: string) => executionArnFor(runtime.stateMachineArn, applicationId);
const recuse = (reason: string) => ({ recommendation: 'RECUSE', comment: reason });
const expiryOf = (link: string) => Number(new URL(link).searchParams.get('exp'));
const actionsOf = (application: { history: Array<{ action: string }> }) =>
  application.history.map((event) => event.action);

/** The review links of an application, in the order their emails went out, with their recipients. */
async function reviewEmails(applicationId: string) {
  return (await api.outbox(applicationId)).flatMap((message) =>
    message.links
      .filter((link) => new URL(link).pathname.startsWith('/reviews/'))
      .map((link) => ({ link, to: message.to[0] ?? '', subject: message.subject, text: message.text })),
  );
}

describe('recusal and replacement', () => {
  it('replaces a recused expert at once with a new link and a full deadline; the replacement decides the tally', async () => {
    const applicant = sample.joinCandidate(41);
    const token = await api.login(applicant.inn);
    const { applicationId } = (await api.submit(token, joinClusterBody(applicant, sample.cluster.clusterId)))
      .body;
    const [first = ''] = await api.waitForLinks(applicationId, 'reviews', 1);
    // Let the clock move, so that the replacement's own deadline is visibly later.
    await new Promise((resolve) => setTimeout(resolve, 2_000));

    const recusedAt = Math.floor(Date.now() / 1000);
    const declined = await api.postLink(first, recuse('Конфликт интересов: консультирую заявителя.'));
    expect(declined.status).toBe(200);
    expect(declined.body).toMatchObject({ applicationId, recommendation: 'RECUSE' });

    const links = await api.waitForLinks(applicationId, 'reviews', 2);
    const replacementLink = links.find((link) => link !== first) ?? '';
    const emails = await reviewEmails(applicationId);
    const [original, replacement] = [first, replacementLink].map((link) =>
      emails.find((email) => email.link === link),
    );
    expect(replacement?.to).toBeTruthy();
    expect(replacement?.to).not.toBe(original?.to);
    expect(replacement?.subject).toMatch(/^Экспертиза «/);
    expect(replacement?.text).toContain(applicationId);
    // A full review period from the recusal, not what was left of the first expert's.
    expect(expiryOf(replacementLink)).toBeGreaterThanOrEqual(recusedAt + REVIEW_SECONDS - 2);
    expect(expiryOf(replacementLink)).toBeGreaterThan(expiryOf(first));

    // The recused link works no more, to look at or to post.
    const reopened = await api.getLink(first);
    expect(reopened.status).toBe(409);
    expect((await api.postLink(first, approveReview)).status).toBe(409);

    expect((await api.postLink(replacementLink, approveReview)).status).toBe(200);
    const application = await api.waitForStatus(token, applicationId, ['AWAITING_SIGNOFF']);
    expect(application.reviews).toMatchObject({
      assigned: 1,
      received: 1,
      recommendations: { APPROVE: 1, REJECT: 0 },
    });
    expect(actionsOf(application)).toEqual(
      expect.arrayContaining(['RECUSED', 'REPLACEMENT_ASSIGNED', 'REVIEW_SUBMITTED', 'REVIEW_COMPLETED']),
    );
    const recusal = application.history.find((event: { action: string }) => event.action === 'RECUSED');
    // The applicant learns that an expert declined, not who or why.
    expect(recusal).toMatchObject({ actor: 'expert' });
    expect(recusal.detail).toBeUndefined();

    const path = await statesEntered(runtime.stepFunctions, executionOf(applicationId));
    expect(path).toEqual(
      expect.arrayContaining(['RequestReview', 'ReplaceExpert', 'ReviewByReplacement', 'TallyReviews']),
    );
    expect(path.filter((state) => state === 'RequestReview')).toHaveLength(2);
    expect(path).not.toContain('MarkFailed');
    await api.withdraw(token, applicationId);
  });

  it('goes on without a replacement past the limit, counting the quorum against the panel first assigned', async () => {
    const members = sample.activeIn(['laser_radiation'], 30, 40);
    const body = createClusterBody(members, 'Laser Recusal Cluster', ['laser_radiation']);
    const token = await api.login(body.applicantInn);
    const { applicationId } = (await api.submit(token, body)).body;
    await api.answerConsents(applicationId, members.length - 1);
    const panel = await api.waitForLinks(applicationId, 'reviews', 3);
    const [declining = '', ...others] = panel;

    // The first place is declined by the expert and by every replacement, up to the limit and one more.
    let link = declining;
    const seen = new Set(panel);
    for (let recusal = 0; recusal <= DEFAULTS.maxReplacementsPerApplication; recusal++) {
      expect((await api.postLink(link, recuse(`Недоступен / unavailable ${recusal}`))).status).toBe(200);
      if (recusal === DEFAULTS.maxReplacementsPerApplication) break;
      const links = await api.waitForLinks(applicationId, 'reviews', seen.size + 1);
      link = links.find((candidate) => !seen.has(candidate)) ?? '';
      seen.add(link);
    }
    const recipients = (await reviewEmails(applicationId)).map((email) => email.to);
    // Never anyone assigned before: every review email went to someone new.
    expect(new Set(recipients).size).toBe(recipients.length);
    expect(recipients).toHaveLength(3 + DEFAULTS.maxReplacementsPerApplication);

    for (const other of others) expect((await api.postLink(other, approveReview)).status).toBe(200);
    const application = await api.waitForStatus(token, applicationId, ['AWAITING_SIGNOFF']);
    expect(application.reviews).toMatchObject({ assigned: 3, received: 2, quorumMet: true });
    expect(actionsOf(application).filter((action) => action === 'REPLACEMENT_ASSIGNED')).toHaveLength(
      DEFAULTS.maxReplacementsPerApplication,
    );
    expect(actionsOf(application)).toContain('NO_REPLACEMENT');
    const path = await statesEntered(runtime.stepFunctions, executionOf(applicationId));
    expect(path).toContain('NoReplacement');
    await api.withdraw(token, applicationId);
  });

  it("decides a recusal racing the expert's own answer once: one 200, one 409", async () => {
    const applicant = sample.joinCandidate(42);
    const token = await api.login(applicant.inn);
    const { applicationId } = (await api.submit(token, joinClusterBody(applicant, sample.cluster.clusterId)))
      .body;
    const [link = ''] = await api.waitForLinks(applicationId, 'reviews', 1);
    const replies = await Promise.all([
      api.postLink(link, approveReview),
      api.postLink(link, recuse('Away for a month')),
    ]);
    expect(replies.map((reply) => reply.status).sort()).toEqual([200, 409]);
    const recusalWon = replies[1]?.status === 200;
    if (recusalWon) await api.waitForLinks(applicationId, 'reviews', 2);
    else await api.waitForStatus(token, applicationId, ['AWAITING_SIGNOFF']);
    const application = (await api.getApplication(token, applicationId)).body;
    const answered = actionsOf(application).filter((action) =>
      ['RECUSED', 'REVIEW_SUBMITTED'].includes(action),
    );
    expect(answered).toEqual([recusalWon ? 'RECUSED' : 'REVIEW_SUBMITTED']);
    await api.withdraw(token, applicationId);
  });
});
