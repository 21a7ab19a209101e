import { workflowEngine } from '#functions/composition/step-functions';
import { applicationStore, clock, once, registryStore, taskStore } from '#functions/composition/stores';
import { secretsManagerKeySource } from '#shared/adapters/signing-keys-secret';
import { linkEnv, parseEnv } from '#shared/config';
import { isSecure } from '#shared/http/browser-session';
import { type LinkSigner, linkSigner } from '#shared/links/signer';
import { logApplication } from '#shared/logger';
import type { Tasks } from '#shared/use-cases/ports';

export const linkConfig = once(() => parseEnv(linkEnv));
/** How the request steps make a task's link: its base URL, lifetime and reminders. */
export const linkSettings = () => ({
  publicBaseUrl: linkConfig().PUBLIC_BASE_URL,
  linkTtlSeconds: linkConfig().LINK_TTL_SECONDS,
  reminderBeforeSeconds: linkConfig().REMINDER_BEFORE_SECONDS,
});
/** The link-signing keys (fetched once per container, refreshed by the key source as it rotates). */
export const linkKeys = once(() => secretsManagerKeySource(linkConfig().LINK_KEYS_SECRET_ID));
export const signer = once<LinkSigner>(() => linkSigner(linkKeys()));
/** The task store, except that once a page has read its link, every log line names the link's application. */
const tasksNamingTheApplication = once<Tasks>(() => {
  const tasks = taskStore();
  return {
    ...tasks,
    async getLink(linkId) {
      const link = await tasks.getLink(linkId);
      if (link) logApplication(link.applicationId);
      return link;
    },
  };
});

/** What the review and sign-off pages work with, and how they set cookies. */
export const linkPageDeps = () => ({
  signer: signer(),
  tasks: tasksNamingTheApplication(),
  applications: applicationStore(),
  registry: registryStore(),
  workflow: workflowEngine(),
  clock,
});
export const linkCookies = () => ({ secure: isSecure(linkConfig().PUBLIC_BASE_URL) });
