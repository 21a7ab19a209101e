import { CognitoJwtVerifier } from 'aws-jwt-verify';
import { FetchError, JwksNotAvailableInCacheError } from 'aws-jwt-verify/error';
import { TransientError } from '#shared/errors';
import type { IdentityProvider } from '#shared/use-cases/ports';

/**
 * The user pool's hosted UI as the portal's identity provider: the OAuth 2.0
 * authorize and token endpoints of its domain, and the ID token verified with
 * aws-jwt-verify (RS256 against the pool's JWKS, issuer, audience = the
 * portal's app client, `token_use` = id, expiry). A public client: no secret,
 * PKCE instead.
 */
export interface CognitoSignInSettings {
  /** `https://<prefix>.auth.<region>.amazoncognito.com` (or a custom domain). */
  domainUrl: string;
  clientId: string;
  userPoolId: string;
}

const TOKEN_TIMEOUT_MS = 5_000;

export function cognitoSignIn(
  settings: CognitoSignInSettings,
  options: {
    fetch?: typeof fetch;
    /** A verifier with its JWKS cached (tests); by default one fetching the pool's JWKS once. */
    verifier?: { verify(token: string): Promise<Record<string, unknown>> };
  } = {},
): IdentityProvider {
  const domain = settings.domainUrl.replace(/\/+$/, '');
  const send = options.fetch ?? fetch;
  const verifier =
    options.verifier ??
    CognitoJwtVerifier.create({
      userPoolId: settings.userPoolId,
      tokenUse: 'id',
      clientId: settings.clientId,
    });

  return {
    authorizeUrl: ({ state, codeChallenge, redirectUri }) => {
      const query = new URLSearchParams({
        response_type: 'code',
        client_id: settings.clientId,
        redirect_uri: redirectUri,
        scope: 'openid email',
        state,
        code_challenge: codeChallenge,
        code_challenge_method: 'S256',
      });
      return `${domain}/oauth2/authorize?${query.toString()}`;
    },
    async exchangeCode({ code, codeVerifier, redirectUri }) {
      const response = await send(`${domain}/oauth2/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: new URLSearchParams({
          grant_type: 'authorization_code',
          client_id: settings.clientId,
          code,
          redirect_uri: redirectUri,
          code_verifier: codeVerifier,
        }).toString(),
        signal: AbortSignal.timeout(TOKEN_TIMEOUT_MS),
      });
      const body = (await response.json().catch(() => ({}))) as { id_token?: unknown; error?: unknown };
      if (!response.ok || typeof body.id_token !== 'string') {
        // The endpoint's error code only (invalid_grant, ...): never a token or the code itself.
        throw new Error(`the token endpoint refused the code: ${String(body.error ?? response.status)}`);
      }
      return body.id_token;
    },
    verifyIdToken: async (idToken) => (await verifier.verify(idToken)) as Record<string, unknown>,
  };
}

/** A sign-in through the hosted UI: its provider, and its sign-out URL (back to `redirectUri`, a registered logout URL). */
export function hostedUiSignIn(settings: CognitoSignInSettings) {
  return {
    kind: 'cognito' as const,
    provider: cognitoSignIn(settings),
    logoutUrl: (redirectUri: string) =>
      `${settings.domainUrl.replace(/\/+$/, '')}/logout?${new URLSearchParams({ client_id: settings.clientId, logout_uri: redirectUri })}`,
  };
}

/**
 * Bearer ID tokens of the pool, verified as the portal's are (RS256 against the pool's JWKS, issuer,
 * `token_use` id, expiry) with an audience among `clientIds`. A token that does not verify throws as
 * aws-jwt-verify does; the pool's keys out of reach throw a TransientError: our fault, not the caller's.
 */
export function idTokenVerifier(
  settings: { userPoolId: string; clientIds: string[] },
  options: { verifier?: { verify(token: string): Promise<Record<string, unknown>> } } = {},
): (token: string) => Promise<Record<string, unknown>> {
  const verifier =
    options.verifier ??
    CognitoJwtVerifier.create({
      userPoolId: settings.userPoolId,
      tokenUse: 'id',
      clientId: settings.clientIds,
    });
  return async (token) => {
    try {
      return (await verifier.verify(token)) as Record<string, unknown>;
    } catch (error) {
      if (error instanceof FetchError || error instanceof JwksNotAvailableInCacheError) {
        throw new TransientError(`the user pool's keys could not be fetched: ${error.message}`, {
          cause: error,
        });
      }
      throw error;
    }
  };
}
