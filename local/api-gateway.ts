import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { ROUTES, type RouteSpec } from '#shared/catalog';

/**
 * The local stand-in for API Gateway's REST API: matches the catalog's
 * routes, builds the same Lambda proxy event, runs the same handler. For
 * `applicant` routes it plays the Cognito authorizer: a valid bearer token
 * becomes the `custom:inn` claim, anything else a 401 before the handler runs.
 */

export type Authorize = (authorizationHeader: string | undefined) => { inn: string } | null;

interface Match {
  route: RouteSpec;
  pathParameters: Record<string, string>;
}

function matchRoute(method: string, path: string): Match | 'method-not-allowed' | null {
  const segments = path.split('/').filter(Boolean);
  let pathMatched = false;
  for (const route of ROUTES) {
    const template = route.path.split('/').filter(Boolean);
    if (template.length !== segments.length) continue;
    const pathParameters: Record<string, string> = {};
    const fits = template.every((part, index) => {
      const segment = segments[index] ?? '';
      if (part.startsWith('{') && part.endsWith('}')) {
        pathParameters[part.slice(1, -1)] = decodeURIComponent(segment);
        return segment.length > 0;
      }
      return part === segment;
    });
    if (!fits) continue;
    pathMatched = true;
    if (route.method === method) return { route, pathParameters };
  }
  return pathMatched ? 'method-not-allowed' : null;
}

function errorResponse(res: ServerResponse, status: number, code: string, message: string) {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify({ error: { code, message, details: [] } }));
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
    if (match === 'method-not-allowed') {
      errorResponse(res, 405, 'METHOD_NOT_ALLOWED', `${method} is not allowed on ${url.pathname}`);
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
        errorResponse(res, 401, 'UNAUTHORIZED', 'sign in: send Authorization: Bearer <token>');
        return true;
      }
      claims = { 'custom:inn': identity.inn };
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
      errorResponse(res, 502, 'BAD_GATEWAY', 'the function failed');
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
