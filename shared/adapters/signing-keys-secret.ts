import { getSecret } from '@aws-lambda-powertools/parameters/secrets';
import { type KeySource, parseKeyRing } from '#shared/links/key-ring';

/**
 * The link-signing keys from Secrets Manager (locally, the runtime's
 * emulation of GetSecretValue). Powertools caches the value per execution
 * environment, so a rotation reaches every function within `maxAgeSeconds`.
 */
export function secretsManagerKeySource(secretId: string, maxAgeSeconds = 300): KeySource {
  return {
    async load(options = {}) {
      const secret = await getSecret(secretId, { maxAge: maxAgeSeconds, forceFetch: options.fresh ?? false });
      if (typeof secret !== 'string') throw new Error('the link-signing secret is not a string secret');
      return parseKeyRing(secret);
    },
  };
}
