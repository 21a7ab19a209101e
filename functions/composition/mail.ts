import { once } from '#functions/composition/stores';
import { sesClient, sesMailer } from '#shared/adapters/mailer';
import { mailEnv, parseEnv } from '#shared/config';
import type { Mailer } from '#shared/use-cases/ports';

export const mailer = once<Mailer>(() => {
  const env = parseEnv(mailEnv);
  return sesMailer(sesClient, env.MAIL_FROM, env.SES_CONFIGURATION_SET);
});
