// Values the workflow suite's global setup hands to tests through `inject()`.
declare module 'vitest' {
  export interface ProvidedContext {
    /** The e2e runtime's INVITATION_TTL_SECONDS. */
    invitationTtlSeconds: number;
    dynamodbEndpoint: string;
    /** The e2e suite's local runtime, e.g. http://127.0.0.1:41234 */
    runtimeUrl: string;
    /** That runtime's data folder (its generated AWS credentials live there). */
    runtimeDataDir: string;
  }
}

export {};
