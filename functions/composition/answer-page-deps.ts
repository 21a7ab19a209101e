import { workflowEngine } from '#functions/composition/step-functions';
import { applicationStore, clock, once, registryStore, taskStore } from '#functions/composition/stores';
import { secretsManagerKeySource } from '#shared/adapters/signing-keys-secret';
import { linkEnv, parseEnv } from '#shared/config';
import { type LinkSigner, linkSigner } from '#shared/links/signer';

export const linkConfig = once(() => parseEnv(linkEnv));
export const signer = once<LinkSigner>(() =>
  linkSigner(secretsManagerKeySource(linkConfig().LINK_KEYS_SECRET_ID)),
);
/** What the review and sign-off pages work with, and how they set cookies. */
export const linkPageDeps = () => ({
  signer: signer(),
  tasks: taskStore(),
  applications: applicationStore(),
  registry: registryStore(),
  workflow: workflowEngine(),
  clock,
});
export const linkCookies = () => ({ secure: linkConfig().PUBLIC_BASE_URL.startsWith('https:') });
