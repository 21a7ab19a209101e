import { executionNameFor, parseExecutionName } from '#shared/domain/application';
import { type RestartDeps, restartOpenApplication } from '#shared/use-cases/redrive-application';
import type { LocalStepFunctions } from './state-machine-host.ts';

/**
 * At start-up, after the interrupted executions were resumed: an open
 * application none of whose executions is running (its last one ended, e.g.
 * failed while DynamoDB was down and MarkFailed could not record it) gets a
 * new run `<applicationId>-r<n>` from the stage its status says.
 * @returns the application ids restarted.
 */
export async function restartEndedExecutions(
  host: LocalStepFunctions,
  deps: Omit<RestartDeps, 'workflow'>,
): Promise<string[]> {
  const runs = new Map<string, { running: boolean; lastRun: number }>();
  let nextToken: string | undefined;
  do {
    const page = await host.listExecutions({ maxResults: 1000, ...(nextToken ? { nextToken } : {}) });
    for (const execution of page.executions) {
      const parsed = parseExecutionName(execution.name);
      if (!parsed) continue;
      const seen = runs.get(parsed.applicationId) ?? { running: false, lastRun: 0 };
      runs.set(parsed.applicationId, {
        running: seen.running || execution.status === 'RUNNING',
        lastRun: Math.max(seen.lastRun, parsed.run),
      });
    }
    nextToken = page.nextToken;
  } while (nextToken);

  const workflow: RestartDeps['workflow'] = {
    async startAt(input, run) {
      await host.startExecution({
        name: executionNameFor(input.applicationId, run),
        input: JSON.stringify(input),
      });
    },
  };
  const restarted: string[] = [];
  for (const [applicationId, { running, lastRun }] of runs) {
    if (running) continue;
    const result = await restartOpenApplication(applicationId, lastRun, 'system:local-runtime', {
      ...deps,
      workflow,
    });
    if (result) restarted.push(applicationId);
  }
  return restarted;
}
