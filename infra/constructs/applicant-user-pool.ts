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
 *
 * Operators are users of the same pool in the group `operators` (the ID
 * token's `cognito:groups` claim, which Cognito writes and no client can).
 * Applicants cannot be in it: there is no self sign-up, group membership
 * changes only through the admin API (`admin-add-user-to-group`, an AWS
 * IAM permission no function or app client has), and an operator account
 * has no `custom:inn`: the console refuses any token that carries one,
 * even in the group (shared/http/operator.ts).
 */
export class ApplicantUserPool extends Construct {
  readonly userPool: cognito.UserPool;
  readonly client: cognito.UserPoolClient;
  /** Programme operators: the only users the `/admin` routes serve. */
  readonly operators: cognito.CfnUserPoolGroup;

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
  }
}
