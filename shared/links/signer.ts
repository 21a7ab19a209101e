import { csrfToken, isValidCsrfToken } from '#shared/links/csrf';
import type { KeySource } from '#shared/links/key-ring';
import {
  type LinkParams,
  type LinkScope,
  type LinkVerification,
  signLink,
  verifyLink,
} from '#shared/links/signature';

/** Signing and checking links and their forms' CSRF tokens with the current key ring. */
export interface LinkSigner {
  sign(link: { linkId: string; scope: LinkScope; expiresAt: Date }): Promise<LinkParams>;
  verify(params: LinkParams, now: Date): Promise<LinkVerification>;
  csrfToken(linkId: string): Promise<string>;
  isValidCsrfToken(linkId: string, token: string): Promise<boolean>;
}

/**
 * A link naming a key this environment has not seen yet was probably signed
 * just after a rotation by a function with a fresher copy of the secret:
 * reload once, but at most once a minute, so forged key ids cannot make
 * every request call Secrets Manager.
 */
const REFRESH_INTERVAL_MS = 60_000;

export function linkSigner(source: KeySource, nowMs: () => number = Date.now): LinkSigner {
  let lastRefresh = Number.NEGATIVE_INFINITY;

  const ringFor = async (kid: string) => {
    const ring = await source.load();
    if (ring.keys.has(kid) || nowMs() - lastRefresh < REFRESH_INTERVAL_MS) return ring;
    lastRefresh = nowMs();
    return source.load({ fresh: true });
  };

  return {
    sign: async (link) => signLink(await source.load(), link),
    verify: async (params, now) => verifyLink(await ringFor(params.kid), params, now),
    csrfToken: async (linkId) => csrfToken(await source.load(), linkId),
    isValidCsrfToken: async (linkId, token) => isValidCsrfToken(await source.load(), linkId, token),
  };
}
