import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '#infra/build-app';

/**
 * The applicant portal's sign-in in AWS: the user pool's hosted UI on a
 * Cognito domain, a public app client for the authorization code flow only
 * (PKCE: no secret), back to the portal's callback, and the portal function
 * wired to that client (never to the local sign-in).
 */
let data: Template;
let service: Template;

beforeAll(() => {
  const built = buildApp({
    bundling: false,
    nag: false,
    validate: false,
    context: { publicBaseUrl: 'https://clusters.example.city/', alarmEmail: 'alarms@example.org' },
  });
  data = Template.fromStack(built.data);
  service = Template.fromStack(built.service);
});

describe('the portal’s sign-in', () => {
  it('has a public app client for the authorization code flow only, back to the portal', () => {
    data.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      GenerateSecret: false,
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthFlows: ['code'],
      AllowedOAuthScopes: ['openid', 'email'],
      CallbackURLs: ['https://clusters.example.city/portal/callback'],
      LogoutURLs: ['https://clusters.example.city/portal'],
      SupportedIdentityProviders: ['COGNITO'],
      // No sign-in API of its own: the hosted UI only (refreshing is all the client may do).
      ExplicitAuthFlows: ['ALLOW_REFRESH_TOKEN_AUTH'],
      EnableTokenRevocation: true,
      PreventUserExistenceErrors: 'ENABLED',
      ReadAttributes: Match.arrayWith(['custom:inn']),
    });
    // The API's own client keeps no OAuth flows.
    data.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      AllowedOAuthFlowsUserPoolClient: false,
      ExplicitAuthFlows: Match.arrayWith(['ALLOW_USER_SRP_AUTH']),
    });
    data.resourceCountIs('AWS::Cognito::UserPoolClient', 2);
  });

  it('has a hosted-UI domain unique per account', () => {
    data.hasResourceProperties('AWS::Cognito::UserPoolDomain', {
      Domain: { 'Fn::Join': ['', ['clustermembership-', { Ref: 'AWS::AccountId' }]] },
    });
  });

  it('gives the portal function the client, the pool and the domain, and the hosted UI as its sign-in', () => {
    const functions = service.findResources('AWS::Lambda::Function', {
      Properties: { Tags: Match.arrayWith([{ Key: 'app:function', Value: 'portal' }]) },
    });
    const [portal] = Object.values(functions);
    const env = portal?.Properties.Environment.Variables as Record<string, unknown>;
    expect(env.PORTAL_SIGN_IN).toBe('cognito');
    expect(env.PORTAL_AUTH_DOMAIN_URL).toBeDefined();
    expect(env.PORTAL_CLIENT_ID).toBeDefined();
    expect(env.PORTAL_USER_POOL_ID).toBeDefined();
    expect(env.PUBLIC_BASE_URL).toBe('https://clusters.example.city/');
    // No other function signs anyone in.
    const others = Object.values(
      service.findResources('AWS::Lambda::Function', {
        Properties: { Environment: { Variables: Match.objectLike({ PORTAL_SIGN_IN: Match.anyValue() }) } },
      }),
    );
    expect(others).toHaveLength(1);
  });

  it('serves the portal without the API authorizer (the function checks its cookie) and passes uploads whole', () => {
    service.hasResourceProperties('AWS::ApiGateway::RestApi', { BinaryMediaTypes: ['multipart/form-data'] });
    const portalMethods = Object.values(service.findResources('AWS::ApiGateway::Method')).filter((method) =>
      JSON.stringify(method.Properties.Integration).includes('Portal'),
    );
    expect(portalMethods.length).toBe(16);
    for (const method of portalMethods) expect(method.Properties.AuthorizationType).toBe('NONE');
  });
});
