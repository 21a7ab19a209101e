import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '#local/runtime';
import { type ApiClient, approveReview, joinClusterBody, sample } from '#test/support/api-client';
import { startTestRuntime } from '#test/support/test-runtime';
import { deadlineSeconds, scaled } from '#test/support/timeouts';

/**
 * Reminders on the real pieces: the request step schedules them with the
 * link, the runtime runs the synthesized EventBridge rule's function on its
 * local timer, and the email goes through the outbox. The review deadline is
 * shortened; reminders are due at 3/4 and 1/2 of it.
 */
const DEADLINE = deadlineSeconds(8);
const FIRST_BEFORE = Math.floor((DEADLINE * 3) / 4);
const SECOND_BEFORE = Math.floor(DEADLINE / 2);

let runtime: LocalRuntime;
let api: ApiClient;

beforeAll(async () => {
  ({ runtime, api } = await startTestRuntime('reminders', {
    reviewTimeoutSeconds: DEADLINE,
    signoffTimeoutSeconds: DEADLINE,
    reminderBeforeSeconds: `${FIRST_BEFORE},${SECOND_BEFORE}`,
    scheduleIntervalSeconds: 1,
  }));
});

afterAll(async () => {
  await runtime?.stop();
});

const reviewMails = async (applicationId: string) =>
  (await api.outbox(applicationId)).filter((mail) => mail.links.some((link) => link.includes('/reviews/')));

describe('reminders', () => {
  it('remind the expert with the same link, and stop once the review is in', async () => {
    const applicant = sample.joinCandidate(3);
    const token = await api.login(applicant.inn);
    const { applicationId } = (await api.submit(token, joinClusterBody(applicant, sample.cluster.clusterId)))
      .body;
    const [link = ''] = await api.waitForLinks(applicationId, 'reviews', 1);
    const requested = Date.now();

    await expect
      .poll(async () => (await reviewMails(applicationId)).length, {
        timeout: scaled(DEADLINE * 1000),
        interval: 250,
      })
      .toBe(2);
    const [request, reminder] = await reviewMails(applicationId);
    expect(reminder?.subject).toMatch(/^Напоминание: экспертиза «.+» до .+ МСК/);
    expect(reminder?.to).toEqual(request?.to);
    expect(reminder?.links).toContain(link);
    // Not before it was due (give or take the local timer's second).
    expect(Date.parse(reminder?.sentAt ?? '') - requested).toBeGreaterThan(
      (DEADLINE - FIRST_BEFORE - 1) * 1000 - 1000,
    );

    expect((await api.postLink(link, approveReview)).status).toBe(200);
    await api.waitForStatus(token, applicationId, ['AWAITING_SIGNOFF']);
    // Past the second reminder's time: the answered review gets none.
    const secondDue = requested + (DEADLINE - SECOND_BEFORE) * 1000 + 1500;
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, secondDue - Date.now())));
    await runtime.schedules.runNow();
    expect(await reviewMails(applicationId)).toHaveLength(2);
  });
});
