import { CognitoJwtVerifier } from 'aws-jwt-verify';
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
