/**
 * Sign-in: admins invite, users sign in with their email through the hosted UI, MFA is the
 * customer's choice by parameter, and the SPA's client can only do the authorization code
 * flow, without a secret. The pool holds users and is retained.
 */
import { describe, expect, it } from 'vitest';
import { functionCatalog } from '../../functions/catalog.js';
import { AUTH_CALLBACK_PATH } from '../../functions/system/web-config.js';
import { type CfnJson, resourcesOfType, synthAppStack } from './support/synth-app-stack.js';

const { template } = synthAppStack();
const json = template.toJSON();
const [[poolId, pool] = []] = resourcesOfType(template, 'AWS::Cognito::UserPool');
const [[, client] = []] = resourcesOfType(template, 'AWS::Cognito::UserPoolClient');
const [[, domain] = []] = resourcesOfType(template, 'AWS::Cognito::UserPoolDomain');
const { Properties: properties } = pool;

describe('the user pool', () => {
  it('signs users in by email, and only admins create accounts', () => {
    expect(properties.UsernameAttributes).toEqual(['email']);
    expect(properties.AdminCreateUserConfig.AllowAdminCreateUserOnly).toBe(true);
    expect(properties.AutoVerifiedAttributes).toEqual(['email']);
  });

  it('requires long passwords with every character class', () => {
    expect(properties.Policies.PasswordPolicy).toMatchObject({
      MinimumLength: 12,
      RequireLowercase: true,
      RequireUppercase: true,
      RequireNumbers: true,
      RequireSymbols: true,
    });
  });

  it('is on the Essentials plan, with no threat protection billed by default', () => {
    expect(properties.UserPoolTier).toBe('ESSENTIALS');
    expect(properties.UserPoolAddOns).toBeUndefined();
  });

  it('takes its MFA policy from the MfaPolicy parameter, in Cognito terms', () => {
    const [mapping, key, attribute] = properties.MfaConfiguration['Fn::FindInMap'];
    expect(key).toEqual({ Ref: 'MfaPolicy' });
    expect(json.Mappings[mapping]).toEqual({ OFF: { [attribute]: 'OFF' }, OPTIONAL: { [attribute]: 'OPTIONAL' }, REQUIRED: { [attribute]: 'ON' } });
    expect(json.Parameters.MfaPolicy.AllowedValues).toEqual(['OFF', 'OPTIONAL', 'REQUIRED']);
  });

  it('offers TOTP only (never SMS), and no MFA type at all when the policy is OFF', () => {
    const [condition, whenOff, otherwise] = properties.EnabledMfas['Fn::If'];
    expect(json.Conditions[condition]).toEqual({ 'Fn::Equals': [{ Ref: 'MfaPolicy' }, 'OFF'] });
    expect(whenOff).toEqual({ Ref: 'AWS::NoValue' });
    expect(otherwise).toEqual(['SOFTWARE_TOKEN_MFA']);
  });

  it('runs the token enricher as a V2 pre token generation trigger', () => {
    const enricher = resourcesOfType(template, 'AWS::Lambda::Function').find(
      ([, fn]) => fn.Properties.Description === functionCatalog.tokenEnricher.description,
    );
    expect(properties.LambdaConfig.PreTokenGenerationConfig).toEqual({ LambdaArn: { 'Fn::GetAtt': [enricher?.[0], 'Arn'] }, LambdaVersion: 'V2_0' });
  });

  it('is protected from deletion and retained with the stack', () => {
    expect(properties.DeletionProtection).toBe('ACTIVE');
    expect(pool.DeletionPolicy).toBe('Retain');
  });

  it('invites the InitialOwnerEmail with a verified email, and keeps that user if the parameter changes', () => {
    const [[, owner] = []] = resourcesOfType(template, 'AWS::Cognito::UserPoolUser');
    expect(owner.Properties).toMatchObject({
      UserPoolId: { Ref: poolId },
      Username: { Ref: 'InitialOwnerEmail' },
      DesiredDeliveryMediums: ['EMAIL'],
      UserAttributes: expect.arrayContaining([{ Name: 'email_verified', Value: 'true' }]),
    });
    expect(owner.DeletionPolicy).toBe('Retain');
  });

  it('has no fixed name', () => {
    expect(properties.UserPoolName).toBeUndefined();
  });
});

describe('the hosted UI domain', () => {
  it('has a prefix derived from the stack id, so two installations never collide', () => {
    const prefix = JSON.stringify(domain.Properties.Domain);
    expect(prefix).toContain('"Ref":"AWS::StackId"');
    expect(prefix).toContain('ownstack');
  });
});

describe('the web client', () => {
  const appUrl = (suffix: string) => ({ 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [expect.stringMatching(/Distribution/), 'DomainName'] }, suffix]] });

  it('has no secret: it is a public client in the browser', () => {
    expect(client.Properties.GenerateSecret).toBe(false);
  });

  it('allows only the authorization code grant, with the OpenID scopes', () => {
    expect(client.Properties.AllowedOAuthFlows).toEqual(['code']);
    expect(client.Properties.AllowedOAuthScopes).toEqual(['openid', 'email', 'profile']);
    expect(client.Properties.ExplicitAuthFlows).toEqual(['ALLOW_REFRESH_TOKEN_AUTH']);
  });

  it(`redirects to ${AUTH_CALLBACK_PATH} and back to the app on sign-out, on this installation only`, () => {
    expect(client.Properties.CallbackURLs).toEqual([appUrl(AUTH_CALLBACK_PATH)]);
    expect(client.Properties.LogoutURLs).toEqual([appUrl('/')]);
  });

  it('issues one-hour access tokens and thirty-day refresh tokens', () => {
    const minutes = (value: number, unit: string) => value * ({ minutes: 1, hours: 60, days: 1440 }[unit] ?? Number.NaN);
    const units: CfnJson = client.Properties.TokenValidityUnits;
    expect(minutes(client.Properties.AccessTokenValidity, units.AccessToken)).toBe(60);
    expect(minutes(client.Properties.RefreshTokenValidity, units.RefreshToken)).toBe(30 * 1440);
  });

  it('hides whether a user exists, and can revoke refresh tokens', () => {
    expect(client.Properties.PreventUserExistenceErrors).toBe('ENABLED');
    expect(client.Properties.EnableTokenRevocation).toBe(true);
  });
});
