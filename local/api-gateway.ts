import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { sendEdgeError } from '#local/edge-errors';
import { ROUTES, type RouteSpec } from '#shared/catalog';

/**
 * The local stand-in for API Gateway's REST API: matches the catalog's
 * routes, builds the same Lambda proxy event, runs the same handler. For
 * `applicant` routes it plays the Cognito authorizer: a valid bearer token
 * becomes the `custom:inn` claim, anything else a 401 before the handler runs.
 * `portal` routes, like `link` and `public` ones, pass as they are: the portal
 * function checks its own session cookie, as it does behind API Gateway.
 */

export type Authorize = (
  authorizationHeader: string | undefined,
) => { inn: string } | { operator: string } | null;

/**
 * The claims API Gateway's Cognito authorizer passes for a token: an organization's `custom:inn`,
 * or an operator's user name and `operators` group.
 */
function claimsOf(identity: { inn: string } | { operator: string }): Record<string, string> {
  return 'inn' in identity
    ? { 'custom:inn': identity.inn }
    : { 'cognito:username': identity.operator, 'cognito:groups': 'operators' };
}

interface Match {
  route: RouteSpec;
  pathParameters: Record<string, string>;
}

type MatchResult =
  | Match
  | { kind: 'method-not-allowed'; allow: string[] }
  | { kind: 'bad-encoding'; segment: string }
  | null;

/** `decodeURIComponent`, or null for a malformed percent-encoding (`%`, `%E0%A4%A`, `%C0%AF`). */
function decodeSegment(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}

function matchRoute(method: string, path: string): MatchResult {
  const segments = path.split('/').filter(Boolean);
  const allow = new Set<string>();
  for (const route of ROUTES) {
    let badSegment: string | undefined;
    const template = route.path.split('/').filter(Boolean);
    if (template.length !== segments.length) continue;
    const pathParameters: Record<string, string> = {};
    const fits = template.every((part, index) => {
      const segment = segments[index] ?? '';
      if (part.startsWith('{') && part.endsWith('}')) {
        const decoded = decodeSegment(segment);
        if (decoded === null) badSegment = segment;
        else pathParameters[part.slice(1, -1)] = decoded;
        return segment.length > 0;
      }
      return part === segment;
    });
    if (!fits) continue;
    // API Gateway answers a malformed path before it looks at the method or the caller.
    if (badSegment !== undefined) return { kind: 'bad-encoding', segment: badSegment };
    if (route.method === method) return { route, pathParameters };
    allow.add(route.method);
  }
  return allow.size > 0 ? { kind: 'method-not-allowed', allow: [...allow] } : null;
}

export function apiGateway(options: {
  invoke: (functionKey: string, event: unknown) => Promise<unknown>;
  authorize: Authorize;
  log?: (line: string) => void;
}) {
  return async (req: IncomingMessage, res: ServerResponse, body: string): Promise<boolean> => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const method = req.method ?? 'GET';
    const match = matchRoute(method, url.pathname);
    if (match === null) return false;
    if ('kind' in match) {
      if (match.kind === 'bad-encoding') {
        sendEdgeError(req, res, 400, 'BAD_REQUEST', 'the path is not valid percent-encoded UTF-8', [
          { path: 'path', message: `malformed percent-encoding in "${match.segment}"` },
        ]);
      } else {
        sendEdgeError(
          req,
          res,
          405,
          'METHOD_NOT_ALLOWED',
          `${method} is not allowed on ${url.pathname}`,
          [],
          {
            allow: match.allow.join(', '),
          },
        );
      }
      return true;
    }
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(',') : value;
    }
    let claims: Record<string, string> | undefined;
    if (match.route.auth === 'applicant') {
      const identity = options.authorize(headers.authorization);
      if (!identity) {
        sendEdgeError(req, res, 401, 'UNAUTHORIZED', 'sign in: send Authorization: Bearer <token>');
        return true;
      }
      claims = claimsOf(identity);
    } else if (match.route.auth === 'operator') {
      // In AWS these routes have no authorizer: the function verifies Cognito's ID tokens itself. Here the
      // edge checks its own local tokens and passes their claims; whoever it is, the function's operator
      // gate decides (shared/http/operator.ts): applicants and the public get 403.
      const identity = options.authorize(headers.authorization);
      if (identity) claims = claimsOf(identity);
    }
    const query = Object.fromEntries(url.searchParams);
    const event: APIGatewayProxyEvent = {
      resource: match.route.path,
      path: url.pathname,
      httpMethod: method,
      headers,
      multiValueHeaders: Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, [value]])),
      queryStringParameters: Object.keys(query).length > 0 ? query : null,
      multiValueQueryStringParameters:
        Object.keys(query).length > 0
          ? Object.fromEntries([...url.searchParams.keys()].map((key) => [key, url.searchParams.getAll(key)]))
          : null,
      pathParameters: Object.keys(match.pathParameters).length > 0 ? match.pathParameters : null,
      stageVariables: null,
      body: body.length > 0 ? body : null,
      isBase64Encoded: false,
      requestContext: {
        accountId: '000000000000',
        apiId: 'local',
        authorizer: claims ? { claims } : null,
        protocol: 'HTTP/1.1',
        httpMethod: method,
        identity: {
          sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
          userAgent: headers['user-agent'] ?? null,
        } as never,
        path: url.pathname,
        stage: 'local',
        requestId: randomUUID(),
        requestTimeEpoch: Date.now(),
        resourceId: 'local',
        resourcePath: match.route.path,
      },
    };
    let result: APIGatewayProxyResult;
    try {
      result = (await options.invoke(match.route.function, event)) as APIGatewayProxyResult;
    } catch (error) {
      // What API Gateway does when the integration itself fails.
      options.log?.(`${match.route.function} failed: ${(error as Error).name}`);
      sendEdgeError(req, res, 502, 'BAD_GATEWAY', 'the function failed');
      return true;
    }
    const responseHeaders: Record<string, string | string[]> = {
      ...(result.headers as Record<string, string>),
    };
    for (const [name, values] of Object.entries(result.multiValueHeaders ?? {})) {
      responseHeaders[name] = values.map(String);
    }
    res.writeHead(result.statusCode, responseHeaders);
    res.end(result.isBase64Encoded ? Buffer.from(result.body, 'base64') : result.body);
    return true;
  };
}
