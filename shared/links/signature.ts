import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { LinkedTaskKind } from '#shared/domain/tasks';
import type { KeyRing } from '#shared/links/key-ring';

/**
 * Signed email links: `/{route}/{linkId}?kid=..&exp=..&sig=..`. The id is
 * opaque and random; the signature is HMAC-SHA256 over `id.scope.exp` with
 * the key named by `kid`, so a link cannot be moved to another route, given
 * a later expiry or forged without the key. Pure functions: the key ring is
 * passed in.
 */

/** A link leads to one kind of human task, or to a coordinator's invitation. */
export type LinkScope = LinkedTaskKind | 'invitation';

/** The route each scope is served under (shared/catalog.ts). */
const LINK_ROUTES: Readonly<Record<LinkScope, string>> = {
  review: 'reviews',
  signoff: 'signoff',
  invitation: 'invitations',
  consent: 'consents',
};

export interface LinkParams {
  linkId: string;
  scope: LinkScope;
  kid: string;
  /** Expiry in epoch seconds, as the decimal string carried in the URL. */
  exp: string;
  sig: string;
}

export type LinkVerification =
  | { ok: true; expiresAt: Date }
  | { ok: false; reason: 'tampered' }
  | { ok: false; reason: 'expired'; expiresAt: Date };

/** 144 random bits, base64url: 24 characters, no padding. */
export function newLinkId(): string {
  return randomBytes(18).toString('base64url');
}

const LINK_ID = /^[A-Za-z0-9_-]{22,64}$/;
// Canonical decimal only: `0123` and `123` must not both verify.
const EXPIRY = /^[1-9][0-9]{0,11}$/;

const message = (linkId: string, scope: LinkScope, exp: string) => `${linkId}.${scope}.${exp}`;

function hmac(key: Buffer, text: string): string {
  return createHmac('sha256', key).update(text).digest('base64url');
}

/*
 * Compared as base64url text, not decoded bytes: decoders ignore stray
 * characters and the unused low bits of the last one, so different strings
 * can decode alike.
 */
export function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  return left.length === right.length && timingSafeEqual(left, right);
}

export function signLink(
  ring: KeyRing,
  link: { linkId: string; scope: LinkScope; expiresAt: Date },
): LinkParams {
  const key = ring.keys.get(ring.currentKeyId);
  if (!key) throw new Error(`no link-signing key "${ring.currentKeyId}"`);
  const exp = String(Math.floor(link.expiresAt.getTime() / 1000));
  return {
    linkId: link.linkId,
    scope: link.scope,
    kid: ring.currentKeyId,
    exp,
    sig: hmac(key, message(link.linkId, link.scope, exp)),
  };
}

/** Tampered (bad signature, unknown key, malformed) is checked before expiry: an expiry is only news if signed. */
export function verifyLink(ring: KeyRing, params: LinkParams, now: Date): LinkVerification {
  const key = ring.keys.get(params.kid);
  if (!key || !LINK_ID.test(params.linkId) || !EXPIRY.test(params.exp))
    return { ok: false, reason: 'tampered' };
  if (!sameText(hmac(key, message(params.linkId, params.scope, params.exp)), params.sig)) {
    return { ok: false, reason: 'tampered' };
  }
  const expiresAt = new Date(Number(params.exp) * 1000);
  return now.getTime() >= expiresAt.getTime()
    ? { ok: false, reason: 'expired', expiresAt }
    : { ok: true, expiresAt };
}

export function linkUrl(baseUrl: string, params: LinkParams): string {
  const query = new URLSearchParams({ kid: params.kid, exp: params.exp, sig: params.sig });
  const base = baseUrl.replace(/\/+$/, '');
  return `${base}/${LINK_ROUTES[params.scope]}/${encodeURIComponent(params.linkId)}?${query.toString()}`;
}

/** The link a request names: path id plus query; missing parts become '' and fail verification. */
export function linkParamsFrom(
  scope: LinkScope,
  linkId: string | undefined,
  query: Record<string, string | undefined> | null | undefined,
): LinkParams {
  return { linkId: linkId ?? '', scope, kid: query?.kid ?? '', exp: query?.exp ?? '', sig: query?.sig ?? '' };
}
