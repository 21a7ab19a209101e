/**
 * The Step Functions wire protocol (AWS JSON 1.0) in front of a
 * LocalStepFunctions host, so product code, the AWS SDK and the AWS CLI reach
 * it unchanged through `AWS_ENDPOINT_URL_SFN`. Requests are
 * `POST /` with `x-amz-target: AWSStepFunctions.<Operation>` and a JSON body;
 * responses use epoch-second timestamps and errors are HTTP 400
 * `{"__type": "<Code>", "message": "..."}`. On the runtime's port every
 * request is SigV4-checked before it gets here (local/aws-auth.ts).
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { BodyTooLargeError, readLimitedBody } from './request-body.ts';
import { type HistoryEvent, type LocalStepFunctions, SfnError } from './state-machine-host.ts';

const TARGET_PREFIX = 'AWSStepFunctions.';
const CONTENT_TYPE = 'application/x-amz-json-1.0';
// Step Functions caps request payloads (inputs, outputs) at 256 KiB; leave room for the envelope.
export const MAX_SFN_BODY_BYTES = 1024 * 1024;

class ProtocolError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

const epochSeconds = (date: Date | undefined) => (date ? date.getTime() / 1000 : undefined);

// biome-ignore lint/suspicious/noExplicitAny: request bodies are untyped JSON.
type Body = Record<string, any>;

function requireString(body: Body, field: string): string {
  const value = body[field];
  if (typeof value !== 'string' || value.length === 0) {
    throw new ProtocolError(
      'ValidationException',
      `1 validation error detected: '${field}' must not be null`,
    );
  }
  return value;
}

const optionalString = (body: Body, field: string): string | undefined =>
  typeof body[field] === 'string' ? body[field] : undefined;

const json = (value: unknown) => (value === undefined ? undefined : JSON.stringify(value));

// The history event in AWS's shape: one `<kind>EventDetails` member per type.
function historyEvent(event: HistoryEvent, roleArn: string): Body {
  const out: Body = {
    timestamp: epochSeconds(event.timestamp),
    type: event.type,
    id: event.id,
    previousEventId: event.id - 1,
  };
  const type = event.type;
  if (type === 'ExecutionStarted') {
    out.executionStartedEventDetails = {
      input: json(event.input),
      inputDetails: { truncated: false },
      roleArn,
    };
  } else if (type === 'ExecutionSucceeded') {
    out.executionSucceededEventDetails = { output: json(event.output), outputDetails: { truncated: false } };
  } else if (type === 'ExecutionFailed') {
    out.executionFailedEventDetails = { error: event.error, cause: event.cause };
  } else if (type === 'ExecutionAborted') {
    out.executionAbortedEventDetails = {};
  } else if (type === 'ExecutionTimedOut') {
    out.executionTimedOutEventDetails = {};
  } else if (type.endsWith('StateEntered')) {
    out.stateEnteredEventDetails = {
      name: event.stateName,
      input: json(event.input),
      inputDetails: { truncated: false },
    };
  } else if (type.endsWith('StateExited')) {
    out.stateExitedEventDetails = {
      name: event.stateName,
      output: json(event.output),
      outputDetails: { truncated: false },
    };
  } else if (type === 'TaskFailed' || type === 'TaskTimedOut') {
    const details = { resourceType: 'lambda', resource: 'invoke', error: event.error, cause: event.cause };
    out[type === 'TaskFailed' ? 'taskFailedEventDetails' : 'taskTimedOutEventDetails'] = details;
  } else if (type.startsWith('MapIteration')) {
    const key = `mapIteration${type.slice('MapIteration'.length)}EventDetails`;
    out[key] = { name: event.stateName, index: event.index };
  }
  return out;
}

async function dispatch(host: LocalStepFunctions, operation: string, body: Body): Promise<Body> {
  switch (operation) {
    case 'StartExecution': {
      const started = await host.startExecution({
        stateMachineArn: requireString(body, 'stateMachineArn'),
        ...(optionalString(body, 'name') !== undefined ? { name: optionalString(body, 'name') } : {}),
        ...(optionalString(body, 'input') !== undefined ? { input: optionalString(body, 'input') } : {}),
      });
      return { executionArn: started.executionArn, startDate: epochSeconds(started.startDate) };
    }
    case 'DescribeExecution': {
      const execution = await host.describeExecution({ executionArn: requireString(body, 'executionArn') });
      return {
        ...execution,
        startDate: epochSeconds(execution.startDate),
        stopDate: epochSeconds(execution.stopDate),
        inputDetails: { included: true },
        ...(execution.output !== undefined ? { outputDetails: { included: true } } : {}),
        redriveCount: 0,
        redriveStatus: 'NOT_REDRIVABLE',
      };
    }
    case 'StopExecution': {
      const { stopDate } = await host.stopExecution({
        executionArn: requireString(body, 'executionArn'),
        ...(optionalString(body, 'error') !== undefined ? { error: optionalString(body, 'error') } : {}),
        ...(optionalString(body, 'cause') !== undefined ? { cause: optionalString(body, 'cause') } : {}),
      });
      return { stopDate: epochSeconds(stopDate) };
    }
    case 'SendTaskSuccess':
      await host.sendTaskSuccess({
        taskToken: requireString(body, 'taskToken'),
        output: requireString(body, 'output'),
      });
      return {};
    case 'SendTaskFailure':
      await host.sendTaskFailure({
        taskToken: requireString(body, 'taskToken'),
        ...(optionalString(body, 'error') !== undefined ? { error: optionalString(body, 'error') } : {}),
        ...(optionalString(body, 'cause') !== undefined ? { cause: optionalString(body, 'cause') } : {}),
      });
      return {};
    case 'SendTaskHeartbeat':
      await host.sendTaskHeartbeat({ taskToken: requireString(body, 'taskToken') });
      return {};
    case 'GetExecutionHistory': {
      const { events } = await host.getExecutionHistory({
        executionArn: requireString(body, 'executionArn'),
        reverseOrder: body.reverseOrder === true,
      });
      const roleArn = host.describeStateMachine().roleArn;
      const start = typeof body.nextToken === 'string' ? Number.parseInt(body.nextToken, 10) || 0 : 0;
      const size = typeof body.maxResults === 'number' && body.maxResults > 0 ? body.maxResults : 1000;
      const page = events.slice(start, start + size).map((event) => historyEvent(event, roleArn));
      return { events: page, ...(start + size < events.length ? { nextToken: String(start + size) } : {}) };
    }
    case 'ListExecutions': {
      const stateMachineArn = optionalString(body, 'stateMachineArn');
      if (stateMachineArn !== undefined && stateMachineArn !== host.stateMachineArn) {
        throw new ProtocolError(
          'StateMachineDoesNotExist',
          `State Machine Does Not Exist: '${stateMachineArn}'`,
        );
      }
      const listed = await host.listExecutions({
        ...(optionalString(body, 'statusFilter')
          ? { statusFilter: optionalString(body, 'statusFilter') }
          : {}),
        ...(typeof body.maxResults === 'number' ? { maxResults: body.maxResults } : {}),
        ...(optionalString(body, 'nextToken') ? { nextToken: optionalString(body, 'nextToken') } : {}),
      });
      return {
        executions: listed.executions.map((execution) => ({
          ...execution,
          startDate: epochSeconds(execution.startDate),
          stopDate: epochSeconds(execution.stopDate),
        })),
        ...(listed.nextToken ? { nextToken: listed.nextToken } : {}),
      };
    }
    case 'DescribeStateMachine': {
      const arn = requireString(body, 'stateMachineArn');
      if (arn !== host.stateMachineArn) {
        throw new ProtocolError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${arn}'`);
      }
      const description = host.describeStateMachine();
      return { ...description, creationDate: epochSeconds(description.creationDate) };
    }
    case 'ListStateMachines': {
      const description = host.describeStateMachine();
      return {
        stateMachines: [
          {
            stateMachineArn: description.stateMachineArn,
            name: description.name,
            type: description.type,
            creationDate: epochSeconds(description.creationDate),
          },
        ],
      };
    }
    default:
      throw new ProtocolError('UnknownOperationException', `Operation ${operation} is not supported locally`);
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': CONTENT_TYPE,
    'content-length': Buffer.byteLength(text),
    'x-amzn-requestid': randomUUID(),
  });
  res.end(text);
}

/**
 * A request handler for the Step Functions API, given the request's body.
 * Resolves `false` without touching the response when the request is not a
 * Step Functions call, so it can share a port with other routes.
 */
export function createSfnProtocolHandler(
  host: LocalStepFunctions,
): (req: IncomingMessage, res: ServerResponse, rawBody: Buffer) => Promise<boolean> {
  return async (req, res, rawBody) => {
    const target = req.headers['x-amz-target'];
    if (req.method !== 'POST' || typeof target !== 'string' || !target.startsWith(TARGET_PREFIX))
      return false;
    const operation = target.slice(TARGET_PREFIX.length);
    try {
      const text = rawBody.toString('utf8');
      let body: Body;
      try {
        body = text.trim() === '' ? {} : (JSON.parse(text) as Body);
      } catch {
        throw new ProtocolError('SerializationException', 'Request body is not valid JSON');
      }
      if (body === null || typeof body !== 'object' || Array.isArray(body)) {
        throw new ProtocolError('SerializationException', 'Request body must be a JSON object');
      }
      send(res, 200, await dispatch(host, operation, body));
    } catch (error) {
      if (error instanceof ProtocolError) {
        send(res, error.status, { __type: error.code, message: error.message });
      } else if (error instanceof SfnError) {
        // The host throws AWS error codes as the error name (ExecutionDoesNotExist, TaskTimedOut, ...).
        send(res, 400, { __type: error.name, message: error.message });
      } else {
        send(res, 500, { __type: 'InternalFailure', message: 'The local Step Functions endpoint failed' });
        console.error('[sfn-endpoint]', operation, error);
      }
    }
    return true;
  };
}

/** A standalone HTTP server for the Step Functions API (tests). Port 0 picks a free one. */
export async function createSfnProtocolServer(
  host: LocalStepFunctions,
  port = 0,
): Promise<{ server: Server; endpoint: string; port: number; close(): Promise<void> }> {
  const handle = createSfnProtocolHandler(host);
  const server = createServer((req, res) => {
    readLimitedBody(req, MAX_SFN_BODY_BYTES)
      .then((body) => handle(req, res, body))
      .then(
        (handled) => {
          if (!handled)
            send(res, 404, { __type: 'UnknownOperationException', message: 'Not a Step Functions request' });
        },
        (error: unknown) => {
          if (error instanceof BodyTooLargeError) {
            send(res, 413, { __type: 'ValidationException', message: 'Request body too large' });
            return;
          }
          console.error('[sfn-endpoint]', error);
          if (!res.headersSent) send(res, 500, { __type: 'InternalFailure', message: 'Internal failure' });
        },
      );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  return {
    server,
    endpoint: `http://127.0.0.1:${actualPort}`,
    port: actualPort,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
