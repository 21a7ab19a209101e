/**
 * AWS list prices, us-east-1, as published on 2026-11-01 (Step Functions
 * Standard, Lambda arm64, DynamoDB on-demand, SES, API Gateway REST, first
 * tier of each). Free tiers are left out: this is the marginal cost.
 */
export const PRICES = {
  date: '2026-11-01',
  region: 'us-east-1',
  stateTransition: 0.025 / 1_000,
  lambdaRequest: 0.2 / 1_000_000,
  lambdaGbSecondArm: 0.0000133334,
  dynamoReadUnit: 0.125 / 1_000_000,
  dynamoWriteUnit: 0.625 / 1_000_000,
  email: 0.1 / 1_000,
  apiRequest: 3.5 / 1_000_000,
} as const;

export interface Usage {
  stateTransitions: number;
  lambdaInvocations: number;
  lambdaGbSeconds: number;
  readUnits: number;
  writeUnits: number;
  emails: number;
  apiRequests: number;
}

export function costOf(usage: Usage): Record<keyof Usage | 'total', number> {
  const parts = {
    stateTransitions: usage.stateTransitions * PRICES.stateTransition,
    lambdaInvocations: usage.lambdaInvocations * PRICES.lambdaRequest,
    lambdaGbSeconds: usage.lambdaGbSeconds * PRICES.lambdaGbSecondArm,
    readUnits: usage.readUnits * PRICES.dynamoReadUnit,
    writeUnits: usage.writeUnits * PRICES.dynamoWriteUnit,
    emails: usage.emails * PRICES.email,
    apiRequests: usage.apiRequests * PRICES.apiRequest,
  };
  return { ...parts, total: Object.values(parts).reduce((sum, value) => sum + value, 0) };
}
