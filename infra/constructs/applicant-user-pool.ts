import { Aws, Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { acknowledge } from '#infra/nag';

/**
 * The applicants' identities: one user per person acting for a participant
 * organization, its INN in the immutable custom attribute `inn`. The API's
 * Cognito authorizer validates the ID token, and the handlers read
 * `requestContext.authorizer.claims['custom:inn']`.
 *
 * Users are created by operators (`admin-create-user` with `custom:inn`),
 * never by self sign-up, and no app client may write `custom:inn`: an
 * applicant cannot pick the organization it acts for. Stateful (the
 * accounts), so it lives in the data stack and is retained.
 *
 * Operators are users of the same pool in the group `operators` (the ID
 * token's `cognito:groups` claim, which Cognito writes and no client can).
 * Applicants cannot be in it: there is no self sign-up, group membership
 * changes only through the admin API (`admin-add-user-to-group`, an AWS
 * IAM permission no function or app client has), and an operator account
 * has no `custom:inn`: the console refuses any token that carries one,
 * even in the group (shared/http/operator.ts).
 */
export interface ApplicantUserPoolProps {
  /** The hosted UI through which people sign in to the portal and the console; absent: none. */
  hostedUi?: {
    /** The service's public base URL: the portal's callback is `<publicBaseUrl>/portal/callback`, the console's `<publicBaseUrl>/admin/callback`. */
    publicBaseUrl: string;
    /** The hosted UI's domain prefix (`<prefix>.auth.<region>.amazoncognito.com`); default `<appName>-<account>`. */
    domainPrefix: string;
  };
}

/** What a function needs to sign people in with the hosted UI: its domain, one app client, the pool. */
export interface PortalSignInSettings {
  domainUrl: string;
  clientId: string;
  userPoolId: string;
}

/** The console's sign-in, and the app clients whose ID tokens the `/admin` routes take as bearer tokens. */
export interface ConsoleSignInSettings extends PortalSignInSettings {
  tokenClientIds: string[];
}

export class ApplicantUserPool extends Construct {
  readonly userPool: cognito.UserPool;
  readonly client: cognito.UserPoolClient;
  /** The portal's app client and hosted UI (authorization code flow with PKCE), when it has one. */
  readonly portalSignIn?: PortalSignInSettings;
  /** The console's app client on the same hosted UI (operators only get a session). */
  readonly consoleSignIn?: ConsoleSignInSettings;
  /** Programme operators: the only users the `/admin` routes serve. */
  readonly operators: cognito.CfnUserPoolGroup;

  constructor(scope: Construct, id: string, props: ApplicantUserPoolProps = {}) {
    super(scope, id);

    this.userPool = new cognito.UserPool(this, 'UserPool', {
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      signInCaseSensitive: false,
      autoVerify: { email: true },
      standardAttributes: { email: { required: true, mutable: true } },
      customAttributes: { inn: new cognito.StringAttribute({ minLen: 10, maxLen: 12, mutable: false }) },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      mfa: cognito.Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      featurePlan: cognito.FeaturePlan.ESSENTIALS,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledge(
      this.userPool,
      'AwsSolutions-COG8',
      'Essentials tier: threat protection (Plus tier) is billed per monthly active user and is an operator ' +
        'decision; sign-in is already protected by required TOTP MFA, a strong password policy and no self sign-up.',
    );

    this.operators = new cognito.CfnUserPoolGroup(this, 'Operators', {
      userPoolId: this.userPool.userPoolId,
      groupName: 'operators',
      description: 'Programme operators: the operator console and API at /admin',
    });

    this.client = this.userPool.addClient('ApplicantClient', {
      authFlows: { userSrp: true },
      generateSecret: false,
      disableOAuth: true,
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(30),
      readAttributes: new cognito.ClientAttributes()
        .withStandardAttributes({ email: true, emailVerified: true })
        .withCustomAttributes('inn'),
      writeAttributes: new cognito.ClientAttributes().withStandardAttributes({ email: true }),
    });

    if (props.hostedUi) {
      const base = props.hostedUi.publicBaseUrl.replace(/\/+$/, '');
      const domain = this.userPool.addDomain('HostedUi', {
        cognitoDomain: { domainPrefix: props.hostedUi.domainPrefix },
      });
      const settings = (client: cognito.UserPoolClient): PortalSignInSettings => ({
        domainUrl: domain.baseUrl(),
        clientId: client.userPoolClientId,
        userPoolId: this.userPool.userPoolId,
      });
      this.portalSignIn = settings(
        this.addHostedUiClient('PortalClient', {
          callbackUrl: `${base}/portal/callback`,
          logoutUrl: `${base}/portal`,
          sessionHours: 12,
        }),
      );
      const consoleClient = settings(
        this.addHostedUiClient('ConsoleClient', {
          callbackUrl: `${base}/admin/callback`,
          logoutUrl: `${base}/admin/sign-in`,
          sessionHours: 8,
        }),
      );
      // Scripts on the console's JSON API sign in with SRP through the API's client.
      this.consoleSignIn = { ...consoleClient, tokenClientIds: [this.client.userPoolClientId] };
    }
  }

  /**
   * A client of the hosted UI (the portal's, the console's): public (no
   * secret: PKCE instead), the authorization code flow only, back to its
   * callback; no direct sign-in API, nothing written through it. Its ID token
   * carries `custom:inn`, so the console can refuse an applicant's account
   * even if someone put it in the `operators` group.
   */
  private addHostedUiClient(
    id: string,
    urls: { callbackUrl: string; logoutUrl: string; sessionHours: number },
  ): cognito.UserPoolClient {
    return this.userPool.addClient(id, {
      generateSecret: false,
      authFlows: {
        user: false,
        userSrp: false,
        userPassword: false,
        adminUserPassword: false,
        custom: false,
      },
      oAuth: {
        flows: { authorizationCodeGrant: true, implicitCodeGrant: false },
        scopes: [cognito.OAuthScope.OPENID, cognito.OAuthScope.EMAIL],
        callbackUrls: [urls.callbackUrl],
        logoutUrls: [urls.logoutUrl],
      },
      supportedIdentityProviders: [cognito.UserPoolClientIdentityProvider.COGNITO],
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.hours(urls.sessionHours),
      readAttributes: new cognito.ClientAttributes()
        .withStandardAttributes({ email: true, emailVerified: true })
        .withCustomAttributes('inn'),
      writeAttributes: new cognito.ClientAttributes(),
    });
  }
}

/** The default hosted-UI domain prefix: unique per account (`clustermembership-123456789012`). */
export const defaultPortalDomainPrefix = (appName: string) => `${appName.toLowerCase()}-${Aws.ACCOUNT_ID}`;
