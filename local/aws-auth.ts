import { createHash, createHmac, type Hash, type Hmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { SignatureV4 } from '@smithy/signature-v4';
import type { LocalAwsCredentials } from './aws-credentials.ts';

/**
 * SigV4 for the local runtime's AWS endpoints, checked as AWS checks it: the
 * request is signed again with the data folder's credentials (over the headers
 * the client says it signed, the body, the date and the scope it names) and
 * the signatures are compared in constant time. Unsigned requests, unknown
 * access keys, wrong signatures and stale dates get AWS's error codes.
 */

/** How each AWS protocol served on the runtime's port is recognized and answers errors. */
export interface AwsService {
  /** The signing name (the service of the credential scope). */
  signingName: string;
  protocol: 'json' | 'rest-json';
  /** For the JSON protocols: the content type of replies. */
  contentType: string;
}

const SERVICES_BY_TARGET: ReadonlyArray<[prefix: string, service: AwsService]> = [
  [
    'AWSStepFunctions.',
    { signingName: 'states', protocol: 'json', contentType: 'application/x-amz-json-1.0' },
  ],
  [
    'secretsmanager.',
    { signingName: 'secretsmanager', protocol: 'json', contentType: 'application/x-amz-json-1.1' },
  ],
];
const SES: AwsService = { signingName: 'ses', protocol: 'rest-json', contentType: 'application/json' };

/** The AWS service a request is for, or null for the product's own routes. */
export function awsServiceOf(req: IncomingMessage): AwsService | null {
  const target = req.headers['x-amz-target'];
  if (typeof target === 'string') {
    for (const [prefix, service] of SERVICES_BY_TARGET) if (target.startsWith(prefix)) return service;
  }
  if ((req.url ?? '').split('?')[0]?.startsWith('/v2/email/')) return SES;
  return null;
}

export class AwsAuthError extends Error {
  constructor(
    readonly code:
      | 'MissingAuthenticationTokenException'
      | 'IncompleteSignatureException'
      | 'UnrecognizedClientException'
      | 'InvalidSignatureException',
    message: string,
  ) {
    super(message);
  }
}

/** AWS allows 15 minutes between the signing date and its clock. */
export const MAX_CLOCK_SKEW_MS = 15 * 60 * 1000;

const AUTHORIZATION =
  /^AWS4-HMAC-SHA256 Credential=([^/,\s]+)\/(\d{8})\/([^/,\s]+)\/([^/,\s]+)\/aws4_request,\s*SignedHeaders=([a-z0-9;\-_.]+),\s*Signature=([0-9a-f]{64})$/;
const AMZ_DATE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;

/** node:crypto behind the Checksum interface the signer expects (a key makes it an HMAC). */
type SourceData = string | ArrayBuffer | ArrayBufferView;
const bytes = (data: SourceData) =>
  typeof data === 'string'
    ? Buffer.from(data, 'utf8')
    : ArrayBuffer.isView(data)
      ? Buffer.from(data.buffer, data.byteOffset, data.byteLength)
      : Buffer.from(data);

export class Sha256 {
  readonly #hash: Hash | Hmac;
  constructor(secret?: SourceData) {
    this.#hash = secret === undefined ? createHash('sha256') : createHmac('sha256', bytes(secret));
  }
  update(data: SourceData): void {
    this.#hash.update(bytes(data));
  }
  digest(): Promise<Uint8Array> {
    return Promise.resolve(new Uint8Array(this.#hash.digest()));
  }
}

const single = (value: string | string[] | undefined) => (Array.isArray(value) ? value.join(',') : value);

export function sigV4Verifier(credentials: LocalAwsCredentials, now: () => number = Date.now) {
  const signer = new SignatureV4({
    credentials,
    region: 'local',
    service: 'local',
    sha256: Sha256,
    applyChecksum: false,
  });

  /** Resolves when the request is signed with the credentials; throws AwsAuthError otherwise. */
  return async (req: IncomingMessage, body: Buffer, service: AwsService): Promise<void> => {
    const authorization = single(req.headers.authorization);
    if (!authorization) {
      throw new AwsAuthError('MissingAuthenticationTokenException', 'Missing Authentication Token');
    }
    const match = AUTHORIZATION.exec(authorization.trim());
    if (!match) {
      throw new AwsAuthError(
        'IncompleteSignatureException',
        'Authorization header requires Credential, SignedHeaders and Signature (AWS4-HMAC-SHA256)',
      );
    }
    const [
      ,
      accessKeyId = '',
      scopeDate = '',
      region = '',
      signingName = '',
      signedList = '',
      signature = '',
    ] = match;
    if (accessKeyId !== credentials.accessKeyId || req.headers['x-amz-security-token'] !== undefined) {
      throw new AwsAuthError(
        'UnrecognizedClientException',
        'The security token included in the request is invalid.',
      );
    }
    const amzDate = single(req.headers['x-amz-date']) ?? '';
    const date = AMZ_DATE.exec(amzDate);
    if (!date) {
      throw new AwsAuthError('IncompleteSignatureException', 'X-Amz-Date is missing or not YYYYMMDDTHHMMSSZ');
    }
    const [, year, month, day, hour, minute, second] = date.map(Number) as number[];
    const signingDate = new Date(Date.UTC(year ?? 0, (month ?? 1) - 1, day, hour, minute, second));
    const skew = signingDate.getTime() - now();
    if (!(Math.abs(skew) <= MAX_CLOCK_SKEW_MS)) {
      throw new AwsAuthError(
        'InvalidSignatureException',
        `Signature ${skew < 0 ? 'expired' : 'not yet current'}: ${amzDate} is more than 15 min. from the server's time`,
      );
    }
    if (!amzDate.startsWith(scopeDate)) {
      throw new AwsAuthError(
        'InvalidSignatureException',
        'Date in Credential scope does not match X-Amz-Date',
      );
    }
    if (signingName !== service.signingName) {
      throw new AwsAuthError(
        'InvalidSignatureException',
        `Credential should be scoped to correct service: '${service.signingName}'.`,
      );
    }
    const signedHeaders = signedList.split(';');
    if (!signedHeaders.includes('host') || !signedHeaders.includes('x-amz-date')) {
      throw new AwsAuthError('IncompleteSignatureException', 'Host and X-Amz-Date must be signed');
    }
    const bodyHash = createHash('sha256').update(body).digest('hex');
    const claimedHash = single(req.headers['x-amz-content-sha256']);
    if (claimedHash !== undefined && claimedHash !== bodyHash) {
      // The signer trusts this header as the payload's hash: it must be the body's.
      throw new AwsAuthError('InvalidSignatureException', 'x-amz-content-sha256 does not match the body');
    }

    const headers: Record<string, string> = {};
    for (const name of signedHeaders) {
      const value = single(req.headers[name]);
      if (value === undefined) {
        throw new AwsAuthError('InvalidSignatureException', `Signed header ${name} is missing`);
      }
      headers[name] = value;
    }
    const url = new URL(req.url ?? '/', 'http://local');
    const query: Record<string, string | string[]> = {};
    for (const key of new Set(url.searchParams.keys())) {
      const values = url.searchParams.getAll(key);
      query[key] = values.length === 1 ? (values[0] ?? '') : values;
    }
    const signed = await signer.sign(
      {
        method: req.method ?? 'GET',
        protocol: 'http:',
        hostname: headers.host ?? '',
        path: url.pathname,
        query,
        headers,
        body,
      },
      {
        signingDate,
        signingRegion: region,
        signingService: signingName,
        signableHeaders: new Set(signedHeaders),
      },
    );
    const expected = /Signature=([0-9a-f]{64})$/.exec(String(signed.headers.authorization))?.[1] ?? '';
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(Buffer.from(expected), given)) {
      throw new AwsAuthError(
        'InvalidSignatureException',
        'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.',
      );
    }
  };
}

/** An error in the service's protocol: `__type` for the JSON protocols, `x-amzn-ErrorType` for REST. */
export function awsErrorResponse(
  service: AwsService,
  code: string,
  message: string,
): { headers: Record<string, string>; body: string } {
  return {
    headers: { 'content-type': service.contentType, 'x-amzn-errortype': code },
    body: JSON.stringify(service.protocol === 'json' ? { __type: code, message } : { message }),
  };
}

/** Sends an AWS error: HTTP 400 for the JSON protocols, 403 for REST (as AWS answers auth failures). */
export function sendAwsError(
  res: ServerResponse,
  service: AwsService,
  code: string,
  message: string,
  status = service.protocol === 'json' ? 400 : 403,
): void {
  const { headers, body } = awsErrorResponse(service, code, message);
  res.writeHead(status, { ...headers, 'content-length': String(Buffer.byteLength(body)) });
  res.end(body);
}
