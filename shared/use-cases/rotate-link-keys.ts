import type { Clock } from '#shared/clock';
import { parseKeyRing, rotateKeyRing } from '#shared/links/key-ring';
import { newLinkId, signLink, verifyLink } from '#shared/links/signature';
import type { RotatingSecret } from '#shared/use-cases/ports';

/**
 * Secrets Manager rotation of the link-signing keys, one call per step
 * (https://docs.aws.amazon.com/secretsmanager/latest/userguide/rotate-secrets_lambda-functions.html):
 * - createSecret: the new ring (a new current key, the keys still needed,
 *   see rotateKeyRing) is stored as the version `token`, staged AWSPENDING;
 * - setSecret: nothing to do: the keys live in this secret alone;
 * - testSecret: the pending ring signs and verifies, and still holds the key
 *   that signs today's links;
 * - finishSecret: AWSCURRENT moves to the pending version.
 * Each step may run again (Secrets Manager retries): each is idempotent.
 */

export const ROTATION_STEPS = ['createSecret', 'setSecret', 'testSecret', 'finishSecret'] as const;
export type RotationStep = (typeof ROTATION_STEPS)[number];

export interface RotationRequest {
  step: RotationStep;
  secretId: string;
  /** The ClientRequestToken: the id of the version being created. */
  token: string;
}

export interface RotationDeps {
  secrets: RotatingSecret;
  clock: Clock;
  newKeyMaterial(): string;
  /** How long a superseded key keeps verifying (the longest link lifetime, with slack). */
  retireAfterSeconds: number;
  log?(message: string, details?: Record<string, unknown>): void;
}

/** The rotation cannot go on: Secrets Manager marks it failed and keeps AWSCURRENT as it was. */
export class RotationError extends Error {
  override readonly name = 'RotationError';
}

export async function rotateLinkKeys(request: RotationRequest, deps: RotationDeps): Promise<void> {
  const { secretId, token } = request;
  const { rotationEnabled, versions } = await deps.secrets.describe(secretId);
  if (!rotationEnabled) throw new RotationError('rotation is not enabled on the link-signing secret');
  const stages = versions[token];
  if (!stages) throw new RotationError(`the secret has no version ${token} to rotate to`);
  if (stages.includes('AWSCURRENT')) {
    deps.log?.('the version is already current: nothing to do', { step: request.step });
    return;
  }
  if (!stages.includes('AWSPENDING'))
    throw new RotationError(`version ${token} of the secret is not staged AWSPENDING`);

  const current = async () => {
    const value = await deps.secrets.value(secretId, { stage: 'AWSCURRENT' });
    if (value === null) throw new RotationError('the secret has no AWSCURRENT value');
    return value;
  };
  const pending = () => deps.secrets.value(secretId, { stage: 'AWSPENDING', versionId: token });

  switch (request.step) {
    case 'createSecret': {
      if ((await pending()) !== null) {
        deps.log?.('the pending version exists already');
        return;
      }
      const rotation = rotateKeyRing(await current(), {
        now: deps.clock.now(),
        newKeyMaterial: deps.newKeyMaterial(),
        retireAfterSeconds: deps.retireAfterSeconds,
      });
      await deps.secrets.putPending(secretId, token, rotation.secret);
      // Key ids only, never key material.
      deps.log?.('new key ring staged', { added: rotation.addedKeyId, retired: rotation.retiredKeyIds });
      return;
    }
    case 'setSecret':
      // Nothing outside this secret holds the keys.
      return;
    case 'testSecret': {
      const value = await pending();
      if (value === null) throw new RotationError(`version ${token} has no value`);
      const next = parseKeyRing(value);
      const before = parseKeyRing(await current());
      if (!next.keys.has(before.currentKeyId))
        throw new RotationError(`the pending ring drops ${before.currentKeyId}, which signs today's links`);
      const now = deps.clock.now();
      const probe = signLink(next, {
        linkId: newLinkId(),
        scope: 'review',
        expiresAt: new Date(now.getTime() + 60_000),
      });
      if (!verifyLink(next, probe, now).ok)
        throw new RotationError('the pending ring does not verify its own links');
      return;
    }
    case 'finishSecret': {
      const currentVersion = Object.entries(versions).find(([, labels]) =>
        labels.includes('AWSCURRENT'),
      )?.[0];
      await deps.secrets.promote(secretId, token, currentVersion);
      deps.log?.('the new key ring is current', { from: currentVersion, to: token });
      return;
    }
  }
}
