import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { KeyRing } from '#shared/links/key-ring';

/**
 * Double-submit CSRF protection for the link forms, with nothing stored: the
 * token is an HMAC of the link id under a key derived from a link-signing
 * key, set as a SameSite=Strict, HttpOnly cookie and repeated in a hidden
 * field. A cross-site form post carries neither the cookie nor a token it
 * could compute. One cookie per link, so two links open in two tabs do not
 * overwrite each other's token.
 */

// A separate key per purpose: a CSRF token must never double as a link signature.
const subkey = (key: Buffer) => createHmac('sha256', key).update('csrf-token-v1').digest();
const tokenFor = (key: Buffer, linkId: string) =>
  createHmac('sha256', subkey(key)).update(linkId).digest('base64url');

export function csrfToken(ring: KeyRing, linkId: string): string {
  const key = ring.keys.get(ring.currentKeyId);
  if (!key) throw new Error(`no link-signing key "${ring.currentKeyId}"`);
  return tokenFor(key, linkId);
}

/** Any key of the ring: a page loaded just before a rotation still posts. */
export function isValidCsrfToken(ring: KeyRing, linkId: string, token: string): boolean {
  const given = Buffer.from(token, 'utf8');
  let valid = false;
  for (const key of ring.keys.values()) {
    const expected = Buffer.from(tokenFor(key, linkId), 'utf8');
    if (expected.length === given.length && timingSafeEqual(expected, given)) valid = true;
  }
  return valid;
}

/**
 * `__Host-` pins the cookie to this exact origin over HTTPS (Secure, Path=/,
 * no Domain); plain HTTP (the local runtime) cannot set Secure cookies.
 */
export function csrfCookieName(linkId: string, secure: boolean): string {
  const suffix = createHash('sha256').update(linkId).digest('base64url').slice(0, 16);
  return `${secure ? '__Host-' : ''}csrf-${suffix}`;
}

export function csrfSetCookie(
  linkId: string,
  token: string,
  options: { secure: boolean; maxAgeSeconds: number },
) {
  const attributes = [
    `${csrfCookieName(linkId, options.secure)}=${token}`,
    'Path=/',
    `Max-Age=${Math.max(0, Math.floor(options.maxAgeSeconds))}`,
    'HttpOnly',
    'SameSite=Strict',
  ];
  if (options.secure) attributes.push('Secure');
  return attributes.join('; ');
}

/** `name=value` pairs of a Cookie header; later duplicates do not override the first. */
export function parseCookies(header: string | undefined): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const part of (header ?? '').split(';')) {
    const index = part.indexOf('=');
    if (index <= 0) continue;
    const name = part.slice(0, index).trim();
    if (!cookies.has(name)) cookies.set(name, part.slice(index + 1).trim());
  }
  return cookies;
}
