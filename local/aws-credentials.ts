import { randomBytes } from 'node:crypto';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { LOCAL_REGION } from './cfn.ts';
import { PRIVATE_FILE_MODE } from './private-files.ts';

/**
 * The AWS credentials of a data folder, made on first start: the local
 * runtime's AWS endpoints (Step Functions, Secrets Manager, SES) accept only
 * requests signed with them, and the product's SDK clients get them through
 * the standard environment. They are written in the AWS CLI's own formats, so
 *
 *   AWS_SHARED_CREDENTIALS_FILE=.local/data/aws-credentials \
 *   AWS_CONFIG_FILE=.local/data/aws-config aws stepfunctions list-state-machines
 *
 * works (the config file names the region and, per service, the endpoints of
 * the current start).
 */
export interface LocalAwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
}

export const CREDENTIALS_FILE = 'aws-credentials';
export const CONFIG_FILE = 'aws-config';

/** `[section]` → `key = value` of an INI file as the AWS CLI writes it (nested blocks are skipped). */
export function parseIni(text: string): Record<string, Record<string, string>> {
  const sections: Record<string, Record<string, string>> = {};
  let current: Record<string, string> | undefined;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const section = /^\[(.+)\]$/.exec(line);
    if (section?.[1]) {
      current = {};
      sections[section[1].trim()] = current;
      continue;
    }
    const pair = /^([^=]+?)\s*=\s*(.*)$/.exec(line);
    if (current && pair?.[1] && !/^\s/.test(raw)) current[pair[1]] = pair[2] ?? '';
  }
  return sections;
}

async function writePrivate(path: string, text: string): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, text, { mode: PRIVATE_FILE_MODE });
  await rename(temporary, path);
}

/** Reads the `[default]` credentials of a credentials file, or null when it has none. */
export async function readLocalAwsCredentials(path: string): Promise<LocalAwsCredentials | null> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  const profile = parseIni(text).default;
  const accessKeyId = profile?.aws_access_key_id;
  const secretAccessKey = profile?.aws_secret_access_key;
  return accessKeyId && secretAccessKey ? { accessKeyId, secretAccessKey } : null;
}

/** The data folder's credentials, generated (and written 0600) on first start. */
export async function ensureLocalAwsCredentials(dataDir: string): Promise<LocalAwsCredentials> {
  const path = join(dataDir, CREDENTIALS_FILE);
  const existing = await readLocalAwsCredentials(path);
  if (existing) return existing;
  const credentials: LocalAwsCredentials = {
    // The shape of an IAM access key id (AKIA + 16), marked as local.
    accessKeyId: `AKIALOCAL${randomBytes(6).toString('hex').toUpperCase().slice(0, 11)}`,
    secretAccessKey: randomBytes(30).toString('base64'),
  };
  await writePrivate(
    path,
    [
      '# Made by the local runtime on its first start: its AWS endpoints accept only these.',
      '[default]',
      `aws_access_key_id = ${credentials.accessKeyId}`,
      `aws_secret_access_key = ${credentials.secretAccessKey}`,
      '',
    ].join('\n'),
  );
  return credentials;
}

/**
 * The AWS CLI config of this start: the region and each service's endpoint
 * (the DynamoDB Local port changes between starts, so it is rewritten each time).
 */
export async function writeLocalAwsConfig(
  dataDir: string,
  endpoints: { runtimeUrl: string; dynamodbEndpoint: string },
): Promise<void> {
  const service = (name: string, url: string) => [`${name} =`, `  endpoint_url = ${url}`];
  await writePrivate(
    join(dataDir, CONFIG_FILE),
    [
      '# Rewritten by the local runtime on every start.',
      '[default]',
      `region = ${LOCAL_REGION}`,
      'services = local-runtime',
      '',
      '[services local-runtime]',
      ...service('sfn', endpoints.runtimeUrl),
      ...service('secrets_manager', endpoints.runtimeUrl),
      ...service('sesv2', endpoints.runtimeUrl),
      ...service('dynamodb', endpoints.dynamodbEndpoint),
      '',
    ].join('\n'),
  );
}
