import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { traced } from '../../observability/tracer.js';
import type { ActionResponse, ConcernInvoker } from '../../ports/actions.js';
import { functionNameEnv } from '../../config/function-names.js';

/**
 * Lambda Invoke (request/response) of a concern's function, by the name the stack gives it in
 * FUNCTION_NAME_<NAME>. A function error is a 502 answer naming the function (API Gateway would
 * answer the front's own failure with a bare 500).
 */
export class LambdaConcernInvoker implements ConcernInvoker {
  constructor(private readonly client = traced(new LambdaClient({}))) {}

  async invoke(functionName: string, request: unknown): Promise<ActionResponse> {
    const deployed = process.env[functionNameEnv(functionName)];
    if (!deployed) throw new Error(`environment variable ${functionNameEnv(functionName)} is not set`);
    const out = await this.client.send(new InvokeCommand({ FunctionName: deployed, Payload: new TextEncoder().encode(JSON.stringify(request)) }));
    const text = out.Payload ? new TextDecoder().decode(out.Payload) : 'null';
    const payload = JSON.parse(text) as unknown;
    if (out.FunctionError) {
      const e = payload as { errorType?: string; errorMessage?: string } | null;
      return { statusCode: 502, body: { error: { code: 'ConcernFailed', message: `${functionName} failed: ${e?.errorType ?? 'Error'}: ${e?.errorMessage ?? text}` } } };
    }
    return payload as ActionResponse;
  }
}
