import { WORKFLOW_ERRORS } from '#shared/catalog';
import type { WorkflowEngine } from '#shared/use-cases/ports';

/** The cause the step's SendTaskFailure carries: no names, the task's record says the rest. */
export const DEADLINE_PASSED_CAUSE = 'The task was re-entered after its recorded deadline';

/**
 * A callback task's timeout counts from when the task starts, so a step re-entered by a restart or
 * a redrive would wait a new full period while the person's link keeps its first deadline. The
 * request steps read the deadline the task recorded instead: once it has passed, the step ends the
 * wait at once with `DeadlinePassed`, which the state machine catches together with `States.Timeout`,
 * so the application goes on exactly as if the deadline had passed while it waited.
 */
export function deadlinePassed(now: Date, deadline: string): boolean {
  return now.getTime() >= Date.parse(deadline);
}

/** Ends the waiting step as its deadline would have (no output: the path is the timeout's). */
export async function endAtDeadline(
  taskToken: string,
  workflow: Pick<WorkflowEngine, 'failTask'>,
): Promise<void> {
  await workflow.failTask(taskToken, WORKFLOW_ERRORS.deadlinePassed, DEADLINE_PASSED_CAUSE);
}
