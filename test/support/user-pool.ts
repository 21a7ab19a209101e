import { createSign, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { CognitoJwtVerifier } from 'aws-jwt-verify';

/**
 * A user pool's signing key, offline: ID tokens signed as Cognito signs them
 * (RS256, `kid`), and aws-jwt-verify verifiers with the pool's JWKS already
 * cached, so the real verification (signature, issuer, audience, token use,
 * expiry) runs without a network.
 */
export const TEST_USER_POOL_ID = 'eu-central-1_Pool1';
export const TEST_ISSUER = `https://cognito-idp.eu-central-1.amazonaws.com/${TEST_USER_POOL_ID}`;
export const TEST_DOMAIN = 'https://clustermembership-111.auth.eu-central-1.amazoncognito.com';

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const jwk = { ...publicKey.export({ format: 'jwk' }), kid: 'key-1', alg: 'RS256', use: 'sig' };

/** Another key, for tokens that must not verify. */
export const foreignKey = (): KeyObject => generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;

/** An ID token of the pool for `clientId`, valid for an hour unless `claims` say otherwise. */
export function signIdToken(clientId: string, claims: Record<string, unknown>, key = privateKey): string {
  const now = Math.floor(Date.now() / 1000);
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const unsigned = `${part({ alg: 'RS256', kid: 'key-1', typ: 'JWT' })}.${part({
    sub: 'user-1',
    iss: TEST_ISSUER,
    aud: clientId,
    token_use: 'id',
    auth_time: now,
    iat: now,
    exp: now + 3600,
    ...claims,
  })}`;
  const signature = createSign('RSA-SHA256').update(unsigned).sign(key).toString('base64url');
  return `${unsigned}.${signature}`;
}

/** A verifier of the pool's ID tokens for these clients, its JWKS cached (no fetch). */
export function cachedVerifier(clientId: string | string[]) {
  const verifier = CognitoJwtVerifier.create({ userPoolId: TEST_USER_POOL_ID, tokenUse: 'id', clientId });
  verifier.cacheJwks({ keys: [jwk as never] });
  return verifier as unknown as { verify(token: string): Promise<Record<string, unknown>> };
}
