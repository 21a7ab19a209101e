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
  /** The applicant portal's sign-in (its hosted UI and app client); absent: none. */
  portal?: {
    /** The portal's root URL (`<publicBaseUrl>/portal`): its callback is `<portalUrl>/callback`. */
    portalUrl: string;
    /** The hosted UI's domain prefix (`<prefix>.auth.<region>.amazoncognito.com`); default `<appName>-<account>`. */
    domainPrefix: string;
  };
}

/** What the portal function needs to sign people in with the hosted UI. */
export interface PortalSignInSettings {
  domainUrl: string;
  clientId: string;
  userPoolId: string;
}

export class ApplicantUserPool extends Construct {
  readonly userPool: cognito.UserPool;
  readonly client: cognito.UserPoolClient;
  /** The portal's app client and hosted UI (authorization code flow with PKCE), when it has one. */
  readonly portalSignIn?: PortalSignInSettings;
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

    if (props.portal) this.portalSignIn = this.addPortalClient(props.portal);
  }

  /**
   * The applicant portal's sign-in: the hosted UI on a Cognito domain and a
   * public app client (no secret: the portal uses PKCE) that allows only the
   * authorization code flow, back to the portal's callback. Its ID token
   * carries `custom:inn`; nothing can be written through it.
   */
  private addPortalClient(portal: NonNullable<ApplicantUserPoolProps['portal']>): PortalSignInSettings {
    const domain = this.userPool.addDomain('HostedUi', {
      cognitoDomain: { domainPrefix: portal.domainPrefix },
    });
    const client = this.userPool.addClient('PortalClient', {
      generateSecret: false,
      // No direct sign-in API for this client: people sign in on the hosted UI only.
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
        callbackUrls: [`${portal.portalUrl}/callback`],
        logoutUrls: [portal.portalUrl],
      },
      supportedIdentityProviders: [cognito.UserPoolClientIdentityProvider.COGNITO],
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.hours(12),
      readAttributes: new cognito.ClientAttributes()
        .withStandardAttributes({ email: true, emailVerified: true })
        .withCustomAttributes('inn'),
      writeAttributes: new cognito.ClientAttributes(),
    });
    return {
      domainUrl: domain.baseUrl(),
      clientId: client.userPoolClientId,
      userPoolId: this.userPool.userPoolId,
    };
  }
}

/** The default hosted-UI domain prefix: unique per account (`clustermembership-123456789012`). */
export const defaultPortalDomainPrefix = (appName: string) => `${appName.toLowerCase()}-${Aws.ACCOUNT_ID}`;
