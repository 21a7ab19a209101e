/** Tokens we issue: 48 random bytes, base64url. */
const TOKEN_SHAPE = /[A-Za-z0-9_-]{64}/g;

/**
 * Log lines are built from names only, but anything token-shaped that the
 * host issued is replaced, to be sure no task token reaches a log.
 */
export function redactTokens(line: string, isOurToken: (candidate: string) => boolean): string {
  return line.replace(TOKEN_SHAPE, (match) => (isOurToken(match) ? '<task-token>' : match));
}
