import { describe, expect, it } from 'vitest';
import { parseConfig } from '#infra/config';
import { lambdaContext } from '#local/lambda-runner';
import { FUNCTIONS, functionLimits } from '#shared/catalog';
import { consentEnv, parseEnv, reviewEnv, signoffEnv } from '#shared/config';
import { DEFAULTS, LAMBDA_DEFAULTS } from '#shared/config-defaults';
import cdkJson from '../../../cdk.json' with { type: 'json' };

const REQUIRED_CONTEXT = {
  sesSenderAddress: 'no-reply@example.org',
  sesConfigurationSetName: 'set',
  publicBaseUrl: 'https://example.org',
  alarmEmail: 'alarms@example.org',
};

describe('configuration defaults, defined once in shared/config-defaults.ts', () => {
  it('are what the CDK app falls back to', () => {
    const config = parseConfig(REQUIRED_CONTEXT);
    for (const [key, value] of Object.entries(DEFAULTS)) {
      expect(config[key as keyof typeof config], key).toBe(value);
    }
  });

  it('are what the functions fall back to when the environment leaves a setting out', () => {
    const review = parseEnv(reviewEnv, {});
    const signoff = parseEnv(signoffEnv, {});
    expect(parseEnv(consentEnv, {}).CONSENT_TIMEOUT_SECONDS).toBe(DEFAULTS.consentTimeoutSeconds);
    expect(review.REVIEW_TIMEOUT_SECONDS).toBe(DEFAULTS.reviewTimeoutSeconds);
    expect(review.EXPERTS_PER_CREATE).toBe(DEFAULTS.expertsPerCreate);
    expect(review.EXPERTS_PER_JOIN).toBe(DEFAULTS.expertsPerJoin);
    expect(signoff.SIGNOFF_TIMEOUT_SECONDS).toBe(DEFAULTS.signoffTimeoutSeconds);
    expect(signoff.ESCALATION_TIMEOUT_SECONDS).toBe(DEFAULTS.escalationTimeoutSeconds);
  });

  it('are not repeated in cdk.json, where a copy would quietly pin the old value', () => {
    const repeated = Object.keys(cdkJson.context).filter((key) => key in DEFAULTS);
    expect(repeated).toEqual([]);
  });

  it('give the local runtime the deployed Lambda timeout and memory', () => {
    const plain = lambdaContext('assign-experts');
    expect(plain.getRemainingTimeInMillis()).toBeGreaterThan(LAMBDA_DEFAULTS.timeoutSeconds * 1000 - 1000);
    expect(plain.getRemainingTimeInMillis()).toBeLessThanOrEqual(LAMBDA_DEFAULTS.timeoutSeconds * 1000);
    expect(plain.memoryLimitInMB).toBe(String(LAMBDA_DEFAULTS.memoryMb));

    const longer = lambdaContext('apply-decision');
    const { timeoutSeconds, memoryMb } = functionLimits(FUNCTIONS['apply-decision']);
    expect(timeoutSeconds).toBeGreaterThan(LAMBDA_DEFAULTS.timeoutSeconds);
    expect(longer.getRemainingTimeInMillis()).toBeGreaterThan(timeoutSeconds * 1000 - 1000);
    expect(longer.memoryLimitInMB).toBe(String(memoryMb));
  });
});
