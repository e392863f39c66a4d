// The Lambda-like runtime inside one function's process (run by the Node binary of the Lambda
// runtime the stack declares, on the function's bundle alone: no tsx, no project sources).
// Protocol over the IPC channel, JSON only:
//   child → parent  { type: 'init', ok, initMs, error? }            once, after importing the bundle
//   parent → child  { type: 'invoke', id, event, context, traceId }
//   child → parent  { type: 'result', id, ok, result?, error? }     error = { errorType, errorMessage }
import { pathToFileURL } from 'node:url';

const bundle = process.argv[2];
const send = (msg) => process.send?.(msg);

/** Errors as the Node.js Lambda runtime reports them. */
function toLambdaError(err, phase) {
  if (err && typeof err === 'object') {
    if (phase === 'init' && (err.code === 'ERR_MODULE_NOT_FOUND' || err.code === 'MODULE_NOT_FOUND')) {
      return { errorType: 'Runtime.ImportModuleError', errorMessage: `Error: ${err.message}` };
    }
    if (phase === 'init' && err instanceof SyntaxError) return { errorType: 'Runtime.UserCodeSyntaxError', errorMessage: `SyntaxError: ${err.message}` };
    return { errorType: typeof err.name === 'string' ? err.name : 'Error', errorMessage: String(err.message ?? err) };
  }
  return { errorType: 'Error', errorMessage: String(err) };
}

let handler;
const started = performance.now();
try {
  const mod = await import(pathToFileURL(bundle).href);
  handler = mod.handler;
  if (typeof handler !== 'function') {
    send({
      type: 'init',
      ok: false,
      initMs: performance.now() - started,
      error: { errorType: 'Runtime.HandlerNotFound', errorMessage: 'index.handler is undefined or not exported' },
    });
  } else {
    send({ type: 'init', ok: true, initMs: performance.now() - started });
  }
} catch (err) {
  send({ type: 'init', ok: false, initMs: performance.now() - started, error: toLambdaError(err, 'init') });
}

process.on('message', async (msg) => {
  if (msg?.type !== 'invoke') return;
  const { id, event, context: c, traceId } = msg;
  // Lambda sets the trace id per invocation; the SDK's recursion-detection middleware sends it as
  // X-Amzn-Trace-Id, which is how the twin's endpoints know which journey a call belongs to.
  if (traceId) process.env._X_AMZN_TRACE_ID = traceId;
  else delete process.env._X_AMZN_TRACE_ID;
  const context = {
    ...c,
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, c.deadlineMs - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
  try {
    const result = await handler(event, context);
    // Lambda serializes the result as JSON: what JSON cannot carry is lost (or fails) there too.
    const json = result === undefined ? null : JSON.parse(JSON.stringify(result));
    send({ type: 'result', id, ok: true, result: json });
  } catch (err) {
    send({ type: 'result', id, ok: false, error: toLambdaError(err, 'invoke') });
  }
});
