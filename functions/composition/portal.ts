import { linkConfig, linkKeys, signer } from '#functions/composition/answer-page-deps';
import { invitationConfig, invitationStore } from '#functions/composition/invitations';
import { mailer } from '#functions/composition/mail';
import { workflowEngine } from '#functions/composition/step-functions';
import { applicationStore, clock, once, registryStore, taskStore } from '#functions/composition/stores';
import { hostedUiSignIn } from '#shared/adapters/cognito-sign-in';
import { parseEnv, portalEnv } from '#shared/config';
import type { PortalDeps, PortalSignIn } from '#shared/http/portal';

/** What the applicant portal works with: the API's stores and engines, the link keys, and its sign-in. */
const signIn = once<PortalSignIn>(() => {
  const env = parseEnv(portalEnv);
  if (env.PORTAL_SIGN_IN === 'local') return { kind: 'local' };
  return hostedUiSignIn({
    domainUrl: env.PORTAL_AUTH_DOMAIN_URL ?? '',
    clientId: env.PORTAL_CLIENT_ID ?? '',
    userPoolId: env.PORTAL_USER_POOL_ID ?? '',
  });
});

export const portalDeps = (): PortalDeps => ({
  applications: applicationStore(),
  registry: registryStore(),
  tasks: taskStore(),
  invitations: invitationStore(),
  workflow: workflowEngine(),
  mailer: mailer(),
  signer: signer(),
  keys: linkKeys(),
  signIn: signIn(),
  clock,
  config: {
    publicBaseUrl: linkConfig().PUBLIC_BASE_URL,
    invitationTtlSeconds: invitationConfig().INVITATION_TTL_SECONDS,
  },
});
