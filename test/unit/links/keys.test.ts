import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { secretsManagerKeySource } from '#shared/adapters/signing-keys-secret';
import { type KeySource, parseKeyRing } from '#shared/links/key-ring';
import { newLinkId, signLink } from '#shared/links/signature';
import { linkSigner } from '#shared/links/signer';
import { keyRing } from '#test/support/in-memory-stores';

const secrets = mockClient(SecretsManagerClient);
const KEY_A = 'a'.repeat(44);
const KEY_B = 'b'.repeat(64);

describe('parseKeyRing', () => {
  it("reads the local runtime's key file shape", () => {
    const ring = parseKeyRing(JSON.stringify({ currentKeyId: 'k1', keys: { k1: KEY_A } }));
    expect(ring.currentKeyId).toBe('k1');
    expect(ring.keys.get('k1')).toEqual(Buffer.from(KEY_A));
  });

  it('reads the flat shape of the CDK-generated secret, every other property a key', () => {
    const ring = parseKeyRing({ currentKeyId: 'k2', k1: KEY_A, k2: KEY_B });
    expect([...ring.keys.keys()]).toEqual(['k1', 'k2']);
  });

  it.each([
    ['not JSON', 'nope'],
    ['no current key', JSON.stringify({ currentKeyId: 'k2', keys: { k1: KEY_A } })],
    ['a short key', JSON.stringify({ currentKeyId: 'k1', keys: { k1: 'short' } })],
  ])('refuses %s without echoing key material', (_, secret) => {
    expect(() => parseKeyRing(secret)).toThrow(/link-signing secret/);
    try {
      parseKeyRing(secret);
    } catch (error) {
      expect((error as Error).message).not.toContain('short');
    }
  });
});

describe('secretsManagerKeySource', () => {
  beforeEach(() => secrets.reset());

  it('reads the secret once and serves it from the cache', async () => {
    secrets
      .on(GetSecretValueCommand)
      .resolves({ SecretString: JSON.stringify({ currentKeyId: 'k1', k1: KEY_A }) });
    const source = secretsManagerKeySource('test/cached-keys');
    await source.load();
    const ring = await source.load();
    expect(ring.currentKeyId).toBe('k1');
    expect(secrets.commandCalls(GetSecretValueCommand)).toHaveLength(1);
    expect(secrets.commandCalls(GetSecretValueCommand)[0]?.args[0].input).toMatchObject({
      SecretId: 'test/cached-keys',
    });
  });

  it('reads again when asked for a fresh copy', async () => {
    secrets
      .on(GetSecretValueCommand)
      .resolvesOnce({ SecretString: JSON.stringify({ currentKeyId: 'k1', k1: KEY_A }) })
      .resolves({ SecretString: JSON.stringify({ currentKeyId: 'k2', k1: KEY_A, k2: KEY_B }) });
    const source = secretsManagerKeySource('test/fresh-keys');
    expect((await source.load()).currentKeyId).toBe('k1');
    expect((await source.load({ fresh: true })).currentKeyId).toBe('k2');
  });
});

describe('linkSigner', () => {
  it('reloads the keys once when a link names a key it does not know, then at most once a minute', async () => {
    let loads = 0;
    let fresh = 0;
    const rotatedElsewhere = keyRing('k2', { k1: KEY_A, k2: KEY_B });
    const source: KeySource = {
      load: async (options) => {
        loads++;
        if (options?.fresh) fresh++;
        return options?.fresh ? rotatedElsewhere : keyRing('k1', { k1: KEY_A });
      },
    };
    let clock = 1_000_000;
    const signer = linkSigner(source, () => clock);
    const link = signLink(rotatedElsewhere, {
      linkId: newLinkId(),
      scope: 'review',
      expiresAt: new Date(Date.now() + 60_000),
    });

    expect((await signer.verify(link, new Date())).ok).toBe(true);
    expect(fresh).toBe(1);
    await signer.verify({ ...link, kid: 'k7' }, new Date());
    expect(fresh).toBe(1);
    clock += 61_000;
    await signer.verify({ ...link, kid: 'k7' }, new Date());
    expect(fresh).toBe(2);
    expect(loads).toBeGreaterThan(fresh);
  });
});
