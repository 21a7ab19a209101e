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
    // The API's (SRP), the portal's and the console's.
    data.resourceCountIs('AWS::Cognito::UserPoolClient', 3);
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

describe('the console’s sign-in', () => {
  it('has its own app client on the same hosted UI: code flow only, back to the console', () => {
    data.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      GenerateSecret: false,
      AllowedOAuthFlows: ['code'],
      CallbackURLs: ['https://clusters.example.city/admin/callback'],
      LogoutURLs: ['https://clusters.example.city/admin/sign-in'],
      ExplicitAuthFlows: ['ALLOW_REFRESH_TOKEN_AUTH'],
      // The console reads custom:inn to refuse an applicant's account put in the group by mistake.
      ReadAttributes: Match.arrayWith(['custom:inn']),
    });
    data.resourceCountIs('AWS::Cognito::UserPoolDomain', 1);
  });

  it('gives the console function the console’s client, and every /admin function the clients whose tokens it takes', () => {
    const [consoleFn] = Object.values(
      service.findResources('AWS::Lambda::Function', {
        Properties: { Tags: Match.arrayWith([{ Key: 'app:function', Value: 'admin-console' }]) },
      }),
    );
    const env = consoleFn?.Properties.Environment.Variables as Record<string, unknown>;
    expect(env.OPERATOR_SIGN_IN).toBe('cognito');
    expect(JSON.stringify(env.OPERATOR_CLIENT_ID)).toContain('ConsoleClient');
    expect(JSON.stringify(env.OPERATOR_TOKEN_CLIENT_IDS)).toContain('ApplicantClient');
    expect(JSON.stringify(env.OPERATOR_TOKEN_CLIENT_IDS)).not.toContain('PortalClient');
  });

  it('serves the sign-in, the callback and the sign-out to anyone (they are how one signs in)', () => {
    const signInPaths = ['sign-in', 'callback', 'sign-out'];
    const resources = service.findResources('AWS::ApiGateway::Resource');
    // Children of /admin (the portal has paths of the same names).
    const admin = Object.keys(resources).find(
      (id) => resources[id]?.Properties.PathPart === 'admin' && !resources[id]?.Properties.ParentId?.Ref,
    );
    const ids = Object.keys(resources).filter(
      (id) =>
        signInPaths.includes(resources[id]?.Properties.PathPart) &&
        resources[id]?.Properties.ParentId?.Ref === admin,
    );
    expect(ids).toHaveLength(3);
    const methods = Object.values(service.findResources('AWS::ApiGateway::Method')).filter((method) =>
      ids.includes(method.Properties.ResourceId?.Ref),
    );
    expect(methods).toHaveLength(4);
    for (const method of methods) expect(method.Properties.AuthorizationType).toBe('NONE');
  });
});
