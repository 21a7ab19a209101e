import type { LocalStepFunctions } from '#local/state-machine-host';

/** The names of the states an execution entered, in order (from the engine's event log). */
export async function statesEntered(host: LocalStepFunctions, executionArn: string): Promise<string[]> {
  const { events } = await host.getExecutionHistory({ executionArn });
  return events
    .filter((event) => event.type.endsWith('StateEntered') && event.stateName)
    .map((event) => event.stateName as string);
}
