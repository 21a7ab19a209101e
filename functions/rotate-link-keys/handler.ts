import { randomBytes } from 'node:crypto';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import * as z from 'zod';
import { once } from '#functions/composition/stores';
import { secretsManagerClient, secretsManagerRotatingSecret } from '#shared/adapters/rotating-secret';
import { systemClock } from '#shared/clock';
import { parseEnv } from '#shared/config';
import { logger } from '#shared/logger';
import { ROTATION_STEPS, rotateLinkKeys } from '#shared/use-cases/rotate-link-keys';

/** The event Secrets Manager sends for each step of a rotation. */
const rotationEventSchema = z.object({
  Step: z.enum(ROTATION_STEPS),
  SecretId: z.string().min(1),
  ClientRequestToken: z.string().min(1),
});

const config = once(() =>
  parseEnv({
    /** The longest link lifetime with slack, computed by the CDK app from the deadlines. */
    RETIRE_AFTER_SECONDS: z.coerce.number().int().positive(),
  }),
);

/** 48 random bytes: 64 URL-safe characters, 384 bits (HMAC-SHA256 needs 256). */
const newKeyMaterial = () => randomBytes(48).toString('base64url');

export const lambdaHandler = async (event: unknown): Promise<void> => {
  const { Step, SecretId, ClientRequestToken } = rotationEventSchema.parse(event);
  logger.appendKeys({ step: Step });
  await rotateLinkKeys(
    { step: Step, secretId: SecretId, token: ClientRequestToken },
    {
      secrets: secretsManagerRotatingSecret(secretsManagerClient),
      clock: systemClock,
      newKeyMaterial,
      retireAfterSeconds: config().RETIRE_AFTER_SECONDS,
      log: (message, details) => logger.info(message, details ?? {}),
    },
  );
};

export const handler = middy(lambdaHandler).use(injectLambdaContext(logger, { logEvent: false }));
