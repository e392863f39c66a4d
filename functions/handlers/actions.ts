import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from 'aws-lambda';
import { LambdaConcernInvoker } from '../adapters/lambda/concern-invoker.js';
import { routeAction } from '../actions/front.js';
import { instrumented } from '../observability/index.js';

/**
 * The action registry's front as a Lambda: invoked directly with an action object, or behind the
 * IAM-authorized HTTP API (`POST /actions`) with it as the body. It routes each action to its
 * concern's function (functions/actions/routes.ts), which validates and runs it.
 */
let invoker: LambdaConcernInvoker | undefined;

export const handler = instrumented('actions', async (event: APIGatewayProxyEventV2 | Record<string, unknown>): Promise<unknown> => {
  invoker ??= new LambdaConcernInvoker();
  if (isHttp(event)) {
    let body: unknown;
    try {
      const raw = event.isBase64Encoded ? Buffer.from(event.body ?? '', 'base64').toString('utf8') : (event.body ?? '');
      body = JSON.parse(raw);
    } catch {
      return http(400, { error: { code: 'ValidationError', message: 'body must be a JSON object with an "action" field' } });
    }
    const res = await routeAction(body, invoker);
    return http(res.statusCode, res.body);
  }
  const res = await routeAction(event, invoker);
  return res.statusCode === 200 ? res.body : { statusCode: res.statusCode, ...(res.body as object) };
});

function isHttp(e: unknown): e is APIGatewayProxyEventV2 {
  return typeof e === 'object' && e !== null && 'requestContext' in e && 'rawPath' in e;
}

function http(statusCode: number, body: unknown): APIGatewayProxyResultV2 {
  return { statusCode, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}
