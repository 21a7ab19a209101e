import { linkConfig } from '#functions/composition/answer-page-deps';
import { invitationConfig, invitationStore } from '#functions/composition/invitations';
import { mailer } from '#functions/composition/mail';
import { workflowEngine } from '#functions/composition/step-functions';
import { applicationStore, clock, once, registryStore, taskStore } from '#functions/composition/stores';
import { cognitoSignIn } from '#shared/adapters/cognito-sign-in';
import { secretsManagerKeySource } from '#shared/adapters/signing-keys-secret';
import { parseEnv, portalEnv } from '#shared/config';
import type { PortalDeps, PortalSignIn } from '#shared/http/portal';
import { linkSigner } from '#shared/links/signer';

/** What the applicant portal works with: the API's stores and engines, the link keys, and its sign-in. */
const keys = once(() => secretsManagerKeySource(linkConfig().LINK_KEYS_SECRET_ID));
const signIn = once<PortalSignIn>(() => {
  const env = parseEnv(portalEnv);
  if (env.PORTAL_SIGN_IN === 'local') return { kind: 'local' };
  const settings = {
    domainUrl: env.PORTAL_AUTH_DOMAIN_URL ?? '',
    clientId: env.PORTAL_CLIENT_ID ?? '',
    userPoolId: env.PORTAL_USER_POOL_ID ?? '',
  };
  return {
    kind: 'cognito',
    provider: cognitoSignIn(settings),
    logoutUrl: (redirectUri) =>
      `${settings.domainUrl}/logout?${new URLSearchParams({ client_id: settings.clientId, logout_uri: redirectUri })}`,
  };
});

export const portalDeps = (): PortalDeps => ({
  applications: applicationStore(),
  registry: registryStore(),
  tasks: taskStore(),
  invitations: invitationStore(),
  workflow: workflowEngine(),
  mailer: mailer(),
  signer: linkSigner(keys()),
  keys: keys(),
  signIn: signIn(),
  clock,
  config: {
    publicBaseUrl: linkConfig().PUBLIC_BASE_URL,
    invitationTtlSeconds: invitationConfig().INVITATION_TTL_SECONDS,
  },
});
