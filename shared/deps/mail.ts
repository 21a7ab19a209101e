import { type Mailer, sesClient, sesMailer } from '#shared/adapters/mailer';
import { mailEnv, parseEnv } from '#shared/config';
import { once } from '#shared/deps';

export const mailer = once<Mailer>(() => {
  const env = parseEnv(mailEnv);
  return sesMailer(sesClient, env.MAIL_FROM, env.SES_CONFIGURATION_SET);
});
