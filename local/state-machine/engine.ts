import type { StateMachineDefinition } from 'aws-local-stepfunctions';
import { type AslDefinition, type AslState, forEachState } from '../asl.ts';

/**
 * Where aws-local-stepfunctions differs from AWS, and how the host bridges
 * it: the definition it is given, the errors it is thrown, the Task
 * resources the host runs itself.
 */

// The engine reads these two flags on a thrown error: false stops Retry and
// Catch from handling it. Used to wind a stopped run down without running
// Catch states or retrying a task after StopExecution.
export function haltError(message: string): Error {
  const error = new Error(message);
  error.name = 'States.Runtime';
  return Object.assign(error, { isRetryable: false, isCatchable: false });
}

// What Lambda reports when a function throws: the error's name as the ASL
// error, and a JSON Cause with errorType and errorMessage (the stack trace AWS
// adds is left out: noise in local runs).
export function lambdaFunctionError(thrown: unknown): Error {
  const errorType = thrown instanceof Error ? thrown.name : 'Error';
  const errorMessage = thrown instanceof Error ? thrown.message : String(thrown);
  const error = new Error(JSON.stringify({ errorType, errorMessage }));
  error.name = errorType;
  return error;
}

export const toJson = (value: unknown): unknown =>
  value === undefined ? null : JSON.parse(JSON.stringify(value));

// setTimeout fires at once for delays over 2^31-1 ms, so every timeout is capped here.
export const MAX_TIMER_SECONDS = 2_147_483;
// AWS tasks have no default timeout; the engine applies 60 s to a Task without
// one. The host gives such tasks the longest timer instead.
const NO_TIMEOUT_SECONDS = MAX_TIMER_SECONDS;

export const LAMBDA_ARN = /^arn:[^:]+:lambda:[^:]*:[^:]*:function:([^:]+)(?::[^:]+)?$/;
export const LAMBDA_INVOKE = /^arn:[^:]+:states:::lambda:invoke$/;
export const LAMBDA_INVOKE_CALLBACK = /^arn:[^:]+:states:::lambda:invoke\.waitForTaskToken$/;
function readPath(value: unknown, path: string): unknown {
  // Only `$.a.b` paths: enough for TimeoutSecondsPath/HeartbeatSecondsPath.
  if (!path.startsWith('$')) return undefined;
  let current = value;
  for (const part of path.slice(1).split('.').filter(Boolean)) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

/** A Task state's `TimeoutSeconds` or `HeartbeatSeconds`, fixed or from its `...Path`; NaN if unset. */
export function taskSeconds(state: AslState, name: 'Timeout' | 'Heartbeat', input: unknown): number {
  const fixed = state[`${name}Seconds`];
  if (typeof fixed === 'number') return fixed;
  const path = state[`${name}SecondsPath`];
  return path ? Number(readPath(input, String(path))) : Number.NaN;
}

/** Copy of the definition adjusted where the engine differs from AWS (see the constants above). */
export function prepareForEngine(definition: AslDefinition): StateMachineDefinition {
  const copy = structuredClone(definition);
  if (typeof copy.TimeoutSeconds === 'number')
    copy.TimeoutSeconds = Math.min(copy.TimeoutSeconds, MAX_TIMER_SECONDS);
  forEachState(copy, (_name, state) => {
    if (state.Type !== 'Task') return;
    if (typeof state.TimeoutSeconds === 'number') {
      state.TimeoutSeconds = Math.min(state.TimeoutSeconds, MAX_TIMER_SECONDS);
    } else if (state.TimeoutSecondsPath === undefined) {
      state.TimeoutSeconds = NO_TIMEOUT_SECONDS;
    }
    // On AWS, States.Timeout also matches a heartbeat timeout; the engine
    // compares names exactly, so list the heartbeat error next to it.
    if (state.HeartbeatSeconds !== undefined || state.HeartbeatSecondsPath !== undefined) {
      for (const rule of [...((state.Retry as AslState[]) ?? []), ...((state.Catch as AslState[]) ?? [])]) {
        const errors = rule.ErrorEquals as string[];
        if (errors.includes('States.Timeout') && !errors.includes('States.HeartbeatTimeout')) {
          errors.push('States.HeartbeatTimeout');
        }
      }
    }
  });
  return copy as unknown as StateMachineDefinition;
}
