/** GetExecutionHistory: the engine's event log translated into AWS's event types. */

/**
 * One entry of GetExecutionHistory, from the engine's event log. Types follow
 * AWS's (`TaskStateEntered`, `TaskFailed`, `TaskTimedOut`, `MapIterationStarted`,
 * `ExecutionSucceeded`, ...); `StateRetried` and `StateCaught` have no AWS
 * equivalent and are kept because they explain the path taken.
 */
export interface HistoryEvent {
  id: number;
  timestamp: Date;
  type: string;
  stateName?: string;
  stateType?: string;
  /** Map iteration index, for events inside a Map. */
  index?: number;
  input?: unknown;
  output?: unknown;
  error?: string;
  cause?: string;
}

type EngineEvent = {
  type: string;
  timestamp: number;
  input?: unknown;
  output?: unknown;
  Error?: string;
  Cause?: unknown;
  index?: number;
  state?: { name: string; type: string; input?: unknown; output?: unknown };
  parentState?: { name: string; type: string };
};

export function toHistoryEvent(raw: unknown, id: number): HistoryEvent {
  const event = raw as EngineEvent;
  const base: HistoryEvent = { id, timestamp: new Date(event.timestamp), type: event.type };
  const state = event.state;
  if (state) {
    base.stateName = state.name;
    base.stateType = state.type;
  }
  if (event.index !== undefined) base.index = event.index;
  if (event.Error !== undefined) base.error = event.Error;
  if (event.Cause !== undefined)
    base.cause = typeof event.Cause === 'string' ? event.Cause : String(event.Cause);
  switch (event.type) {
    case 'ExecutionStarted':
      return { ...base, input: event.input };
    case 'ExecutionSucceeded':
      return { ...base, output: event.output };
    case 'ExecutionTimeout':
      return { ...base, type: 'ExecutionTimedOut' };
    case 'StateEntered':
      return { ...base, type: `${state?.type}StateEntered`, input: state?.input };
    case 'StateExited':
      return { ...base, type: `${state?.type}StateExited`, output: state?.output };
    case 'StateFailed':
      if (state?.type === 'Task')
        return { ...base, type: base.error === 'States.Timeout' ? 'TaskTimedOut' : 'TaskFailed' };
      return { ...base, type: `${state?.type}StateFailed` };
    case 'MapIterationStarted':
    case 'MapIterationSucceeded':
    case 'MapIterationFailed':
    case 'ParallelBranchStarted':
    case 'ParallelBranchSucceeded':
    case 'ParallelBranchFailed':
      return { ...base, stateName: event.parentState?.name, stateType: event.parentState?.type };
    default:
      return base;
  }
}
