import { SecretsProvider } from '@aws-lambda-powertools/parameters/secrets';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { traced } from '#shared/adapters/tracing';
import { type KeySource, parseKeyRing } from '#shared/links/key-ring';

/** One provider (and its cache) per execution environment, over a traced client. */
const secrets = new SecretsProvider({ awsSdkV3Client: traced(new SecretsManagerClient({})) });

/**
 * The link-signing keys from Secrets Manager (locally, the runtime's
 * emulation of GetSecretValue). Powertools caches the value per execution
 * environment, so a rotation reaches every function within `maxAgeSeconds`.
 */
export function secretsManagerKeySource(secretId: string, maxAgeSeconds = 300): KeySource {
  return {
    async load(options = {}) {
      const secret = await secrets.get(secretId, {
        maxAge: maxAgeSeconds,
        forceFetch: options.fresh ?? false,
      });
      if (typeof secret !== 'string') throw new Error('the link-signing secret is not a string secret');
      return parseKeyRing(secret);
    },
  };
}
