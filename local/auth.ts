import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Authorize } from '#local/api-gateway';
import { readJsonFile, writeJsonFile } from '#local/json-file';
import { isJsonContentType } from '#shared/http/request-limits';
import { OPERATOR_ID } from '#shared/use-cases/operator-sign-in';

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
 * authorizer does in AWS; `{"operator": "<id>"}` gives an operator's token,
 * which becomes the claims of a member of the `operators` group. A token
 * carries one or the other, never both. The key is kept in the data
 * directory, so a restart of the runtime, like a redeploy in AWS, signs
 * nobody out.
 */
const TOKEN_TTL_SECONDS = 12 * 3600;

export type Identity = { inn: string } | { operator: string };

export function localTokens(key: Buffer = randomBytes(32)) {
  const sign = (payload: string) => createHmac('sha256', key).update(payload).digest('base64url');

  const issueFor = (identity: Identity, now = Date.now()): string => {
    const payload = Buffer.from(
      JSON.stringify({ ...identity, exp: Math.floor(now / 1000) + TOKEN_TTL_SECONDS }),
    ).toString('base64url');
    return `${payload}.${sign(payload)}`;
  };
  const issue = (inn: string, now = Date.now()): string => issueFor({ inn }, now);
  const issueOperator = (operator: string, now = Date.now()): string => issueFor({ operator }, now);

  /** The identity of a token (the bearer value, with or without `Bearer `), or null. */
  const verify = (token: string | undefined): Identity | null => {
    const match = /^(?:Bearer\s+)?([\w-]+)\.([\w-]+)$/i.exec(token?.trim() ?? '');
    if (!match) return null;
    const [, payload = '', signature = ''] = match;
    const expected = Buffer.from(sign(payload));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
    try {
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as {
        inn?: unknown;
        operator?: unknown;
        exp?: unknown;
      };
      if (typeof claims.exp !== 'number' || claims.exp * 1000 <= Date.now()) return null;
      if (typeof claims.inn === 'string' && claims.operator === undefined) return { inn: claims.inn };
      if (typeof claims.operator === 'string' && claims.inn === undefined)
        return { operator: claims.operator };
      return null;
    } catch {
      return null;
    }
  };

  const authorize: Authorize = (header) => (/^Bearer\s/i.test(header?.trim() ?? '') ? verify(header) : null);

  return { issue, issueOperator, authorize, verify };
}

const error = (code: string, message: string, details: Array<{ path: string; message: string }> = []) => ({
  error: { code, message, details },
});

/**
 * `POST /_local/login {"inn"}`: a token for an organization of the registry;
 * `{"operator"}`: an operator's token.
 * Only ACTIVE participants sign in; a suspended one is refused with a 403
 * saying so, as a disabled Cognito user would be.
 */
export async function localLogin(
  body: string,
  contentType: string | undefined,
  deps: {
    getOrganization(inn: string): Promise<{ status: string } | null | undefined>;
    issue(inn: string): string;
    issueOperator?(operatorId: string): string;
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
  let operator: unknown;
  try {
    const parsed = JSON.parse(body) as { inn?: unknown; operator?: unknown } | null;
    inn = parsed?.inn;
    operator = parsed?.operator;
  } catch {
    inn = undefined;
  }
  if (operator !== undefined && inn === undefined && deps.issueOperator) {
    // Locally any operator id signs in: in AWS, whoever an administrator put in the `operators` group.
    if (typeof operator !== 'string' || !OPERATOR_ID.test(operator)) {
      return {
        status: 400,
        body: error('VALIDATION_ERROR', 'send {"operator": "<id>"}', [
          { path: 'operator', message: 'letters, digits and . _ @ + -, at most 64' },
        ]),
      };
    }
    return { status: 200, body: { token: deps.issueOperator(operator) } };
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
