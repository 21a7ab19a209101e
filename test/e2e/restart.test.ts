import { spawnSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { apiClient, approveReview, createClusterBody, sample } from '#test/support/api-client';
import { FINAL_STATUSES, signOff, submitAs } from '#test/support/e2e';
import { type RuntimeProcess, runtimeExitOf, startRuntimeProcess } from '#test/support/runtime-process';

/**
 * Stopping `npm start` (Ctrl-C) in the middle of a review and starting it
 * again loses nothing: the application still waits for its experts, the
 * links emailed before the restart still work, and it reaches a decision.
 * This test runs its own runtime so it can stop and start it.
 */
let runtime: RuntimeProcess | undefined;
afterAll(async () => {
  await runtime?.stop();
});

function javaProcessesUsing(dataDir: string): string[] {
  const found = spawnSync('pgrep', ['-f', `java.*${dataDir}`], { encoding: 'utf8' });
  return found.stdout.split('\n').filter(Boolean);
}

describe('a restart of the local runtime', () => {
  it('keeps an application in review waiting, with working links, until its decision', async () => {
    runtime = await startRuntimeProcess();
    const { port, dataDir } = runtime;
    let client = apiClient(runtime.url);

    const members = sample.activeIn(['energy_efficiency', 'new_materials'], 30, 5);
    const body = createClusterBody(members, 'E2E Restart Cluster', ['energy_efficiency', 'new_materials']);
    const { token, applicationId } = await submitAs(client, body);
    await client.answerConsents(applicationId, 29);
    const links = await client.waitForLinks(applicationId, 'reviews', 3);
    expect((await client.postLink(links[0] ?? '', approveReview)).status).toBe(200);

    expect(await runtime.stop('SIGINT')).toBe(0);
    // Ctrl-C leaves no DynamoDB Local (Java) behind.
    expect(javaProcessesUsing(dataDir)).toEqual([]);
    runtime = await startRuntimeProcess({ port, dataDir });
    client = apiClient(runtime.url);
    expect(runtime.output()).toMatch(/resumed 1 interrupted execution/);

    expect((await client.getApplication(token, applicationId)).body.status).toBe('IN_REVIEW');
    expect((await client.postLink(links[0] ?? '', approveReview)).status).toBe(409);
    for (const link of links.slice(1)) expect((await client.postLink(link, approveReview)).status).toBe(200);
    // Resumed tasks re-used the stored review records: no second email went to any expert.
    const reviewMails = (await client.outbox()).filter(
      (message) =>
        message.text.includes(applicationId) && message.links.some((link) => link.includes('/reviews/')),
    );
    expect(reviewMails).toHaveLength(3);

    await signOff(client, applicationId, 'APPROVE', 'После перезапуска');
    const application = await client.waitForStatus(token, applicationId, FINAL_STATUSES);
    expect(application.status).toBe('APPROVED');
    expect(application.reviews).toMatchObject({ assigned: 3, received: 3 });
  });
});

describe('starting the local runtime', () => {
  it('says clearly when the port is taken', async () => {
    const taken = runtime ?? (await startRuntimeProcess());
    runtime = taken;
    const refused = await runtimeExitOf({ port: taken.port });
    expect(refused.code).toBe(1);
    expect(refused.output).toMatch(/port \d+ is already in use: stop what runs there, or start with PORT=/);
  });
});
