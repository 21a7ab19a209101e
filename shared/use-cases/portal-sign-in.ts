import { createHash, randomBytes } from 'node:crypto';
import { ForbiddenError, UnauthorizedError } from '#shared/errors';
import { innSchema } from '#shared/schemas/api';
import type { IdentityProvider, Registry } from '#shared/use-cases/ports';

export type { IdentityProvider };

/**
 * Signing an applicant in to the portal. In AWS: the user pool's hosted UI,
 * with the OAuth 2.0 authorization code flow and PKCE (S256): `beginSignIn`
 * makes the state and the code verifier (kept by the browser in a sealed,
 * HttpOnly cookie) and the authorize URL; `finishSignIn` checks the state
 * the hosted UI sends back, exchanges the code with the verifier at the
 * token endpoint and verifies the ID token (signature, issuer, audience,
 * expiry), whose `custom:inn` names the organization. Locally, the local
 * sign-in (`localSignIn`) takes the INN, as `POST /_local/login` does. Either
 * way, only an active participant of the registry is signed in.
 */

/** What the browser keeps between the redirect and the callback. */
export interface SignInTransaction {
  state: string;
  codeVerifier: string;
  /** Where to go once signed in (a portal path). */
  next?: string;
}

export interface SignedInOrganization {
  inn: string;
  name: string;
  /** When the sign-in stops being good (the ID token's expiry, or the local session's). */
  expiresAt: Date;
}

const base64url = (bytes: Buffer) => bytes.toString('base64url');

/** RFC 7636: the S256 challenge of a verifier. */
export const codeChallengeOf = (codeVerifier: string) =>
  base64url(createHash('sha256').update(codeVerifier).digest());

export function beginSignIn(
  request: { redirectUri: string; next?: string | undefined },
  provider: Pick<IdentityProvider, 'authorizeUrl'>,
): { redirect: string; transaction: SignInTransaction } {
  // 256 bits each: the verifier is 43 characters, the least RFC 7636 allows.
  const state = base64url(randomBytes(32));
  const codeVerifier = base64url(randomBytes(32));
  return {
    redirect: provider.authorizeUrl({
      state,
      codeChallenge: codeChallengeOf(codeVerifier),
      redirectUri: request.redirectUri,
    }),
    transaction: { state, codeVerifier, ...(request.next ? { next: request.next } : {}) },
  };
}

/** An organization of the registry that may act in the portal: an active participant. */
async function activeParticipant(
  inn: string,
  registry: Pick<Registry, 'getOrganization'>,
): Promise<{ inn: string; name: string }> {
  const organization = await registry.getOrganization(inn);
  if (!organization) {
    throw new UnauthorizedError('no organization with this INN in the participant registry', [
      { path: 'inn', message: 'is not in the participant registry' },
    ]);
  }
  if (organization.status !== 'ACTIVE') {
    throw new ForbiddenError(`organization ${inn} is ${organization.status} and cannot sign in`, [
      { path: 'inn', message: `the organization is ${organization.status}` },
    ]);
  }
  return { inn, name: organization.name };
}

/**
 * The verified claims of a hosted-UI callback: the state checked against the
 * browser's transaction, the code exchanged with its verifier, the ID token
 * verified. The portal and the operator console each read whom they sign in
 * from these claims.
 */
export async function verifiedCallbackClaims(
  callback: { code?: string | undefined; state?: string | undefined; error?: string | undefined },
  transaction: SignInTransaction | null,
  deps: { provider: Pick<IdentityProvider, 'exchangeCode' | 'verifyIdToken'>; redirectUri: string },
): Promise<Record<string, unknown>> {
  // No transaction (cookie lost, expired, another browser) or another state: never exchange the code.
  if (!transaction || !callback.state || callback.state !== transaction.state) {
    throw new ForbiddenError('the sign-in could not be verified: start it again', [
      { path: 'state', message: 'does not match this browser’s sign-in' },
    ]);
  }
  if (callback.error || !callback.code) {
    throw new UnauthorizedError('the sign-in was cancelled or refused: start it again', [
      { path: 'code', message: callback.error ?? 'missing' },
    ]);
  }
  try {
    const idToken = await deps.provider.exchangeCode({
      code: callback.code,
      codeVerifier: transaction.codeVerifier,
      redirectUri: deps.redirectUri,
    });
    return await deps.provider.verifyIdToken(idToken);
  } catch (error) {
    throw new UnauthorizedError('the sign-in could not be completed: start it again', [
      { path: 'code', message: (error as Error).message.slice(0, 200) },
    ]);
  }
}

/** When a sign-in from these claims stops being good: the ID token's expiry. */
export const expiryOf = (claims: Record<string, unknown>) =>
  new Date((typeof claims.exp === 'number' ? claims.exp : 0) * 1000);

export async function finishSignIn(
  callback: { code?: string | undefined; state?: string | undefined; error?: string | undefined },
  transaction: SignInTransaction | null,
  deps: {
    provider: Pick<IdentityProvider, 'exchangeCode' | 'verifyIdToken'>;
    registry: Pick<Registry, 'getOrganization'>;
    redirectUri: string;
  },
): Promise<SignedInOrganization> {
  const claims = await verifiedCallbackClaims(callback, transaction, deps);
  const inn = claims['custom:inn'];
  if (typeof inn !== 'string' || !innSchema.safeParse(inn).success) {
    throw new ForbiddenError('this account is not linked to an organization: ask the programme office', [
      { path: 'custom:inn', message: 'missing from the account' },
    ]);
  }
  return { ...(await activeParticipant(inn, deps.registry)), expiresAt: expiryOf(claims) };
}

/** The local runtime's sign-in: an INN, as `POST /_local/login` takes it (no password: it is a local stand-in). */
export async function localSignIn(
  inn: string,
  deps: { registry: Pick<Registry, 'getOrganization'>; now: Date; sessionSeconds: number },
): Promise<SignedInOrganization> {
  const parsed = innSchema.safeParse(inn.trim());
  if (!parsed.success) {
    throw new UnauthorizedError('enter the INN of an organization of the registry', [
      { path: 'inn', message: parsed.error.issues[0]?.message ?? 'not an INN' },
    ]);
  }
  return {
    ...(await activeParticipant(parsed.data, deps.registry)),
    expiresAt: new Date(deps.now.getTime() + deps.sessionSeconds * 1000),
  };
}
