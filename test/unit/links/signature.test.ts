import { describe, expect, it } from 'vitest';
import {
  type LinkParams,
  type LinkScope,
  linkParamsFrom,
  linkUrl,
  newLinkId,
  signLink,
  verifyLink,
} from '#shared/links/signature';
import { keyRing } from '#test/support/in-memory-stores';

const K1 = 'first-key-first-key-first-key-first-key';
const K2 = 'second-key-second-key-second-key-second';

const now = new Date('2026-03-01T10:00:00Z');
const expiresAt = new Date('2026-03-11T10:00:00Z');
const signed = signLink(keyRing('k1', { k1: K1 }), { linkId: newLinkId(), scope: 'review', expiresAt });

// Every printable ASCII character: any single-byte replacement a URL could carry.
const ALPHABET = Array.from({ length: 95 }, (_, index) => String.fromCharCode(32 + index));

function singleByteChanges(value: string): string[] {
  const changed: string[] = [];
  for (let position = 0; position < value.length; position++) {
    for (const char of ALPHABET) {
      if (char !== value[position]) changed.push(value.slice(0, position) + char + value.slice(position + 1));
    }
  }
  return changed;
}

describe('signed links', () => {
  it('verify as signed, until they expire', () => {
    expect(verifyLink(keyRing('k1', { k1: K1 }), signed, now)).toEqual({ ok: true, expiresAt });
    expect(verifyLink(keyRing('k1', { k1: K1 }), signed, expiresAt)).toEqual({
      ok: false,
      reason: 'expired',
      expiresAt,
    });
  });

  it.each(['linkId', 'exp', 'sig', 'kid'] as const)('reject every single-byte change of the %s', (field) => {
    const variants = singleByteChanges(signed[field]);
    expect(variants.length).toBeGreaterThan(20);
    for (const variant of variants) {
      const result = verifyLink(keyRing('k1', { k1: K1 }), { ...signed, [field]: variant }, now);
      expect(result, `${field}=${variant}`).toEqual({ ok: false, reason: 'tampered' });
    }
  });

  it('reject every single-byte change of the scope, and the other route', () => {
    const scopes = [...singleByteChanges('review'), 'signoff'] as LinkScope[];
    for (const scope of scopes) {
      expect(verifyLink(keyRing('k1', { k1: K1 }), { ...signed, scope }, now)).toEqual({
        ok: false,
        reason: 'tampered',
      });
    }
  });

  it('report a tampered expired link as tampered, not expired', () => {
    const later = new Date(expiresAt.getTime() + 1000);
    expect(
      verifyLink(
        keyRing('k1', { k1: K1 }),
        { ...signed, sig: `${signed.sig.slice(0, -1)}${signed.sig.endsWith('A') ? 'B' : 'A'}` },
        later,
      ),
    ).toEqual({
      ok: false,
      reason: 'tampered',
    });
  });

  it.each<[string, Partial<LinkParams>]>([
    ['an unknown key id', { kid: 'k9' }],
    ['no key id', { kid: '' }],
    ['no signature', { sig: '' }],
    ['a non-canonical expiry', { exp: `0${signed.exp}` }],
    ['a short link id', { linkId: 'abc' }],
  ])('reject %s', (_, change) => {
    expect(verifyLink(keyRing('k1', { k1: K1 }), { ...signed, ...change }, now)).toEqual({
      ok: false,
      reason: 'tampered',
    });
  });

  it('keep verifying after a rotation while the old key is listed, and stop once it is removed', () => {
    const rotated = keyRing('k2', { k1: K1, k2: K2 });
    expect(verifyLink(rotated, signed, now).ok).toBe(true);

    const fresh = signLink(rotated, { linkId: newLinkId(), scope: 'signoff', expiresAt });
    expect(fresh.kid).toBe('k2');
    expect(verifyLink(rotated, fresh, now).ok).toBe(true);

    const retired = keyRing('k2', { k2: K2 });
    expect(verifyLink(retired, signed, now)).toEqual({ ok: false, reason: 'tampered' });
    expect(verifyLink(retired, fresh, now).ok).toBe(true);
  });

  it('do not verify under another key with the same id', () => {
    expect(verifyLink(keyRing('k1', { k1: K2 }), signed, now)).toEqual({ ok: false, reason: 'tampered' });
  });
});

describe('link ids and URLs', () => {
  it('are random, at least 128 bits, URL-safe', () => {
    const ids = new Set(Array.from({ length: 1000 }, newLinkId));
    expect(ids.size).toBe(1000);
    for (const id of ids) {
      expect(id).toMatch(/^[A-Za-z0-9_-]{24}$/);
      expect(Buffer.from(id, 'base64url').length * 8).toBeGreaterThanOrEqual(128);
    }
  });

  it('carry kid, exp and sig in the query, and read back to the same parameters', () => {
    const url = new URL(linkUrl('https://clusters.example.city/', signed));
    expect(url.pathname).toBe(`/reviews/${signed.linkId}`);
    expect([...url.searchParams.keys()]).toEqual(['kid', 'exp', 'sig']);
    const params = linkParamsFrom('review', url.pathname.split('/')[2], Object.fromEntries(url.searchParams));
    expect(params).toEqual(signed);
    expect(verifyLink(keyRing('k1', { k1: K1 }), params, now).ok).toBe(true);
  });

  it('read missing parts as empty, which never verifies', () => {
    const params = linkParamsFrom('signoff', undefined, null);
    expect(params).toEqual({ linkId: '', scope: 'signoff', kid: '', exp: '', sig: '' });
    expect(verifyLink(keyRing('k1', { k1: K1 }), params, now)).toEqual({ ok: false, reason: 'tampered' });
  });
});
