import { Duration, RemovalPolicy } from 'aws-cdk-lib';
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
 */
export class ApplicantUserPool extends Construct {
  readonly userPool: cognito.UserPool;
  readonly client: cognito.UserPoolClient;

  constructor(scope: Construct, id: string) {
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
  }
}
