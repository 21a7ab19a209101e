import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readJsonFile, writeJsonFile } from '#local/json-file';

/**
 * The local stand-in for Secrets Manager's GetSecretValue: the link-signing
 * keys live in a key file made on first start, and the product reads them
 * through the AWS SDK exactly as in AWS.
 */
export const LOCAL_LINK_KEYS_SECRET_ID = 'local/link-signing-keys';

export async function ensureLinkKeyFile(path: string): Promise<string> {
  const existing = await readJsonFile<unknown>(path, null);
  if (existing) return JSON.stringify(existing);
  const keys = { currentKeyId: 'k1', keys: { k1: randomBytes(32).toString('base64') } };
  await writeJsonFile(path, keys);
  return JSON.stringify(keys);
}

export function secretsHandler(secrets: ReadonlyMap<string, () => Promise<string>>) {
  return async (req: IncomingMessage, res: ServerResponse, body: string): Promise<boolean> => {
    const target = req.headers['x-amz-target'];
    if (req.method !== 'POST' || typeof target !== 'string' || !target.startsWith('secretsmanager.'))
      return false;
    const reply = (status: number, payload: unknown) => {
      res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
      res.end(JSON.stringify(payload));
    };
    if (target !== 'secretsmanager.GetSecretValue') {
      reply(400, { __type: 'InvalidRequestException', message: `${target} is not available locally` });
      return true;
    }
    // The body is JSON (checked with the signature); anything but an object names no secret.
    const request: unknown = JSON.parse(body || '{}');
    const SecretId =
      request && typeof request === 'object' ? (request as { SecretId?: unknown }).SecretId : undefined;
    const read = typeof SecretId === 'string' ? secrets.get(SecretId) : undefined;
    if (!read) {
      reply(400, {
        __type: 'ResourceNotFoundException',
        message: `Secrets Manager can't find the specified secret.`,
      });
      return true;
    }
    reply(200, {
      ARN: `arn:aws:secretsmanager:local:000000000000:secret:${SecretId}`,
      Name: SecretId,
      SecretString: await read(),
      VersionId: 'local',
      VersionStages: ['AWSCURRENT'],
      CreatedDate: Math.floor(Date.now() / 1000),
    });
    return true;
  };
}
