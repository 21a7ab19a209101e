import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ROUTES } from '#shared/catalog';
import { seal } from '#shared/links/sealed';
import { keyRing } from '#test/support/in-memory-stores';
import { foreignKey, signIdToken } from '#test/support/user-pool';

/**
 * Every operator route as deployed: its real function handler, configured as
 * the CDK app configures it (OPERATOR_SIGN_IN=cognito: no gateway authorizer,
 * the function verifies), refuses the public and applicants with 403 before
 * it reads or changes anything: no token, a token of no pool, a token of
 * another pool, a forged session cookie, the applicant portal's session.
 * (Tokens of the pool itself are verified in test/unit/http/operator.test.ts;
 * the local runtime's routes in test/e2e/admin-access.test.ts.)
 */

const secrets = mockClient(SecretsManagerClient);
const KEY = 'k'.repeat(44);
const ring = keyRing('k1', { k1: KEY });
const POOL = 'eu-central-1_Deployed1';

const ENVIRONMENT: Record<string, string> = {
  TABLE_NAME: 'not-reached',
  STATE_MACHINE_ARN: 'arn:aws:states:eu-central-1:111111111111:stateMachine:not-reached',
  PUBLIC_BASE_URL: 'https://clusters.example.city',
  LINK_KEYS_SECRET_ID: 'link-keys',
  MAIL_FROM: 'no-reply@clusters.example.city',
  OPERATOR_SIGN_IN: 'cognito',
  OPERATOR_AUTH_DOMAIN_URL: 'https://clusters-111.auth.eu-central-1.amazoncognito.com',
  OPERATOR_CLIENT_ID: 'consoleclient1',
  OPERATOR_USER_POOL_ID: POOL,
  OPERATOR_TOKEN_CLIENT_IDS: 'apiclient1',
  AWS_REGION: 'eu-central-1',
};

beforeAll(() => {
  for (const [name, value] of Object.entries(ENVIRONMENT)) vi.stubEnv(name, value);
  secrets
    .on(GetSecretValueCommand)
    .resolves({ SecretString: JSON.stringify({ currentKeyId: 'k1', k1: KEY }) });
});
afterAll(() => {
  vi.unstubAllEnvs();
  secrets.restore();
});

const later = new Date(Date.now() + 3600_000);
const applicantClaims = { 'cognito:username': 'org', 'custom:inn': '7707083893' };
const operatorClaims = { 'cognito:username': 'anna', 'cognito:groups': ['operators'] };
const otherPool = 'https://cognito-idp.eu-central-1.amazonaws.com/eu-central-1_Other1';

const callers: Record<string, Record<string, string>> = {
  'the public': {},
  'a made-up token': { authorization: 'Bearer not-a-token' },
  'an applicant’s token of another pool': {
    authorization: `Bearer ${signIdToken('apiclient1', { ...applicantClaims, iss: otherPool })}`,
  },
  'an operator’s token of another pool': {
    authorization: `Bearer ${signIdToken('consoleclient1', { ...operatorClaims, iss: otherPool }, foreignKey())}`,
  },
  'a forged console session': {
    cookie: `__Host-operator-session=k1.${Buffer.from('{"operatorId":"x","exp":9999999999}').toString('base64url')}.${'A'.repeat(43)}`,
  },
  'the applicant portal’s session': {
    cookie: `__Host-operator-session=${seal(ring, 'portal-session', { sid: 's', inn: '7707083893', name: 'Org' }, later)}`,
  },
};

const event = (method: string, resource: string, headers: Record<string, string>): APIGatewayProxyEvent =>
  ({
    httpMethod: method,
    resource,
    path: resource.replace(/\{[^}]+\}/g, 'app-00000000'),
    headers: { accept: 'application/json', ...headers },
    queryStringParameters: null,
    pathParameters: Object.fromEntries(
      [...resource.matchAll(/\{([^}]+)\}/g)].map(([, name]) => [name, 'app-00000000']),
    ),
    body: method === 'GET' ? null : '{}',
    isBase64Encoded: false,
    requestContext: {},
  }) as unknown as APIGatewayProxyEvent;

describe('the operator routes as deployed', () => {
  const operatorRoutes = ROUTES.filter((route) => route.auth === 'operator');

  it.each(operatorRoutes.map((route) => [`${route.method} ${route.path}`, route] as const))(
    '%s answers 403 to the public and to applicants',
    async (_name, route) => {
      const { handler } = (await import(`../../../functions/${route.function}/handler.ts`)) as {
        handler: (event: APIGatewayProxyEvent, context: unknown) => Promise<APIGatewayProxyResult>;
      };
      for (const [who, headers] of Object.entries(callers)) {
        const reply = await handler(event(route.method, route.path, headers), {});
        expect(reply.statusCode, who).toBe(403);
        expect(JSON.parse(reply.body), who).toMatchObject({ error: { code: 'FORBIDDEN' } });
      }
    },
  );
});
