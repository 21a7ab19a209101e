import { beforeAll, describe, expect, it } from 'vitest';
import { dynamoApplicationStore } from '#shared/adapters/application-store';
import { documentClient } from '#shared/adapters/dynamodb';
import { dynamoRegistryStore } from '#shared/adapters/registry-store';
import { dynamoTaskStore } from '#shared/adapters/task-store';
import type { Official } from '#shared/domain/registry';
import { ConflictError } from '#shared/errors';
import { randomId } from '#shared/ids';
import { type LinkParams, linkParamsFrom } from '#shared/links/signature';
import { decideSignoff } from '#shared/use-cases/decide-signoff';
import { escalateSignoff } from '#shared/use-cases/escalate-signoff';
import { requestSignoff } from '#shared/use-cases/request-signoff';
import { application, fakeMailer, fakeWorkflow, testSigner } from '#test/support/in-memory-stores';
import { suiteDynamoDbEndpoint } from '#test/support/lanes';
import { createTestTable } from '#test/support/test-table';

/**
 * Escalation and delegation against real DynamoDB Local: a delegation racing
 * a decision on the same link, the first official's decision racing the
 * delegate's, and the escalation racing a last-moment decision are each
 * decided once; the loser gets 409.
 */
const ROUNDS = 6;
const clock = { now: () => new Date() };
const OFFICIALS: Official[] = [
  { officialId: 'off_1', name: 'Ольга Петрова', email: 'o@dept.example', role: 'OFFICIAL', active: true },
  { officialId: 'off_2', name: 'Сергей Орлов', email: 's@dept.example', role: 'OFFICIAL', active: true },
  { officialId: 'off_3', name: 'Ирина Зайцева', email: 'i@dept.example', role: 'HEAD', active: true },
];
let deps: ReturnType<typeof depsFor>;

function depsFor(tableName: string) {
  return {
    applications: dynamoApplicationStore(documentClient, tableName),
    tasks: dynamoTaskStore(documentClient, tableName),
    registry: dynamoRegistryStore(documentClient, tableName),
    signer: testSigner(),
    mailer: fakeMailer(),
    workflow: fakeWorkflow(),
    clock,
    config: {
      publicBaseUrl: 'https://clusters.example.city',
      signoffTimeoutSeconds: 3600,
      escalationTimeoutSeconds: 1800,
      amendmentTimeoutSeconds: 3600,
    },
  };
}

beforeAll(async () => {
  const tableName = await createTestTable(suiteDynamoDbEndpoint());
  deps = depsFor(tableName);
  await deps.registry.putOfficials(OFFICIALS);
});

/** An application awaiting sign-off, its sign-off requested: the holder and the emailed link. */
async function awaitingSignoff() {
  const applicationId = randomId('app');
  const at = clock.now().toISOString();
  await deps.applications.create(application({ applicationId, status: 'AWAITING_SIGNOFF' }), {
    at,
    status: 'AWAITING_SIGNOFF',
    action: 'TEST',
    actor: 'test',
  });
  const own = { ...deps, mailer: fakeMailer(), workflow: fakeWorkflow() };
  const { officialId } = await requestSignoff({ applicationId, taskToken: `token-${applicationId}` }, own);
  return { applicationId, holder: officialId, link: emailedLink(own.mailer), own };
}

function emailedLink(mailer: ReturnType<typeof fakeMailer>): LinkParams {
  const url = new URL(mailer.sent.at(-1)?.text.match(/https:\/\/\S+/)?.[0] ?? '');
  return linkParamsFrom('signoff', url.pathname.split('/')[2], Object.fromEntries(url.searchParams));
}

const other = (officialId: string) => (officialId === 'off_1' ? 'off_2' : 'off_1');
const loserOf = (results: PromiseSettledResult<unknown>[]) =>
  results.filter((result): result is PromiseRejectedResult => result.status === 'rejected');

describe('a delegation racing a decision on the same link', () => {
  it('has exactly one winner, every time; the loser gets 409', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const { applicationId, holder, link, own } = await awaitingSignoff();
      const to = other(holder);
      const results = await Promise.allSettled([
        decideSignoff({ params: link, fields: { decision: 'APPROVE' } }, own),
        decideSignoff(
          { params: link, fields: { decision: 'DELEGATE', delegateTo: to, comment: 'Отпуск' } },
          own,
        ),
      ]);

      const losers = loserOf(results);
      expect(losers).toHaveLength(1);
      expect(losers[0]?.reason).toBeInstanceOf(ConflictError);
      const task = await deps.tasks.getSignoff(applicationId);
      const actions = (await deps.applications.history(applicationId)).map((event) => event.action);
      if (results[0].status === 'fulfilled') {
        expect(task).toMatchObject({ status: 'DECIDED', officialId: holder });
        expect(actions).not.toContain('SIGNOFF_DELEGATED');
        expect(own.workflow.resumed).toHaveLength(1);
      } else {
        expect(losers[0]?.reason).toMatchObject({ code: 'DELEGATED' });
        expect(task).toMatchObject({ status: 'PENDING', officialId: to });
        expect((await deps.applications.get(applicationId))?.signoffDecidedAt).toBeUndefined();
        expect(actions).not.toContain('SIGNOFF_DECIDED');
        expect(own.workflow.resumed).toHaveLength(0);
      }
    }
  });
});

describe("the first official's decision racing the delegate's", () => {
  it('is the delegate’s, every time; the first link gets 409 DELEGATED', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const { applicationId, holder, link, own } = await awaitingSignoff();
      const to = other(holder);
      await decideSignoff(
        { params: link, fields: { decision: 'DELEGATE', delegateTo: to, comment: 'Прошу решить' } },
        own,
      );
      const delegateLink = emailedLink(own.mailer);

      const [first, delegate] = await Promise.allSettled([
        decideSignoff({ params: link, fields: { decision: 'APPROVE' } }, own),
        decideSignoff({ params: delegateLink, fields: { decision: 'REJECT', comment: 'Нет' } }, own),
      ]);

      expect(first.status).toBe('rejected');
      expect((first as PromiseRejectedResult).reason).toMatchObject({ statusCode: 409, code: 'DELEGATED' });
      expect(delegate).toMatchObject({ status: 'fulfilled', value: { outcome: 'REJECTED' } });
      expect(await deps.tasks.getSignoff(applicationId)).toMatchObject({
        status: 'DECIDED',
        officialId: to,
        decision: { outcome: 'REJECTED' },
      });
      // The one token, kept through the delegation, completed once, with the delegate's decision.
      expect(own.workflow.resumed).toEqual([
        { token: `token-${applicationId}`, output: { outcome: 'REJECTED' } },
      ]);
    }
  });
});

describe('the escalation racing a last-moment decision', () => {
  it('has exactly one winner: the head takes over, or the decision completes the escalation step', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const { applicationId, holder, link, own } = await awaitingSignoff();
      const [decision, escalation] = await Promise.allSettled([
        decideSignoff({ params: link, fields: { decision: 'APPROVE' } }, own),
        escalateSignoff({ applicationId, taskToken: `escalation-${applicationId}` }, own),
      ]);

      expect(escalation.status).toBe('fulfilled');
      const escalated = escalation.status === 'fulfilled' ? escalation.value : undefined;
      const task = await deps.tasks.getSignoff(applicationId);
      if (decision.status === 'fulfilled') {
        expect(escalated?.outcome).toBe('DECIDED');
        expect(task).toMatchObject({ status: 'DECIDED', officialId: holder });
        expect(own.workflow.resumed).toContainEqual({
          token: `escalation-${applicationId}`,
          output: { outcome: 'APPROVED' },
        });
      } else {
        expect(decision.reason).toMatchObject({ statusCode: 409, code: 'ESCALATED' });
        expect(escalated).toMatchObject({ outcome: 'ESCALATED', officialId: 'off_3' });
        expect(task).toMatchObject({ status: 'PENDING', officialId: 'off_3', escalatedFrom: holder });
      }
    }
  });
});
