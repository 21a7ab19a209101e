import { createHmac } from 'node:crypto';
import type { KeyRing } from '#shared/links/key-ring';
import { sameText } from '#shared/links/signature';

/**
 * Small signed values kept by the browser (the portal's and the console's session and sign-in
 * cookies): `kid.payload.signature`, the payload base64url JSON with its
 * expiry, the signature an HMAC under a key derived from a link-signing key
 * and the value's purpose, so a sealed value never doubles as a link
 * signature, a CSRF token or a value of another purpose. Nothing is stored
 * server-side; any key of the ring verifies, so a rotation signs nobody out.
 */

export type SealPurpose = 'portal-session' | 'portal-sign-in' | 'operator-session' | 'operator-sign-in';

const subkey = (key: Buffer, purpose: SealPurpose) =>
  createHmac('sha256', key).update(`sealed-v1:${purpose}`).digest();
const mac = (key: Buffer, purpose: SealPurpose, kid: string, payload: string) =>
  createHmac('sha256', subkey(key, purpose)).update(`${kid}.${payload}`).digest('base64url');

const SEALED = /^([A-Za-z0-9_-]{1,32})\.([A-Za-z0-9_-]{1,3000})\.([A-Za-z0-9_-]{43})$/;

export function seal<T extends object>(
  ring: KeyRing,
  purpose: SealPurpose,
  value: T,
  expiresAt: Date,
): string {
  const key = ring.keys.get(ring.currentKeyId);
  if (!key) throw new Error(`no link-signing key "${ring.currentKeyId}"`);
  const payload = Buffer.from(
    JSON.stringify({ ...value, exp: Math.floor(expiresAt.getTime() / 1000) }),
  ).toString('base64url');
  return `${ring.currentKeyId}.${payload}.${mac(key, purpose, ring.currentKeyId, payload)}`;
}

/** The value, or null when it is malformed, tampered, sealed for another purpose or expired. */
export function unseal<T extends object>(
  ring: KeyRing,
  purpose: SealPurpose,
  sealed: string | undefined,
  now: Date,
): (T & { exp: number }) | null {
  const match = SEALED.exec(sealed ?? '');
  if (!match) return null;
  const [, kid = '', payload = '', signature = ''] = match;
  const key = ring.keys.get(kid);
  if (!key) return null;
  if (!sameText(mac(key, purpose, kid, payload), signature)) return null;
  try {
    const value = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as T & { exp?: unknown };
    if (typeof value !== 'object' || value === null || typeof value.exp !== 'number') return null;
    return value.exp * 1000 > now.getTime() ? (value as T & { exp: number }) : null;
  } catch {
    return null;
  }
}
