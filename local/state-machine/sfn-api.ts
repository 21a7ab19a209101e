import type { ExecutionStatus, StoredExecution } from '../execution-store.ts';

/**
 * The Step Functions API as the local host answers it: the response shapes,
 * AWS's error codes, and the checks AWS makes on requests before anything
 * runs (execution names, JSON input and output, ARNs, task tokens).
 */

export interface DescribeExecutionOutputLike {
  executionArn: string;
  stateMachineArn: string;
  name: string;
  status: ExecutionStatus;
  startDate: Date;
  stopDate?: Date;
  input: string;
  output?: string;
  error?: string;
  cause?: string;
}

export interface ExecutionListItemLike {
  executionArn: string;
  stateMachineArn: string;
  name: string;
  status: ExecutionStatus;
  startDate: Date;
  stopDate?: Date;
}

export interface StateMachineDescription {
  stateMachineArn: string;
  name: string;
  definition: string;
  roleArn: string;
  type: 'STANDARD';
  status: 'ACTIVE';
  creationDate: Date;
}

/** An error carrying an AWS error code as its `name` (what the SDK would throw). */
export class SfnError extends Error {
  constructor(code: string, message: string) {
    super(message);
    this.name = code;
  }
}

// AWS execution names: 1-80 characters, none of whitespace, brackets, wildcards,
// `"#%\^|~`$&,;:/` or control characters.
const INVALID_NAME_CHARACTER = /[\s<>{}[\]?*"#%\\^|~`$&,;:/]/;
const isControlCharacter = (char: string) => {
  const code = char.codePointAt(0) ?? 0;
  return code <= 0x1f || (code >= 0x7f && code <= 0x9f);
};

export function assertExecutionName(name: string): void {
  if (
    name.length < 1 ||
    name.length > 80 ||
    INVALID_NAME_CHARACTER.test(name) ||
    [...name].some(isControlCharacter)
  ) {
    throw new SfnError('InvalidName', `Invalid Name: '${name}'`);
  }
}

export function parseExecutionInput(input: string): unknown {
  try {
    return JSON.parse(input);
  } catch {
    throw new SfnError('InvalidExecutionInput', 'Invalid State Machine Execution Input: not a JSON document');
  }
}

export function parseTaskOutput(output: string): unknown {
  try {
    return JSON.parse(output);
  } catch {
    throw new SfnError('InvalidOutput', 'Invalid Output: not a JSON document');
  }
}

export function assertExecutionArn(executionArn: string): void {
  if (typeof executionArn !== 'string' || !executionArn.startsWith('arn:')) {
    throw new SfnError('InvalidArn', `Invalid Arn: '${executionArn}'`);
  }
}

export function describeOutput(record: StoredExecution): DescribeExecutionOutputLike {
  return {
    executionArn: record.executionArn,
    stateMachineArn: record.stateMachineArn,
    name: record.name,
    status: record.status,
    startDate: new Date(record.startDate),
    ...(record.stopDate ? { stopDate: new Date(record.stopDate) } : {}),
    input: record.input,
    ...(record.output !== undefined ? { output: record.output } : {}),
    ...(record.error !== undefined ? { error: record.error } : {}),
    ...(record.cause !== undefined ? { cause: record.cause } : {}),
  };
}

/** One page of ListExecutions over the stored records of one state machine, newest first as on AWS. */
export function listPage(
  records: readonly StoredExecution[],
  stateMachineArn: string,
  req: { statusFilter?: string; maxResults?: number; nextToken?: string },
): { executions: ExecutionListItemLike[]; nextToken?: string } {
  const all = records
    .filter((record) => record.stateMachineArn === stateMachineArn)
    .filter((record) => !req.statusFilter || record.status === req.statusFilter)
    .sort((a, b) => b.startDate.localeCompare(a.startDate) || b.name.localeCompare(a.name));
  const start = req.nextToken ? Number.parseInt(req.nextToken, 10) || 0 : 0;
  const size = req.maxResults && req.maxResults > 0 ? req.maxResults : 100;
  const page = all.slice(start, start + size).map((record) => ({
    executionArn: record.executionArn,
    stateMachineArn: record.stateMachineArn,
    name: record.name,
    status: record.status,
    startDate: new Date(record.startDate),
    ...(record.stopDate ? { stopDate: new Date(record.stopDate) } : {}),
  }));
  return { executions: page, ...(start + size < all.length ? { nextToken: String(start + size) } : {}) };
}
