import { SESv2Client, type SESv2ClientConfig, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { traced } from '#shared/adapters/tracing';
import type { Mailer } from '#shared/use-cases/ports';

/**
 * How long an email may take to send, all attempts included. The SDK sets no request timeout of
 * its own: a hung connection would run until the function timed out, after the email's once-only
 * claim was recorded and before it could be undone, and the retried step would then skip it for
 * good. Within this budget a hung send fails, the claim is released, and the step's retry sends it.
 */
export const SES_TIMEOUTS = { maxAttempts: 2, connectionTimeoutMs: 1_500, requestTimeoutMs: 4_000 };
/** The longest a send can take under SES_TIMEOUTS (attempts, plus the SDK's backoff between them). */
export const SES_SEND_BUDGET_MS =
  SES_TIMEOUTS.maxAttempts * (SES_TIMEOUTS.connectionTimeoutMs + SES_TIMEOUTS.requestTimeoutMs) + 1_000;

/** An SES v2 client with SES_TIMEOUTS; `config` for tests (locally AWS_ENDPOINT_URL_SESV2 is the outbox). */
export function sesClientWith(config: SESv2ClientConfig = {}): SESv2Client {
  return new SESv2Client({
    ...config,
    maxAttempts: SES_TIMEOUTS.maxAttempts,
    requestHandler: {
      connectionTimeout: SES_TIMEOUTS.connectionTimeoutMs,
      requestTimeout: SES_TIMEOUTS.requestTimeoutMs,
      // Without it the handler only logs a warning when the request timeout passes.
      throwOnRequestTimeout: true,
    },
  });
}

/** SES v2. Locally AWS_ENDPOINT_URL_SESV2 points at the runtime's outbox, which speaks the same API. */
export const sesClient = traced(sesClientWith());

export function sesMailer(
  client: Pick<SESv2Client, 'send'>,
  from: string,
  configurationSet?: string,
): Mailer {
  return {
    async send(message) {
      await client.send(
        new SendEmailCommand({
          FromEmailAddress: from,
          Destination: { ToAddresses: message.to },
          ConfigurationSetName: configurationSet || undefined,
          Content: {
            Simple: {
              Subject: { Data: message.subject, Charset: 'UTF-8' },
              Body: {
                Text: { Data: message.text, Charset: 'UTF-8' },
                Html: { Data: message.html, Charset: 'UTF-8' },
              },
            },
          },
        }),
      );
    },
  };
}
