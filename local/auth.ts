import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Authorize } from '#local/api-gateway';
import { readJsonFile, writeJsonFile } from '#local/json-file';
import { isJsonContentType } from '#shared/http/request-limits';

/** The sign-in key of a data directory, made on first start. */
export async function signInKey(path: string): Promise<Buffer> {
  const stored = await readJsonFile<{ key?: string } | null>(path, null);
  if (stored?.key) return Buffer.from(stored.key, 'base64');
  const key = randomBytes(32);
  await writeJsonFile(path, { key: key.toString('base64') });
  return key;
}

/**
 * Local sign-in, standing in for Cognito: `POST /_local/login {"inn"}` gives a
 * token whose verified INN becomes the `custom:inn` claim, as the Cognito
 * authorizer does in AWS. The key is kept in the data directory, so a
 * restart of the runtime, like a redeploy in AWS, signs nobody out.
 */
const TOKEN_TTL_SECONDS = 12 * 3600;

export function localTokens(key: Buffer = randomBytes(32)) {
  const sign = (payload: string) => createHmac('sha256', key).update(payload).digest('base64url');

  const issue = (inn: string, now = Date.now()): string => {
    const payload = Buffer.from(
      JSON.stringify({ inn, exp: Math.floor(now / 1000) + TOKEN_TTL_SECONDS }),
    ).toString('base64url');
    return `${payload}.${sign(payload)}`;
  };

  const authorize: Authorize = (header) => {
    const match = /^Bearer\s+([\w-]+)\.([\w-]+)$/i.exec(header?.trim() ?? '');
    if (!match) return null;
    const [, payload = '', signature = ''] = match;
    const expected = Buffer.from(sign(payload));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
    try {
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as {
        inn?: unknown;
        exp?: unknown;
      };
      if (typeof claims.inn !== 'string' || typeof claims.exp !== 'number') return null;
      return claims.exp * 1000 > Date.now() ? { inn: claims.inn } : null;
    } catch {
      return null;
    }
  };

  return { issue, authorize };
}

const error = (code: string, message: string, details: Array<{ path: string; message: string }> = []) => ({
  error: { code, message, details },
});

/**
 * `POST /_local/login {"inn"}`: a token for an organization of the registry.
 * Only ACTIVE participants sign in; a suspended one is refused with a 403
 * saying so, as a disabled Cognito user would be.
 */
export async function localLogin(
  body: string,
  contentType: string | undefined,
  deps: {
    getOrganization(inn: string): Promise<{ status: string } | null | undefined>;
    issue(inn: string): string;
  },
): Promise<{ status: number; body: unknown }> {
  if (!isJsonContentType(contentType)) {
    return {
      status: 415,
      body: error('UNSUPPORTED_MEDIA_TYPE', 'send the body as application/json', [
        { path: 'content-type', message: `expected application/json, got ${contentType || 'nothing'}` },
      ]),
    };
  }
  let inn: unknown;
  try {
    inn = (JSON.parse(body) as { inn?: unknown } | null)?.inn;
  } catch {
    inn = undefined;
  }
  if (typeof inn !== 'string') {
    return {
      status: 400,
      body: error('VALIDATION_ERROR', 'send {"inn": "..."}', [{ path: 'inn', message: 'required' }]),
    };
  }
  const organization = await deps.getOrganization(inn);
  if (!organization) {
    return { status: 401, body: error('UNAUTHORIZED', 'no organization with this INN in the registry') };
  }
  if (organization.status !== 'ACTIVE') {
    return {
      status: 403,
      body: error(
        'ORGANIZATION_SUSPENDED',
        `organization ${inn} is ${organization.status} in the participant registry and cannot sign in`,
        [{ path: 'inn', message: `the organization is ${organization.status}` }],
      ),
    };
  }
  return { status: 200, body: { token: deps.issue(inn) } };
}
