import { randomUUID } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import type { Context } from 'aws-lambda';
import { FUNCTIONS, type FunctionKey, functionLimits, handlerEntry } from '#shared/catalog';

/**
 * Runs a product function the way Lambda would: the same handler module the
 * CDK app bundles, called with an event and a Lambda-shaped context. Modules
 * are loaded once, like a warm execution environment.
 */
type LambdaHandler = (event: unknown, context: Context) => Promise<unknown>;

const REPO_ROOT = new URL('../', import.meta.url);
const loaded = new Map<FunctionKey, Promise<LambdaHandler>>();

export function isFunctionKey(key: string): key is FunctionKey {
  return Object.hasOwn(FUNCTIONS, key);
}

async function load(key: FunctionKey): Promise<LambdaHandler> {
  const module = (await import(pathToFileURL(new URL(handlerEntry(key), REPO_ROOT).pathname).href)) as {
    handler?: LambdaHandler;
  };
  if (typeof module.handler !== 'function') throw new Error(`${handlerEntry(key)} exports no handler`);
  return module.handler;
}

export function lambdaContext(key: FunctionKey): Context {
  // The deployed limits: getRemainingTimeInMillis counts down from the same timeout as in Lambda.
  const limits = functionLimits(FUNCTIONS[key]);
  const deadline = Date.now() + limits.timeoutSeconds * 1000;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: key,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${key}`,
    memoryLimitInMB: String(limits.memoryMb),
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${key}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => {},
    fail: () => {},
    succeed: () => {},
  };
}

export async function invokeFunction(key: string, event: unknown): Promise<unknown> {
  if (!isFunctionKey(key)) throw new Error(`no function ${key} in shared/catalog.ts`);
  let handler = loaded.get(key);
  if (!handler) {
    handler = load(key);
    loaded.set(key, handler);
  }
  return (await handler)(event, lambdaContext(key));
}
