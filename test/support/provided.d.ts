// Values the workflow suite's global setup hands to tests through `inject()`.
declare module 'vitest' {
  export interface ProvidedContext {
    dynamodbEndpoint: string;
  }
}

export {};
