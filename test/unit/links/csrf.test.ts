import { describe, expect, it } from 'vitest';
import { csrfCookieName, csrfSetCookie, csrfToken, isValidCsrfToken, parseCookies } from '#shared/links/csrf';
import { keyRing } from '#test/support/in-memory-stores';

const K1 = 'x'.repeat(40);
const K2 = 'y'.repeat(40);

describe('CSRF tokens', () => {
  it('are bound to one link and need the key', () => {
    const token = csrfToken(keyRing('k1', { k1: K1 }), 'link-one-link-one-link-1');
    expect(isValidCsrfToken(keyRing('k1', { k1: K1 }), 'link-one-link-one-link-1', token)).toBe(true);
    expect(isValidCsrfToken(keyRing('k1', { k1: K1 }), 'link-two-link-two-link-2', token)).toBe(false);
    expect(isValidCsrfToken(keyRing('k1', { k1: K2 }), 'link-one-link-one-link-1', token)).toBe(false);
    expect(isValidCsrfToken(keyRing('k1', { k1: K1 }), 'link-one-link-one-link-1', `${token}x`)).toBe(false);
  });

  it('survive a key rotation between showing the form and posting it', () => {
    const token = csrfToken(keyRing('k1', { k1: K1 }), 'link-1');
    expect(isValidCsrfToken(keyRing('k2', { k1: K1, k2: K2 }), 'link-1', token)).toBe(true);
  });

  it('are not the link signature of the same id', () => {
    expect(csrfToken(keyRing('k1', { k1: K1 }), 'id')).not.toBe(csrfToken(keyRing('k1', { k1: K2 }), 'id'));
  });
});

describe('the CSRF cookie', () => {
  it('is __Host- prefixed, Secure, HttpOnly and SameSite=Strict over HTTPS', () => {
    const cookie = csrfSetCookie('link-1', 'token', { secure: true, maxAgeSeconds: 600 });
    expect(cookie).toMatch(/^__Host-csrf-[A-Za-z0-9_-]{16}=token; /);
    for (const attribute of ['Path=/', 'Max-Age=600', 'HttpOnly', 'SameSite=Strict', 'Secure']) {
      expect(cookie.split('; ')).toContain(attribute);
    }
    expect(cookie).not.toMatch(/Domain=/i);
  });

  it('has no prefix and no Secure over plain HTTP', () => {
    const cookie = csrfSetCookie('link-1', 'token', { secure: false, maxAgeSeconds: 600 });
    expect(cookie.startsWith('csrf-')).toBe(true);
    expect(cookie.split('; ')).not.toContain('Secure');
  });

  it('has a name per link, so two open links do not overwrite each other', () => {
    expect(csrfCookieName('link-1', true)).not.toBe(csrfCookieName('link-2', true));
  });

  it('is read back from a Cookie header', () => {
    const name = csrfCookieName('link-1', false);
    expect(parseCookies(`a=1; ${name}=tok; b=2`).get(name)).toBe('tok');
    expect(parseCookies(undefined).size).toBe(0);
  });
});
