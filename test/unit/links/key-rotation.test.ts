import { describe, expect, it } from 'vitest';
import { type KeySource, parseKeyRing, rotateKeyRing } from '#shared/links/key-ring';
import { newLinkId } from '#shared/links/signature';
import { linkSigner } from '#shared/links/signer';

const DAY = 24 * 3600;
/** The default deadlines: 10 days of review, 14 of sign-off; a link never outlives its step. */
const RETIRE_AFTER = 15 * DAY;
const material = (letter: string) => letter.repeat(64);
const at = (iso: string) => new Date(iso);
const plusDays = (date: Date, days: number) => new Date(date.getTime() + days * DAY * 1000);

/** The secret as CDK creates it on the first deploy. */
const INITIAL = JSON.stringify({ currentKeyId: 'k1', k1: material('a') });

/** A signer over a secret value that the test replaces, as a rotation replaces AWSCURRENT. */
function signerOver(secret: { value: string }) {
  const source: KeySource = { load: async () => parseKeyRing(secret.value) };
  return linkSigner(source);
}

describe('rotateKeyRing', () => {
  it('adds the next key as the current one and records when the previous one stopped signing', () => {
    const now = at('2026-01-01T00:00:00.000Z');
    const rotation = rotateKeyRing(INITIAL, {
      now,
      newKeyMaterial: material('b'),
      retireAfterSeconds: RETIRE_AFTER,
    });

    expect(rotation).toMatchObject({ addedKeyId: 'k2', retiredKeyIds: [] });
    expect(JSON.parse(rotation.secret)).toEqual({
      currentKeyId: 'k2',
      k1: material('a'),
      k2: material('b'),
      supersededAt: { k1: now.toISOString() },
    });
    const ring = parseKeyRing(rotation.secret);
    expect(ring.currentKeyId).toBe('k2');
    expect([...ring.keys.keys()].sort()).toEqual(['k1', 'k2']);
  });

  it('retires a key once the longest link lifetime has passed since it was superseded, not since it was made', () => {
    const first = at('2026-01-01T00:00:00.000Z');
    const second = rotateKeyRing(INITIAL, {
      now: first,
      newKeyMaterial: material('b'),
      retireAfterSeconds: RETIRE_AFTER,
    });
    // k1 was superseded at `first`: a day short of the retirement age, it stays.
    const early = rotateKeyRing(second.secret, {
      now: plusDays(first, 14),
      newKeyMaterial: material('c'),
      retireAfterSeconds: RETIRE_AFTER,
    });
    expect(early.retiredKeyIds).toEqual([]);
    expect(JSON.parse(early.secret)).toMatchObject({
      currentKeyId: 'k3',
      k1: material('a'),
      k2: material('b'),
    });

    // Thirty days on: k1 (superseded 30 days ago) goes; k2 (superseded 16 days ago) goes too;
    // k3, superseded only now, stays with the new k4.
    const later = rotateKeyRing(early.secret, {
      now: plusDays(first, 30),
      newKeyMaterial: material('d'),
      retireAfterSeconds: RETIRE_AFTER,
    });
    expect(later.retiredKeyIds.sort()).toEqual(['k1', 'k2']);
    const value = JSON.parse(later.secret);
    expect(value).toEqual({
      currentKeyId: 'k4',
      k3: material('c'),
      k4: material('d'),
      supersededAt: { k3: plusDays(first, 30).toISOString() },
    });
  });

  it('starts the retirement clock of a key added by hand, which may have signed links until now', () => {
    const now = at('2026-03-01T00:00:00.000Z');
    const byHand = JSON.stringify({ currentKeyId: 'k1', k1: material('a'), spare: material('s') });
    const rotation = rotateKeyRing(byHand, {
      now,
      newKeyMaterial: material('b'),
      retireAfterSeconds: RETIRE_AFTER,
    });
    expect(rotation).toMatchObject({ addedKeyId: 'k2', retiredKeyIds: [] });
    expect(JSON.parse(rotation.secret).supersededAt).toEqual({
      k1: now.toISOString(),
      spare: now.toISOString(),
    });

    const later = rotateKeyRing(rotation.secret, {
      now: plusDays(now, 16),
      newKeyMaterial: material('c'),
      retireAfterSeconds: RETIRE_AFTER,
    });
    expect(later.retiredKeyIds.sort()).toEqual(['k1', 'spare']);
  });

  it('refuses short key material and a broken secret, without echoing key material', () => {
    const now = at('2026-01-01T00:00:00.000Z');
    expect(() =>
      rotateKeyRing(INITIAL, { now, newKeyMaterial: 'short', retireAfterSeconds: RETIRE_AFTER }),
    ).toThrow(/at least 32 characters/);
    expect(() =>
      rotateKeyRing(JSON.stringify({ currentKeyId: 'k9', k1: material('a') }), {
        now,
        newKeyMaterial: material('b'),
        retireAfterSeconds: RETIRE_AFTER,
      }),
    ).toThrow(/no key "k9"/);
  });
});

describe('links across a rotation', () => {
  it('keep verifying with the previous key until it is retired, then are refused', async () => {
    const secret = { value: INITIAL };
    const signer = signerOver(secret);
    const signedAt = at('2026-01-01T00:00:00.000Z');
    const link = await signer.sign({
      linkId: newLinkId(),
      scope: 'review',
      expiresAt: plusDays(signedAt, 60),
    });
    expect(link.kid).toBe('k1');

    // Rotation: new links are signed with k2, the old link still verifies.
    secret.value = rotateKeyRing(secret.value, {
      now: plusDays(signedAt, 1),
      newKeyMaterial: material('b'),
      retireAfterSeconds: RETIRE_AFTER,
    }).secret;
    const fresh = await signer.sign({
      linkId: newLinkId(),
      scope: 'signoff',
      expiresAt: plusDays(signedAt, 60),
    });
    expect(fresh.kid).toBe('k2');
    expect(await signer.verify(link, plusDays(signedAt, 2))).toMatchObject({ ok: true });
    expect(await signer.verify(fresh, plusDays(signedAt, 2))).toMatchObject({ ok: true });

    // The next rotation before the retirement age keeps k1 ...
    secret.value = rotateKeyRing(secret.value, {
      now: plusDays(signedAt, 10),
      newKeyMaterial: material('c'),
      retireAfterSeconds: RETIRE_AFTER,
    }).secret;
    expect(await signer.verify(link, plusDays(signedAt, 11))).toMatchObject({ ok: true });

    // ... one after it retires k1: its links are refused as tampered (no such key), k2's still verify.
    secret.value = rotateKeyRing(secret.value, {
      now: plusDays(signedAt, 17),
      newKeyMaterial: material('d'),
      retireAfterSeconds: RETIRE_AFTER,
    }).secret;
    expect(parseKeyRing(secret.value).keys.has('k1')).toBe(false);
    expect(await signer.verify(link, plusDays(signedAt, 18))).toEqual({ ok: false, reason: 'tampered' });
    expect(await signer.verify(fresh, plusDays(signedAt, 18))).toMatchObject({ ok: true });
  });
});
