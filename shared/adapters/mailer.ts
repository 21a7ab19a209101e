import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { traced } from '#shared/adapters/tracing';
import type { Mailer } from '#shared/use-cases/ports';

/** SES v2. Locally AWS_ENDPOINT_URL_SESV2 points at the runtime's outbox, which speaks the same API. */
export const sesClient = traced(new SESv2Client({}));

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
