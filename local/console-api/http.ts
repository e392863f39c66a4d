import type http from 'node:http';
import type { z } from 'zod';
import { AwsError } from '../aws-endpoints/json-protocol.js';

/** A console API error: `{ error, message, field? }` with a 4xx, as the contract says. */
export class ApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

export function sendJson(res: http.ServerResponse, statusCode: number, body: unknown): void {
  const text = JSON.stringify(body ?? {});
  res.writeHead(statusCode, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), 'cache-control': 'no-store' });
  res.end(text);
}

export function sendError(res: http.ServerResponse, err: ApiError): void {
  sendJson(res, err.statusCode, { error: err.code, message: err.message, ...(err.field ? { field: err.field } : {}) });
}

/** Parses the body (empty = `{}`) and checks it against `schema`; the first issue names the field and the rule. */
export function parseBody<T extends z.ZodType>(raw: Buffer, schema: T): z.infer<T> {
  let value: unknown = {};
  if (raw.length) {
    try {
      value = JSON.parse(raw.toString('utf8'));
    } catch {
      throw new ApiError(400, 'ValidationError', 'body: must be JSON');
    }
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path.map(String).join('.') || 'body';
    throw new ApiError(400, 'ValidationError', `${field}: ${issue.message}`, field);
  }
  return parsed.data;
}

const AWS_STATUS: Record<string, number> = {
  ExecutionDoesNotExist: 404,
  StateMachineDoesNotExist: 404,
  ExecutionNotRedrivable: 409,
  ExecutionAlreadyExists: 409,
  ExecutionLimitExceeded: 429,
};
const AWS_FIELD: Record<string, string> = { InvalidArn: 'executionArn', InvalidName: 'name', InvalidExecutionInput: 'input' };

/** An engine error (AWS's names) as a console API error. */
export function fromAwsError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  if (err instanceof AwsError) {
    const field = AWS_FIELD[err.type] ?? /'([A-Za-z]+)'/.exec(err.message)?.[1];
    return new ApiError(AWS_STATUS[err.type] ?? 400, err.type, err.message, err.type === 'ValidationException' ? field : AWS_FIELD[err.type]);
  }
  throw err;
}

/** A path segment, decoded; malformed percent-encoding is the caller's error (400), not ours. */
export function decodeSegment(value: string, field: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    throw new ApiError(400, 'ValidationError', `${field}: malformed percent-encoding in the path`, field);
  }
}
