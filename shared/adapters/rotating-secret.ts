import {
  DescribeSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  SecretsManagerClient,
  UpdateSecretVersionStageCommand,
} from '@aws-sdk/client-secrets-manager';
import { traced } from '#shared/adapters/tracing';
import type { RotatingSecret } from '#shared/use-cases/ports';

export const secretsManagerClient = traced(new SecretsManagerClient({}));

/** A secret being rotated, in Secrets Manager. */
export function secretsManagerRotatingSecret(client: Pick<SecretsManagerClient, 'send'>): RotatingSecret {
  return {
    async describe(secretId) {
      const secret = await client.send(new DescribeSecretCommand({ SecretId: secretId }));
      return { rotationEnabled: secret.RotationEnabled ?? false, versions: secret.VersionIdsToStages ?? {} };
    },
    async value(secretId, select) {
      try {
        const found = await client.send(
          new GetSecretValueCommand({
            SecretId: secretId,
            VersionStage: select.stage,
            VersionId: select.versionId,
          }),
        );
        return found.SecretString ?? null;
      } catch (error) {
        if (error instanceof Error && error.name === 'ResourceNotFoundException') return null;
        throw error;
      }
    },
    async putPending(secretId, token, value) {
      await client.send(
        new PutSecretValueCommand({
          SecretId: secretId,
          ClientRequestToken: token,
          SecretString: value,
          VersionStages: ['AWSPENDING'],
        }),
      );
    },
    async promote(secretId, token, fromVersionId) {
      await client.send(
        new UpdateSecretVersionStageCommand({
          SecretId: secretId,
          VersionStage: 'AWSCURRENT',
          MoveToVersionId: token,
          RemoveFromVersionId: fromVersionId,
        }),
      );
    },
  };
}
