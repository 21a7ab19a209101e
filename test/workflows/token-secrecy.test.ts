import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '#local/runtime';
import { type ApiClient, approveReview, createClusterBody, sample } from '#test/support/api-client';
import { startTestRuntime } from '#test/support/test-runtime';

/**
 * Step Functions task tokens stay server-side: after a create application
 * goes end to end, no token handed to a callback step appears in any log
 * line (the runtime's and every function's), in any email, or in any page
 * or reply the experts and the official saw.
 */
const issuedTokens = new Set<string>();
const logLines: string[] = [];
const seen: string[] = [];
let runtime: LocalRuntime;
let api: ApiClient;
const restoreOutput: Array<() => void> = [];

function captureOutput(stream: NodeJS.WriteStream) {
  const write = stream.write.bind(stream);
  stream.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    logLines.push(String(chunk));
    return (write as (...args: unknown[]) => boolean)(chunk, ...rest);
  }) as typeof stream.write;
  restoreOutput.push(() => {
    stream.write = write;
  });
}

beforeAll(async () => {
  // Every line the functions could write, debug included, is searched.
  process.env.POWERTOOLS_LOG_LEVEL = 'DEBUG';
  captureOutput(process.stdout);
  captureOutput(process.stderr);
  ({ runtime, api } = await startTestRuntime('token-secrecy', {
    log: (line) => logLines.push(line),
    wrapInvoke: (invoke) => async (functionKey, payload) => {
      const token = (payload as { taskToken?: unknown }).taskToken;
      if (typeof token === 'string') issuedTokens.add(token);
      return invoke(functionKey, payload);
    },
  }));
});

afterAll(async () => {
  for (const restore of restoreOutput) restore();
  await runtime?.stop();
});

describe('task tokens', () => {
  it('never appear in a log line, an email, a link or a page', async () => {
    const members = sample.activeIn(['communications_equipment'], 30);
    const body = createClusterBody(members, 'Token Secrecy Cluster', ['communications_equipment']);
    const token = await api.login(body.applicantInn);
    const { applicationId } = (await api.submit(token, body)).body;
    for (const link of await api.waitForLinks(applicationId, 'consents', 29)) {
      seen.push(link, JSON.stringify((await api.getLink(link)).body));
      seen.push(JSON.stringify((await api.postLink(link, { answer: 'CONFIRM' })).body));
    }

    for (const link of await api.waitForLinks(applicationId, 'reviews', 3)) {
      seen.push(link, JSON.stringify((await api.getLink(link)).body));
      seen.push(JSON.stringify((await api.postLink(link, approveReview)).body));
    }
    const [signoff = ''] = await api.waitForLinks(applicationId, 'signoff', 1);
    seen.push(signoff, JSON.stringify((await api.getLink(signoff)).body));
    seen.push(JSON.stringify((await api.postLink(signoff, { decision: 'APPROVE', comment: 'ok' })).body));
    seen.push(JSON.stringify(await api.waitForStatus(token, applicationId, ['APPROVED'])));

    const emails = (await api.outbox()).map((message) => JSON.stringify(message));
    expect(issuedTokens.size).toBeGreaterThanOrEqual(4);
    expect(logLines.length).toBeGreaterThan(0);
    expect(emails.length).toBeGreaterThanOrEqual(5);
    const haystacks = { logs: logLines.join('\n'), emails: emails.join('\n'), pages: seen.join('\n') };
    for (const issued of issuedTokens) {
      for (const [where, text] of Object.entries(haystacks)) {
        expect(text.includes(issued), `a task token appears in the ${where}`).toBe(false);
      }
    }
  });
});
