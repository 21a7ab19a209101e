import { join } from 'node:path';
import { CONFIG_FILE, CREDENTIALS_FILE, readLocalAwsCredentials } from '#local/aws-credentials';
import { suiteRuntime } from '#test/support/lanes';

/** The AWS credentials the suite's runtime generated in its data folder (its AWS endpoints accept only these). */
export async function suiteAwsCredentials() {
  const credentials = await readLocalAwsCredentials(join(suiteRuntime().dataDir, CREDENTIALS_FILE));
  if (!credentials) throw new Error(`no ${CREDENTIALS_FILE} in the runtime's data folder`);
  return credentials;
}

/** The files the AWS CLI reads: AWS_SHARED_CREDENTIALS_FILE and AWS_CONFIG_FILE. */
export function suiteAwsFiles(dataDir: string = suiteRuntime().dataDir) {
  return {
    AWS_SHARED_CREDENTIALS_FILE: join(dataDir, CREDENTIALS_FILE),
    AWS_CONFIG_FILE: join(dataDir, CONFIG_FILE),
  };
}

/** Test deadlines stretched on a slow machine: TEST_TIME_SCALE=2 doubles them. */
export function scaled(ms: number): number {
  const factor = Number(process.env.TEST_TIME_SCALE ?? 1);
  return ms * (Number.isFinite(factor) && factor > 0 ? factor : 1);
}
