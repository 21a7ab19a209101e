import { describe, expect, it } from 'vitest';
import { TransientError } from '#shared/errors';
import { linkParamsFrom } from '#shared/links/signature';
import { answerReview } from '#shared/use-cases/answer-review';
import { replaceRecusedExpert } from '#shared/use-cases/assign-experts';
import { reassignTask } from '#shared/use-cases/reassign-task';
import { requestReview } from '#shared/use-cases/request-review';
import {
  application,
  clockAt,
  fakeMailer,
  inMemoryStores,
  stepConfig,
  testExpert,
  testSigner,
  throttledError,
} from '#test/support/in-memory-stores';

/**
 * A recusal (an operator's reassignment, or the expert's own from the review page) is recorded
 * first and then handed to the waiting review step. When Step Functions fails that hand-over the
 * request fails as transient, and its retry hands the recorded recusal over again: the replacement
 * is assigned as if nothing had failed.
 */

const APP = 'app_0000000000test';
const NOW = '2026-03-05T12:00:00.000Z';
const OPERATOR = 'operator:anna';
const REVIEW = (expertId: string) => ({ kind: 'review', applicationId: APP, expertId }) as const;

/** Step Functions as the adapter answers: `failTask` throws `failures` times, then answers `outcome`. */
function fakeWorkflow() {
  const failed: Array<{ token: string; error: string }> = [];
  const state = { failures: 0, outcome: 'resumed' as 'resumed' | 'gone' };
  return {
    failed,
    state,
    resumeTask: async () => 'resumed' as const,
    failTask: async (token: string, error: string) => {
      if (state.failures > 0) {
        state.failures -= 1;
        throw throttledError();
      }
      failed.push({ token, error });
      return state.outcome;
    },
  };
}

async function world() {
  const stores = inMemoryStores(application({ applicationId: APP }));
  await stores.registry.putExperts(['exp_1', 'exp_2', 'exp_3', 'exp_4', 'exp_5'].map((id) => testExpert(id)));
  const deps = {
    ...stores,
    signer: testSigner(),
    mailer: fakeMailer(),
    workflow: fakeWorkflow(),
    clock: clockAt(NOW),
    config: stepConfig(),
  };
  // The review step of exp_1 waits; its link was emailed.
  await requestReview({ applicationId: APP, expertId: 'exp_1', taskToken: 'token-exp_1' }, deps);
  const url = new URL(deps.mailer.sent.at(-1)?.text.match(/https:\/\/\S+/)?.[0] ?? '');
  const params = linkParamsFrom('review', url.pathname.split('/')[2], Object.fromEntries(url.searchParams));
  return { stores, deps, params };
}
type World = Awaited<ReturnType<typeof world>>;

/** What the workflow does after the step ends with ExpertRecused: ReplaceExpert, then RequestReview. */
async function workflowReplaces(w: World, recusedExpertId: string) {
  const replaced = await replaceRecusedExpert({ applicationId: APP, recusedExpertId }, w.deps);
  if (replaced.expertId) {
    await requestReview(
      { applicationId: APP, expertId: replaced.expertId, taskToken: `token-${replaced.expertId}` },
      w.deps,
    );
  }
  return replaced;
}

describe('an operator’s review reassignment whose hand-over to the workflow failed', () => {
  it('fails as transient, and its retry hands the recusal over so the chosen expert is assigned and emailed', async () => {
    const w = await world();
    w.deps.workflow.state.failures = 1;
    const reassign = () =>
      reassignTask(APP, { task: 'REVIEW', from: 'exp_1', to: 'exp_5', reason: 'On leave' }, OPERATOR, w.deps);

    await expect(reassign()).rejects.toBeInstanceOf(TransientError);
    // Recorded, the step's token kept for the retry, nobody told yet.
    expect((await w.stores.tasks.getReview(APP, 'exp_1'))?.status).toBe('RECUSED');
    expect(await w.stores.tasks.taskToken(REVIEW('exp_1'))).toBe('token-exp_1');
    expect(w.deps.workflow.failed).toEqual([]);

    const retried = await reassign();

    expect(retried).toEqual({
      applicationId: APP,
      task: 'REVIEW',
      from: 'exp_1',
      to: 'exp_5',
      workflow: 'resumed',
    });
    expect(w.deps.workflow.failed).toEqual([{ token: 'token-exp_1', error: 'ExpertRecused' }]);
    expect(await w.stores.tasks.taskToken(REVIEW('exp_1'))).toBeNull();
    const history = await w.stores.applications.history(APP);
    expect(history.filter((event) => event.action === 'REVIEW_REASSIGNED')).toHaveLength(1);

    expect(await workflowReplaces(w, 'exp_1')).toMatchObject({ expertId: 'exp_5' });
    expect((await w.stores.applications.get(APP))?.review?.expertIds).toEqual(['exp_2', 'exp_3', 'exp_5']);
    expect(w.deps.mailer.sent.at(-1)?.to).toEqual(['exp_5@experts.example.org']);
    expect((await w.stores.registry.getExpert('exp_1'))?.openAssignments).toBe(0);
    expect((await w.stores.registry.getExpert('exp_5'))?.openAssignments).toBe(2);

    // Handed over: the same request again is the 409 it was before.
    await expect(reassign()).rejects.toMatchObject({ statusCode: 409, code: 'TASK_NOT_OPEN' });
    expect(w.deps.workflow.failed).toHaveLength(1);
  });

  it('refuses a retry naming someone else (409), and hands nothing over for it', async () => {
    const w = await world();
    w.deps.workflow.state.failures = 1;
    await expect(
      reassignTask(APP, { task: 'REVIEW', from: 'exp_1', to: 'exp_5' }, OPERATOR, w.deps),
    ).rejects.toBeInstanceOf(TransientError);

    await expect(
      reassignTask(APP, { task: 'REVIEW', from: 'exp_1', to: 'exp_4' }, OPERATOR, w.deps),
    ).rejects.toMatchObject({ statusCode: 409, code: 'TASK_NOT_OPEN' });
    expect(w.deps.workflow.failed).toEqual([]);
  });

  it('answers 409 STAGE_CLOSED when the review step had already ended', async () => {
    const w = await world();
    w.deps.workflow.state.outcome = 'gone';

    await expect(
      reassignTask(APP, { task: 'REVIEW', from: 'exp_1', to: 'exp_5' }, OPERATOR, w.deps),
    ).rejects.toMatchObject({
      statusCode: 409,
      code: 'STAGE_CLOSED',
      message: expect.stringMatching(/ended/),
    });
    expect(await w.stores.tasks.taskToken(REVIEW('exp_1'))).toBeNull();
  });

  it('answers 200 when an earlier attempt had handed it over but failed after that', async () => {
    const w = await world();
    const clear = w.stores.tasks.clearTaskToken;
    let clearFails = true;
    w.stores.tasks.clearTaskToken = async (ref, token) => {
      if (clearFails) {
        clearFails = false;
        throw throttledError();
      }
      return clear(ref, token);
    };
    const reassign = () =>
      reassignTask(APP, { task: 'REVIEW', from: 'exp_1', to: 'exp_5' }, OPERATOR, w.deps);

    await expect(reassign()).rejects.toMatchObject({ name: 'ThrottlingException' });
    await workflowReplaces(w, 'exp_1');
    // Step Functions no longer knows the token: the step ended with the recusal.
    w.deps.workflow.state.outcome = 'gone';

    await expect(reassign()).resolves.toMatchObject({ to: 'exp_5', workflow: 'resumed' });
  });
});

describe('an expert’s own recusal whose hand-over to the workflow failed', () => {
  const recuse = { recommendation: 'RECUSE', comment: 'I advised the applicant last year' };

  it('fails as transient, and the page’s retry hands it over so that a replacement is assigned', async () => {
    const w = await world();
    w.deps.workflow.state.failures = 1;

    await expect(answerReview({ params: w.params, fields: recuse }, w.deps)).rejects.toBeInstanceOf(
      TransientError,
    );
    expect(await w.stores.tasks.taskToken(REVIEW('exp_1'))).toBe('token-exp_1');
    // Another answer on the used link is still refused.
    await expect(
      answerReview(
        {
          params: w.params,
          fields: { recommendation: 'APPROVE', innovation: 8, feasibility: 8, cooperation: 8 },
        },
        w.deps,
      ),
    ).rejects.toMatchObject({ statusCode: 409, code: 'RECUSED' });
    expect(w.deps.workflow.failed).toEqual([]);

    const retried = await answerReview({ params: w.params, fields: recuse }, w.deps);

    expect(retried).toEqual({ applicationId: APP, recommendation: 'RECUSE', workflow: 'resumed' });
    expect(w.deps.workflow.failed).toEqual([{ token: 'token-exp_1', error: 'ExpertRecused' }]);
    const replaced = await workflowReplaces(w, 'exp_1');
    expect(replaced.expertId).toMatch(/^exp_[45]$/);
    expect(w.deps.mailer.sent.at(-1)?.to).toEqual([`${replaced.expertId}@experts.example.org`]);
    expect(
      (await w.stores.applications.history(APP)).filter((event) => event.action === 'RECUSED'),
    ).toHaveLength(1);

    // Handed over: the link answers 409 as any used link does.
    await expect(answerReview({ params: w.params, fields: recuse }, w.deps)).rejects.toMatchObject({
      statusCode: 409,
      code: 'RECUSED',
    });
    expect(w.deps.workflow.failed).toHaveLength(1);
  });
});
