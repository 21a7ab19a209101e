import { linkConfig, linkKeys } from '#functions/composition/answer-page-deps';
import { workflowEngine } from '#functions/composition/step-functions';
import { applicationStore, clock, once, registryStore, taskStore } from '#functions/composition/stores';
import { hostedUiSignIn, idTokenVerifier } from '#shared/adapters/cognito-sign-in';
import { operatorEnv, operatorSignInEnv, parseEnv } from '#shared/config';
import type { ConsoleSignIn, ConsoleSignInDeps } from '#shared/http/console-sign-in';
import type { OperatorGate } from '#shared/http/operator';

/** What the operator console and API read with: the stores, the workflow's run state, the "stuck" settings. */
export const operatorConfig = once(() => {
  const env = parseEnv(operatorEnv);
  return { stuckAfterSeconds: env.STUCK_AFTER_SECONDS, graceSeconds: env.RECONCILE_GRACE_SECONDS };
});

export const operatorReadDeps = () => ({
  applications: applicationStore(),
  tasks: taskStore(),
  registry: registryStore(),
  workflow: workflowEngine(),
  clock,
  config: operatorConfig(),
});

const signInConfig = once(() => parseEnv(operatorSignInEnv));

/**
 * Bearer ID tokens on the `/admin` routes, verified in the function (the routes have no gateway
 * authorizer): the pool's keys, issuer, `token_use` id, expiry, and an audience among the console's
 * and the API's app clients. None locally, where the edge checks its own tokens.
 */
const idTokenVerifierFor = once(() => {
  const env = signInConfig();
  if (env.OPERATOR_SIGN_IN === 'local') return undefined;
  return idTokenVerifier({
    userPoolId: env.OPERATOR_USER_POOL_ID ?? '',
    clientIds: [env.OPERATOR_CLIENT_ID ?? '', ...env.OPERATOR_TOKEN_CLIENT_IDS].filter(Boolean),
  });
});

/** What the operator gate of every `/admin` route checks with. */
export const operatorGate = once(
  (): OperatorGate => ({
    keys: linkKeys(),
    verifyIdToken: idTokenVerifierFor(),
    publicBaseUrl: linkConfig().PUBLIC_BASE_URL,
    now: () => clock.now(),
  }),
);

const consoleSignIn = once((): ConsoleSignIn => {
  const env = signInConfig();
  if (env.OPERATOR_SIGN_IN === 'local') return { kind: 'local' };
  return hostedUiSignIn({
    domainUrl: env.OPERATOR_AUTH_DOMAIN_URL ?? '',
    clientId: env.OPERATOR_CLIENT_ID ?? '',
    userPoolId: env.OPERATOR_USER_POOL_ID ?? '',
  });
});

export const consoleSignInDeps = (): ConsoleSignInDeps => ({ gate: operatorGate(), signIn: consoleSignIn() });
