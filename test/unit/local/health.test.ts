import { describe, expect, it } from 'vitest';
import { checkHealth } from '#local/health';

describe('health of the local runtime', () => {
  it('is ok when every dependency answers', async () => {
    const report = await checkHealth({ dynamodb: async () => {}, engine: async () => {} });
    expect(report).toMatchObject({
      status: 'ok',
      checks: { dynamodb: { status: 'ok' }, engine: { status: 'ok' } },
    });
  });

  it('is degraded, naming the dependency and why, when one fails', async () => {
    const report = await checkHealth({
      dynamodb: async () => {
        throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:8000'), { name: 'Error' });
      },
      engine: async () => {},
    });
    expect(report.status).toBe('degraded');
    expect(report.checks.dynamodb).toMatchObject({
      status: 'down',
      error: expect.stringContaining('ECONNREFUSED'),
    });
    expect(report.checks.engine?.status).toBe('ok');
  });

  it('counts a dependency that does not answer in time as down', async () => {
    const report = await checkHealth({ dynamodb: () => new Promise<void>(() => {}) }, 50);
    expect(report.checks.dynamodb).toMatchObject({ status: 'down', error: expect.stringContaining('50 ms') });
  });
});
