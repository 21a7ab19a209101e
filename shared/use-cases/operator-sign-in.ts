import { ForbiddenError, ValidationError } from '#shared/errors';
import {
  expiryOf,
  type IdentityProvider,
  type SignInTransaction,
  verifiedCallbackClaims,
} from '#shared/use-cases/portal-sign-in';

/**
 * Who an operator is. Operators are users of the applicants' user pool in
 * the group `operators` (the ID token's `cognito:groups`, which Cognito
 * writes and no client can). Whatever carries the claims (the local edge's
 * token check, an ID token the console verifies itself, the hosted UI's
 * callback), this is the one rule that decides: in the group, with a user
 * name, and no organization's INN: a token with `custom:inn` is an
 * applicant's, even if someone put that user in the group by mistake.
 */

export const OPERATORS_GROUP = 'operators';

/** `cognito:groups` as it arrives: an array (an ID token), or a string such as `operators`, `a,b` or `[a b]` (API Gateway's claims). */
function groupsOf(claim: unknown): string[] {
  if (Array.isArray(claim)) return claim.map(String);
  if (typeof claim !== 'string') return [];
  return claim
    .replace(/^\[|\]$/g, '')
    .split(/[\s,]+/)
    .filter(Boolean);
}

/** The operator's id (the user name, recorded in histories as `operator:<id>`), or a 403. */
export function operatorIdFromClaims(claims: Record<string, unknown>): string {
  const id = claims['cognito:username'] ?? claims.sub;
  const isOperator = groupsOf(claims['cognito:groups']).includes(OPERATORS_GROUP);
  const inn = claims['custom:inn'];
  if (!isOperator || typeof id !== 'string' || id.length === 0 || (typeof inn === 'string' && inn !== '')) {
    throw new ForbiddenError('the operator console is for programme operators only');
  }
  return id;
}

export interface SignedInOperator {
  operatorId: string;
  /** When the sign-in stops being good: the ID token's expiry (AWS), or the local session's. */
  expiresAt: Date;
}

/** The hosted UI's callback for the console: only a member of the `operators` group is signed in. */
export async function finishOperatorSignIn(
  callback: { code?: string | undefined; state?: string | undefined; error?: string | undefined },
  transaction: SignInTransaction | null,
  deps: { provider: Pick<IdentityProvider, 'exchangeCode' | 'verifyIdToken'>; redirectUri: string },
): Promise<SignedInOperator> {
  const claims = await verifiedCallbackClaims(callback, transaction, deps);
  return { operatorId: operatorIdFromClaims(claims), expiresAt: expiryOf(claims) };
}

/** An operator id: a Cognito user name's characters, at most 64 of them. */
export const OPERATOR_ID = /^[A-Za-z0-9._@+-]{1,64}$/;

/** The local runtime's console sign-in: any well-formed operator id (a local stand-in, no password). */
export function localOperatorSignIn(
  operatorId: string,
  deps: { now: Date; sessionSeconds: number },
): SignedInOperator {
  const id = operatorId.trim();
  if (!OPERATOR_ID.test(id)) {
    throw new ValidationError('enter an operator id: letters, digits and . _ @ + -, at most 64', [
      { path: 'operator', message: 'letters, digits and . _ @ + -, at most 64' },
    ]);
  }
  return { operatorId: id, expiresAt: new Date(deps.now.getTime() + deps.sessionSeconds * 1000) };
}
