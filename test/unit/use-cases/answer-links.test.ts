import { beforeEach, describe, expect, it } from 'vitest';
import type { LinkRecord } from '#shared/domain/tasks';
import { ConflictError, ForbiddenError, GoneError, ValidationError } from '#shared/errors';
import { type LinkParams, type LinkScope, linkParamsFrom } from '#shared/links/signature';
import { answerReview } from '#shared/use-cases/answer-review';
import { decideSignoff } from '#shared/use-cases/decide-signoff';
import { requestReview } from '#shared/use-cases/request-review';
import { requestSignoff } from '#shared/use-cases/request-signoff';
import {
  application,
  clockAt,
  fakeApplications,
  fakeMailer,
  fakeRegistry,
  fakeTasks,
  fakeWorkflow,
  testSigner,
} from '#test/support/in-memory-stores';

const BASE = 'https://clusters.example.city';
const approve = {
  recommendation: 'APPROVE',
  innovation: 8,
  feasibility: 7,
  cooperation: 9,
  comment: 'Strong team',
};

function world(seed = application()) {
  const applications = fakeApplications(seed);
  const tasks = fakeTasks(applications);
  const mailer = fakeMailer();
  const workflow = fakeWorkflow();
  const clock = clockAt('2026-03-01T10:00:00.000Z');
  const deps = {
    applications,
    tasks,
    mailer,
    workflow,
    clock,
    signer: testSigner(),
    registry: fakeRegistry(),
    config: {
      publicBaseUrl: BASE,
      signoffTimeoutSeconds: 14 * 24 * 3600,
      amendmentTimeoutSeconds: 14 * 24 * 3600,
    },
  };
  return deps;
}

/** The link the email carried, as the page route reads it back. */
function emailedLink(deps: ReturnType<typeof world>, scope: LinkScope): LinkParams {
  const text = deps.mailer.sent.at(-1)?.text ?? '';
  const url = new URL(text.match(/https:\/\/\S+/)?.[0] ?? '');
  return linkParamsFrom(scope, url.pathname.split('/')[2], Object.fromEntries(url.searchParams));
}

async function reviewLink(
  deps: ReturnType<typeof world>,
  expertId = 'exp_1',
  taskToken = `token-${expertId}`,
) {
  await requestReview({ applicationId: 'app_0000000000test', expertId, taskToken }, deps);
  return emailedLink(deps, 'review');
}

describe('requestReview', () => {
  it('keeps the token server-side and emails the expert a signed link, once', async () => {
    const deps = world();
    const result = await requestReview(
      { applicationId: 'app_0000000000test', expertId: 'exp_1', taskToken: 'secret-token-1' },
      deps,
    );

    expect(result).toEqual({ expertId: 'exp_1', status: 'PENDING', emailed: true });
    const [email] = deps.mailer.sent;
    expect(email?.to).toEqual(['exp_1@experts.example.org']);
    // The subject names the cluster and the deadline; the id is in the body.
    expect(email?.subject).toMatch(/^Экспертиза «.+» до \d\d\.\d\d\.\d{4} \d\d:\d\d МСК/);
    expect(email?.text).toContain('app_0000000000test');
    expect(JSON.stringify(email)).not.toContain('secret-token-1');
    expect(email?.text).toMatch(
      /https:\/\/clusters\.example\.city\/reviews\/[A-Za-z0-9_-]{24}\?kid=k1&exp=\d+&sig=/,
    );
    expect(
      await deps.tasks.taskToken({ kind: 'review', applicationId: 'app_0000000000test', expertId: 'exp_1' }),
    ).toBe('secret-token-1');
  });

  it('swaps in the token of a re-run without a second email', async () => {
    const deps = world();
    await requestReview({ applicationId: 'app_0000000000test', expertId: 'exp_1', taskToken: 'first' }, deps);
    const again = await requestReview(
      { applicationId: 'app_0000000000test', expertId: 'exp_1', taskToken: 'second' },
      deps,
    );

    expect(again.emailed).toBe(false);
    expect(deps.mailer.sent).toHaveLength(1);
    expect(
      await deps.tasks.taskToken({ kind: 'review', applicationId: 'app_0000000000test', expertId: 'exp_1' }),
    ).toBe('second');
  });

  it('completes a re-run at once when the expert already answered', async () => {
    const deps = world();
    const link = await reviewLink(deps);
    await answerReview({ params: link, fields: approve }, deps);

    const again = await requestReview(
      { applicationId: 'app_0000000000test', expertId: 'exp_1', taskToken: 'redriven' },
      deps,
    );
    expect(again.status).toBe('ANSWERED');
    expect(deps.workflow.resumed.at(-1)).toEqual({
      token: 'redriven',
      output: { expertId: 'exp_1', answered: true },
    });
    expect(deps.mailer.sent).toHaveLength(1);
  });

  it('fails a re-run at once with ExpertRecused when the expert recused before a restart', async () => {
    const deps = world();
    const link = await reviewLink(deps);
    await answerReview({ params: link, fields: { recommendation: 'RECUSE', comment: 'Away' } }, deps);

    const again = await requestReview(
      { applicationId: 'app_0000000000test', expertId: 'exp_1', taskToken: 'redriven' },
      deps,
    );
    expect(again).toEqual({ expertId: 'exp_1', status: 'RECUSED', emailed: false });
    expect(deps.workflow.failed.at(-1)).toMatchObject({ token: 'redriven', error: 'ExpertRecused' });
    expect(deps.mailer.sent).toHaveLength(1);
  });

  it("gives a replacement's link its own deadline", async () => {
    const deps = world(
      application({
        review: {
          expertIds: ['exp_2', 'exp_3', 'exp_9'],
          deadline: '2026-03-11T10:00:00.000Z',
          usedRelatedSectors: false,
          panelSize: 3,
          recusals: [
            {
              expertId: 'exp_1',
              reason: 'Away',
              at: '2026-03-09T10:00:00.000Z',
              replacementId: 'exp_9',
              replacementDeadline: '2026-03-19T10:00:00.000Z',
            },
          ],
        },
      }),
    );
    await requestReview({ applicationId: 'app_0000000000test', expertId: 'exp_9', taskToken: 't9' }, deps);
    expect(emailedLink(deps, 'review').exp).toBe(String(Date.parse('2026-03-19T10:00:00.000Z') / 1000));
  });

  it('sends the email on the retry when sending failed the first time', async () => {
    const deps = world();
    const failing = { send: async () => Promise.reject(new Error('SES down')) };
    await expect(
      requestReview(
        { applicationId: 'app_0000000000test', expertId: 'exp_1', taskToken: 't1' },
        { ...deps, mailer: failing },
      ),
    ).rejects.toThrow('SES down');
    const retry = await requestReview(
      { applicationId: 'app_0000000000test', expertId: 'exp_1', taskToken: 't2' },
      deps,
    );
    expect(retry.emailed).toBe(true);
    expect(deps.mailer.sent).toHaveLength(1);
  });

  it('refuses an expert who is not assigned', async () => {
    await expect(
      requestReview({ applicationId: 'app_0000000000test', expertId: 'exp_9', taskToken: 't' }, world()),
    ).rejects.toThrow(/not assigned/);
  });
});

describe('answerReview', () => {
  let deps: ReturnType<typeof world>;
  let link: LinkParams;
  beforeEach(async () => {
    deps = world();
    link = await reviewLink(deps);
  });

  it('records the review, writes history, resumes the task once and forgets its token', async () => {
    const result = await answerReview({ params: link, fields: approve }, deps);

    expect(result).toEqual({
      applicationId: 'app_0000000000test',
      recommendation: 'APPROVE',
      workflow: 'resumed',
    });
    expect(deps.workflow.resumed).toEqual([
      { token: 'token-exp_1', output: { expertId: 'exp_1', answered: true } },
    ]);
    const task = await deps.tasks.getReview('app_0000000000test', 'exp_1');
    expect(task).toMatchObject({
      status: 'ANSWERED',
      answer: {
        recommendation: 'APPROVE',
        scores: { innovation: 8, feasibility: 7, cooperation: 9 },
        comment: 'Strong team',
      },
    });
    expect(deps.applications.events).toEqual([
      expect.objectContaining({
        action: 'REVIEW_SUBMITTED',
        actor: 'expert:exp_1',
        detail: { recommendation: 'APPROVE' },
      }),
    ]);
    expect(
      await deps.tasks.taskToken({ kind: 'review', applicationId: 'app_0000000000test', expertId: 'exp_1' }),
    ).toBeNull();
  });

  it('answers a second submission of the same link with 409 and resumes nothing more', async () => {
    await answerReview({ params: link, fields: approve }, deps);
    await expect(answerReview({ params: link, fields: approve }, deps)).rejects.toMatchObject({
      statusCode: 409,
      code: 'ALREADY_SUBMITTED',
    });
    expect(deps.workflow.resumed).toHaveLength(1);
  });

  it('answers 409 once the application is closed', async () => {
    const app = deps.applications.items.get('app_0000000000test');
    if (app) app.status = 'WITHDRAWN';
    await expect(answerReview({ params: link, fields: approve }, deps)).rejects.toMatchObject({
      code: 'APPLICATION_CLOSED',
    });
  });

  it('answers 409 once the review stage is over, though the application is still open', async () => {
    const app = deps.applications.items.get('app_0000000000test');
    if (app) app.status = 'AWAITING_SIGNOFF';
    await expect(answerReview({ params: link, fields: approve }, deps)).rejects.toMatchObject({
      statusCode: 409,
      code: 'STAGE_CLOSED',
    });
  });

  it('answers 410 for an expired link, and 409 when it is also used: 409 wins', async () => {
    deps.clock.current = new Date('2026-03-12T00:00:00.000Z');
    await expect(answerReview({ params: link, fields: approve }, deps)).rejects.toBeInstanceOf(GoneError);

    const used = deps.tasks.links.get(link.linkId) as LinkRecord;
    used.usedAt = '2026-03-02T00:00:00.000Z';
    await expect(answerReview({ params: link, fields: approve }, deps)).rejects.toBeInstanceOf(ConflictError);
  });

  it('answers 403 for a tampered link, before anything else', async () => {
    deps.clock.current = new Date('2026-03-12T00:00:00.000Z');
    await expect(
      answerReview({ params: { ...link, exp: String(Number(link.exp) + 1) }, fields: approve }, deps),
    ).rejects.toBeInstanceOf(ForbiddenError);
  });

  it('requires a comment to recommend rejection, and records nothing without one', async () => {
    const error = await answerReview(
      { params: link, fields: { ...approve, recommendation: 'REJECT', comment: '  ' } },
      deps,
    ).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).details).toEqual([
      { path: 'comment', message: expect.stringMatching(/comment is required/) },
    ]);
    expect(deps.workflow.resumed).toHaveLength(0);
    expect((await deps.tasks.getReview('app_0000000000test', 'exp_1'))?.status).toBe('PENDING');
  });

  it('names every field at fault', async () => {
    const error = (await answerReview(
      { params: link, fields: { recommendation: 'MAYBE', innovation: 11, extra: 1 } },
      deps,
    ).catch((caught: unknown) => caught)) as ValidationError;
    expect(error.details.map((detail) => detail.path)).toEqual(
      expect.arrayContaining(['recommendation', 'innovation', 'feasibility', 'cooperation', 'extra']),
    );
  });

  it('takes JSON as typed: true, [5] and "7" are not scores, and nothing is recorded', async () => {
    const error = (await answerReview(
      { params: link, fields: { ...approve, innovation: true, feasibility: [5], cooperation: '7' } },
      deps,
    ).catch((caught: unknown) => caught)) as ValidationError;
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.details.map((detail) => detail.path).sort()).toEqual([
      'cooperation',
      'feasibility',
      'innovation',
    ]);
    expect((await deps.tasks.getReview('app_0000000000test', 'exp_1'))?.status).toBe('PENDING');
  });

  it('decodes the strings of a form post strictly: "7" is a score, "7abc" is not', async () => {
    const token = await deps.signer.csrfToken(link.linkId);
    const form = {
      recommendation: 'APPROVE',
      innovation: '8',
      feasibility: '7abc',
      cooperation: '9',
      csrfToken: token,
    };
    const error = (await answerReview(
      { params: link, fields: form, form: { csrfCookie: token } },
      deps,
    ).catch((caught: unknown) => caught)) as ValidationError;
    expect(error.details.map((detail) => detail.path)).toEqual(['feasibility']);
    await answerReview(
      { params: link, fields: { ...form, feasibility: '7' }, form: { csrfCookie: token } },
      deps,
    );
    expect((await deps.tasks.getReview('app_0000000000test', 'exp_1'))?.answer?.scores).toEqual({
      innovation: 8,
      feasibility: 7,
      cooperation: 9,
    });
  });

  it('takes a form post only with the CSRF token of its cookie', async () => {
    const token = await deps.signer.csrfToken(link.linkId);
    await expect(
      answerReview({ params: link, fields: approve, form: { csrfCookie: token } }, deps),
    ).rejects.toBeInstanceOf(ForbiddenError);
    await expect(
      answerReview(
        { params: link, fields: { ...approve, csrfToken: token }, form: { csrfCookie: undefined } },
        deps,
      ),
    ).rejects.toBeInstanceOf(ForbiddenError);
    await expect(
      answerReview(
        { params: link, fields: { ...approve, csrfToken: 'forged' }, form: { csrfCookie: 'forged' } },
        deps,
      ),
    ).rejects.toBeInstanceOf(ForbiddenError);
    const result = await answerReview(
      { params: link, fields: { ...approve, csrfToken: token }, form: { csrfCookie: token } },
      deps,
    );
    expect(result.workflow).toBe('resumed');
  });

  it('keeps the answer and says so when the workflow task is gone', async () => {
    const gone = { ...deps, workflow: fakeWorkflow('gone') };
    const result = await answerReview({ params: link, fields: approve }, gone);
    expect(result.workflow).toBe('gone');
    expect((await deps.tasks.getReview('app_0000000000test', 'exp_1'))?.status).toBe('ANSWERED');
  });

  it('keeps the answer when Step Functions fails, without throwing', async () => {
    const broken = {
      ...deps,
      workflow: {
        ...deps.workflow,
        resumeTask: async () => Promise.reject(new Error('ServiceUnavailable')),
      },
    };
    const result = await answerReview({ params: link, fields: approve }, broken);
    expect(result.workflow).toBe('failed');
    expect((await deps.tasks.getReview('app_0000000000test', 'exp_1'))?.status).toBe('ANSWERED');
  });
});

describe('requestSignoff and decideSignoff', () => {
  async function signoffWorld() {
    const deps = world(
      application({
        status: 'AWAITING_SIGNOFF',
        tally: {
          assigned: 3,
          received: 1,
          quorum: 1,
          quorumMet: true,
          recommendations: { APPROVE: 1, REJECT: 0 },
          averageScores: { innovation: 8, feasibility: 7, cooperation: 9 },
        },
      }),
    );
    deps.tasks.tasks.set('app_0000000000test/exp_2', {
      applicationId: 'app_0000000000test',
      expertId: 'exp_2',
      status: 'ANSWERED',
      linkId: 'old',
      requestedAt: '2026-02-20T00:00:00.000Z',
      answer: {
        recommendation: 'APPROVE',
        scores: { innovation: 8, feasibility: 7, cooperation: 9 },
        comment: 'Good <b>plan</b>',
        answeredAt: '2026-02-21T00:00:00.000Z',
      },
    });
    await requestSignoff({ applicationId: 'app_0000000000test', taskToken: 'signoff-token' }, deps);
    return { deps, link: emailedLink(deps, 'signoff') };
  }

  it('emails one official, always the same for an application, with every conclusion', async () => {
    const { deps } = await signoffWorld();
    const [email] = deps.mailer.sent;
    expect(deps.mailer.sent).toHaveLength(1);
    expect(email?.subject).toMatch(/^Решение по «.+» до .+ МСК/);
    expect(email?.text).toContain('app_0000000000test');
    expect(email?.text).toContain('Good <b>plan</b>');
    expect(email?.html).toContain('Good &lt;b&gt;plan&lt;/b&gt;');
    expect(email?.text).toContain('Expert exp_2');
    const { deps: again } = await signoffWorld();
    expect(again.mailer.sent[0]?.to).toEqual(email?.to);
  });

  it('records the decision with the application marked decided, and resumes with the outcome', async () => {
    const { deps, link } = await signoffWorld();
    const result = await decideSignoff(
      { params: link, fields: { decision: 'REJECT', comment: 'Not now' } },
      deps,
    );

    expect(result).toEqual({ applicationId: 'app_0000000000test', outcome: 'REJECTED', workflow: 'resumed' });
    expect(deps.workflow.resumed).toEqual([{ token: 'signoff-token', output: { outcome: 'REJECTED' } }]);
    expect(deps.applications.items.get('app_0000000000test')?.signoffDecidedAt).toBe(
      '2026-03-01T10:00:00.000Z',
    );
    expect(deps.applications.events.at(-1)).toMatchObject({
      action: 'SIGNOFF_DECIDED',
      detail: { outcome: 'REJECTED' },
    });
    expect((await deps.tasks.getSignoff('app_0000000000test'))?.decision).toEqual({
      outcome: 'REJECTED',
      comment: 'Not now',
      decidedAt: '2026-03-01T10:00:00.000Z',
    });
  });

  it('requires a comment to reject', async () => {
    const { deps, link } = await signoffWorld();
    await expect(
      decideSignoff({ params: link, fields: { decision: 'REJECT' } }, deps),
    ).rejects.toBeInstanceOf(ValidationError);
  });

  it('answers 409 when decided or withdrawn', async () => {
    const { deps, link } = await signoffWorld();
    await decideSignoff({ params: link, fields: { decision: 'APPROVE', comment: '' } }, deps);
    await expect(
      decideSignoff({ params: link, fields: { decision: 'REJECT', comment: 'x' } }, deps),
    ).rejects.toMatchObject({
      code: 'ALREADY_DECIDED',
    });

    const other = await signoffWorld();
    const app = other.deps.applications.items.get('app_0000000000test');
    if (app) app.status = 'WITHDRAWN';
    await expect(
      decideSignoff({ params: other.link, fields: { decision: 'APPROVE' } }, other.deps),
    ).rejects.toMatchObject({
      code: 'APPLICATION_CLOSED',
    });
  });

  it('completes a re-run of the step with the recorded decision', async () => {
    const { deps, link } = await signoffWorld();
    await decideSignoff({ params: link, fields: { decision: 'APPROVE' } }, deps);
    const again = await requestSignoff({ applicationId: 'app_0000000000test', taskToken: 'redriven' }, deps);
    expect(again.status).toBe('DECIDED');
    expect(deps.workflow.resumed.at(-1)).toEqual({ token: 'redriven', output: { outcome: 'APPROVED' } });
  });
});
