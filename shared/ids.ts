import { createHash, randomBytes } from 'node:crypto';

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz'; // Crockford base32, lower case

function base32(bytes: Uint8Array, length: number): string {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5 && out.length < length) {
      out += ALPHABET[(buffer >>> (bits - 5)) & 31];
      bits -= 5;
    }
    buffer &= (1 << bits) - 1;
  }
  return out;
}

/** 26 base32 characters = 130 random bits. */
export function randomId(prefix: string): string {
  return `${prefix}_${base32(randomBytes(17), 26)}`;
}

/** The same inputs always give the same id: how a retried submission finds its application. */
export function deterministicId(prefix: string, ...parts: string[]): string {
  const digest = createHash('sha256').update(parts.join('\u0000')).digest();
  return `${prefix}_${base32(digest, 26)}`;
}

/** The cluster an approved create application makes: derived, so a retried apply makes the same one. */
export function clusterIdFor(applicationId: string): string {
  return deterministicId('clu', applicationId);
}

export function sha256Hex(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}
