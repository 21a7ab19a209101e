import { lambdaFunctionKeys } from '#local/asl';
import type { CfnTemplate } from '#local/cfn';

/**
 * The EventBridge rules of the synthesized template, run locally: every
 * function a `rate(...)` rule targets is invoked on one short local
 * interval instead of its AWS rate (a demo cannot wait 15 minutes, and each
 * run handles whatever is due by then). A run never overlaps the previous
 * one of the same function.
 */

export interface ScheduledFunction {
  functionKey: string;
  /** The rule's expression in AWS, e.g. `rate(15 minutes)`. */
  expression: string;
}

/** The product functions the template's scheduled rules invoke. */
export function scheduledFunctions(template: CfnTemplate): ScheduledFunction[] {
  const keys = lambdaFunctionKeys(template);
  const found: ScheduledFunction[] = [];
  for (const [, resource] of Object.entries(template.Resources)) {
    if (resource.Type !== 'AWS::Events::Rule') continue;
    const expression = resource.Properties?.ScheduleExpression;
    if (typeof expression !== 'string') continue;
    for (const target of (resource.Properties?.Targets ?? []) as Array<{ Arn?: unknown }>) {
      const logicalId = (target.Arn as { 'Fn::GetAtt'?: [string, string] } | undefined)?.['Fn::GetAtt']?.[0];
      const functionKey = logicalId ? keys.get(logicalId) : undefined;
      if (functionKey) found.push({ functionKey, expression });
    }
  }
  return found;
}

export interface LocalSchedule {
  /** Runs every scheduled function once now (tests), waiting for runs already under way. */
  runNow(): Promise<void>;
  stop(): Promise<void>;
}

export function startSchedules(
  functions: readonly ScheduledFunction[],
  options: {
    intervalMs: number;
    invoke: (functionKey: string, event: unknown) => Promise<unknown>;
    log: (line: string) => void;
  },
): LocalSchedule {
  const running = new Map<string, Promise<void>>();
  const run = (fn: ScheduledFunction): Promise<void> => {
    const current = running.get(fn.functionKey);
    if (current) return current;
    const event = { source: 'aws.events', 'detail-type': 'Scheduled Event', time: new Date().toISOString() };
    const started = options
      .invoke(fn.functionKey, event)
      .then(
        () => {},
        (error: unknown) => options.log(`${fn.functionKey} (scheduled) failed: ${(error as Error).message}`),
      )
      .finally(() => running.delete(fn.functionKey));
    running.set(fn.functionKey, started);
    return started;
  };
  const timer = setInterval(() => {
    for (const fn of functions) void run(fn);
  }, options.intervalMs);
  timer.unref();
  return {
    runNow: async () => {
      // A run already under way may have read before the caller's change: wait for it, run again.
      await Promise.all(
        functions.map(async (fn) => {
          await running.get(fn.functionKey);
          await run(fn);
        }),
      );
    },
    stop: async () => {
      clearInterval(timer);
      await Promise.all(running.values());
    },
  };
}
