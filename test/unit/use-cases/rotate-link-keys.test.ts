import {
  DescribeSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  ResourceNotFoundException,
  SecretsManagerClient,
  UpdateSecretVersionStageCommand,
} from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { secretsManagerRotatingSecret } from '#shared/adapters/rotating-secret';
import { parseKeyRing } from '#shared/links/key-ring';
import { type RotationStep, rotateLinkKeys } from '#shared/use-cases/rotate-link-keys';
import { clockAt } from '#test/support/in-memory-stores';

const sm = mockClient(SecretsManagerClient);
const SECRET = 'arn:aws:secretsmanager:eu-central-1:123456789012:secret:LinkSigningKeys-abc';
const TOKEN = 'version-2';
const CURRENT_VERSION = 'version-1';
const CURRENT = JSON.stringify({ currentKeyId: 'k1', k1: 'a'.repeat(64) });
const NEW_KEY = 'n'.repeat(64);

function deps(log: string[] = []) {
  return {
    secrets: secretsManagerRotatingSecret(new SecretsManagerClient({})),
    clock: clockAt('2026-05-01T00:00:00.000Z'),
    newKeyMaterial: () => NEW_KEY,
    retireAfterSeconds: 15 * 24 * 3600,
    log: (message: string, details?: Record<string, unknown>) =>
      log.push(`${message} ${JSON.stringify(details ?? {})}`),
  };
}

const run = (step: RotationStep, log?: string[]) =>
  rotateLinkKeys({ step, secretId: SECRET, token: TOKEN }, deps(log));

function versions(stages: Record<string, string[]>, rotationEnabled = true) {
  sm.on(DescribeSecretCommand, { SecretId: SECRET }).resolves({
    RotationEnabled: rotationEnabled,
    VersionIdsToStages: stages,
  });
}

const notFound = () => new ResourceNotFoundException({ message: 'no such version', $metadata: {} });

describe('rotating the link-signing keys (Secrets Manager rotation steps)', () => {
  beforeEach(() => {
    sm.reset();
    sm.on(GetSecretValueCommand, { SecretId: SECRET, VersionStage: 'AWSCURRENT' }).resolves({
      SecretString: CURRENT,
      VersionId: CURRENT_VERSION,
    });
  });

  it('createSecret stages the new ring AWSPENDING under the request token, keeping the current key', async () => {
    versions({ [CURRENT_VERSION]: ['AWSCURRENT'], [TOKEN]: ['AWSPENDING'] });
    sm.on(GetSecretValueCommand, { SecretId: SECRET, VersionStage: 'AWSPENDING', VersionId: TOKEN }).rejects(
      notFound(),
    );
    sm.on(PutSecretValueCommand).resolves({});
    const log: string[] = [];

    await run('createSecret', log);

    const put = sm.commandCalls(PutSecretValueCommand);
    expect(put).toHaveLength(1);
    const input = put[0]?.args[0].input;
    expect(input).toMatchObject({
      SecretId: SECRET,
      ClientRequestToken: TOKEN,
      VersionStages: ['AWSPENDING'],
    });
    const ring = parseKeyRing(input?.SecretString);
    expect(ring.currentKeyId).toBe('k2');
    expect(ring.keys.get('k2')?.toString()).toBe(NEW_KEY);
    expect(ring.keys.has('k1')).toBe(true);
    // The log names key ids, never key material.
    expect(log.join('\n')).toContain('"added":"k2"');
    expect(log.join('\n')).not.toContain(NEW_KEY);
  });

  it('createSecret run again (Secrets Manager retries) leaves an existing pending version alone', async () => {
    versions({ [CURRENT_VERSION]: ['AWSCURRENT'], [TOKEN]: ['AWSPENDING'] });
    sm.on(GetSecretValueCommand, { SecretId: SECRET, VersionStage: 'AWSPENDING', VersionId: TOKEN }).resolves(
      {
        SecretString: CURRENT,
      },
    );
    await run('createSecret');
    expect(sm.commandCalls(PutSecretValueCommand)).toHaveLength(0);
  });

  it('setSecret has nothing to set: the keys live only in the secret', async () => {
    versions({ [CURRENT_VERSION]: ['AWSCURRENT'], [TOKEN]: ['AWSPENDING'] });
    await run('setSecret');
    expect(sm.commandCalls(PutSecretValueCommand)).toHaveLength(0);
    expect(sm.commandCalls(UpdateSecretVersionStageCommand)).toHaveLength(0);
  });

  it('testSecret passes a ring that keeps the key of today and signs; refuses one that drops it', async () => {
    versions({ [CURRENT_VERSION]: ['AWSCURRENT'], [TOKEN]: ['AWSPENDING'] });
    const pending = sm.on(GetSecretValueCommand, {
      SecretId: SECRET,
      VersionStage: 'AWSPENDING',
      VersionId: TOKEN,
    });
    pending.resolves({
      SecretString: JSON.stringify({ currentKeyId: 'k2', k1: 'a'.repeat(64), k2: NEW_KEY }),
    });
    await expect(run('testSecret')).resolves.toBeUndefined();

    pending.resolves({ SecretString: JSON.stringify({ currentKeyId: 'k2', k2: NEW_KEY }) });
    await expect(run('testSecret')).rejects.toThrow(/drops k1, which signs today's links/);

    pending.resolves({ SecretString: 'not json' });
    await expect(run('testSecret')).rejects.toThrow(/not valid/);
  });

  it('finishSecret moves AWSCURRENT from the current version to the new one', async () => {
    versions({ [CURRENT_VERSION]: ['AWSCURRENT', 'AWSPREVIOUS'], [TOKEN]: ['AWSPENDING'] });
    sm.on(UpdateSecretVersionStageCommand).resolves({});
    await run('finishSecret');
    expect(sm.commandCalls(UpdateSecretVersionStageCommand)[0]?.args[0].input).toEqual({
      SecretId: SECRET,
      VersionStage: 'AWSCURRENT',
      MoveToVersionId: TOKEN,
      RemoveFromVersionId: CURRENT_VERSION,
    });
  });

  it('does nothing in any step once the version is already AWSCURRENT', async () => {
    versions({ [CURRENT_VERSION]: ['AWSPREVIOUS'], [TOKEN]: ['AWSCURRENT', 'AWSPENDING'] });
    for (const step of ['createSecret', 'setSecret', 'testSecret', 'finishSecret'] as const) await run(step);
    expect(sm.commandCalls(PutSecretValueCommand)).toHaveLength(0);
    expect(sm.commandCalls(UpdateSecretVersionStageCommand)).toHaveLength(0);
  });

  it('refuses when rotation is off, the version is unknown, or it is not staged AWSPENDING', async () => {
    versions({ [TOKEN]: ['AWSPENDING'] }, false);
    await expect(run('createSecret')).rejects.toThrow(/rotation is not enabled/);
    versions({ [CURRENT_VERSION]: ['AWSCURRENT'] });
    await expect(run('createSecret')).rejects.toThrow(/no version version-2/);
    versions({ [CURRENT_VERSION]: ['AWSCURRENT'], [TOKEN]: [] });
    await expect(run('createSecret')).rejects.toThrow(/not staged AWSPENDING/);
    expect(sm.commandCalls(PutSecretValueCommand)).toHaveLength(0);
  });
});
