import { functionNameOf, FunctionNotFoundError, LambdaFunctionError, type FunctionInvoker } from '../bus/lambda-invoker.js';
import type { JsonReply } from '../server/http-server.js';

/**
 * Lambda's Invoke API (RequestResponse) over the twin's functions: 200 with the result, or 200 with
 * `X-Amz-Function-Error: Unhandled` and `{ errorType, errorMessage }` when the function failed;
 * 404 ResourceNotFoundException for an unknown function, as the Lambda service answers.
 */
export async function invokeFunction(lambdas: FunctionInvoker, nameOrArn: string, rawPayload: string): Promise<JsonReply> {
  const name = functionNameOf(nameOrArn);
  let payload: unknown;
  try {
    payload = rawPayload ? JSON.parse(rawPayload) : {};
  } catch {
    return { statusCode: 400, body: { Type: 'User', message: 'Could not parse request body into json' }, headers: { 'x-amzn-errortype': 'InvalidRequestContentException' } };
  }
  if (!lambdas.exists(name)) {
    return { statusCode: 404, body: { Type: 'User', Message: `Function not found: ${nameOrArn}` }, headers: { 'x-amzn-errortype': 'ResourceNotFoundException' } };
  }
  try {
    return { statusCode: 200, body: await lambdas.invoke(name, payload), headers: { 'x-amz-executed-version': '$LATEST' } };
  } catch (err) {
    if (err instanceof LambdaFunctionError)
      return {
        statusCode: 200,
        body: { errorType: err.errorType, errorMessage: err.errorMessage },
        headers: { 'x-amz-function-error': 'Unhandled', 'x-amz-executed-version': '$LATEST' },
      };
    if (err instanceof FunctionNotFoundError)
      return { statusCode: 404, body: { Type: 'User', Message: err.message }, headers: { 'x-amzn-errortype': 'ResourceNotFoundException' } };
    throw err;
  }
}
