// Values the global setups hand to tests through `inject()`; one per lane (test/support/lanes.ts).
declare module 'vitest' {
  export interface ProvidedContext {
    /** The e2e runtimes' INVITATION_TTL_SECONDS. */
    invitationTtlSeconds: number;
    /** The workflow suite's DynamoDB Locals, one per lane: use `suiteDynamoDbEndpoint()`. */
    dynamodbEndpoints: string[];
    /** The e2e suite's local runtimes, one per lane (`suiteRuntime()`): URL and data folder (its generated AWS credentials live there). */
    runtimes: Array<{ url: string; dataDir: string }>;
  }
}

export {};
