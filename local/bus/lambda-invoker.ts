import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { withPrincipal } from '../iam/principals.js';
import { PROJECT_ROOT } from '../server/paths.js';
import { assertLambdaRequestSize, lambdaResponseTooLarge } from './limits.js';

export const DEFAULT_HANDLERS_DIR = join(PROJECT_ROOT, 'functions', 'handlers');

type Handler = (event: unknown, context: unknown) => Promise<unknown> | unknown;

/** An error a Lambda function returned: `errorType` becomes the error name, as Step Functions sees it. */
export class LambdaFunctionError extends Error {
  constructor(
    readonly errorType: string,
    readonly errorMessage: string,
  ) {
    super(JSON.stringify({ errorType, errorMessage }));
    this.name = errorType;
  }
}

export class FunctionNotFoundError extends Error {
  override readonly name = 'Lambda.ResourceNotFoundException';
}

/** What the bus, the scheduler and the Step Functions engine call a function through. */
export interface FunctionInvoker {
  invoke(name: string, event: unknown): Promise<unknown>;
  exists(name: string): boolean;
}

/**
 * Runs `functions/handlers/<name>.ts`'s exported `handler` as Lambda would: JSON in, JSON out,
 * a context object, thrown errors turned into `{ errorType, errorMessage }`.
 */
export class LambdaInvoker implements FunctionInvoker {
  private readonly modules = new Map<string, Promise<Handler>>();

  private readonly dirs: string[];

  /** `dirs`: handler folders searched in order (tests put a fixture folder before the project's). */
  constructor(dirs: string | string[] = DEFAULT_HANDLERS_DIR) {
    this.dirs = Array.isArray(dirs) ? dirs : [dirs];
  }

  private fileOf(name: string): string | undefined {
    return this.dirs.map((d) => join(d, `${name}.ts`)).find((f) => existsSync(f));
  }

  exists(name: string): boolean {
    return this.fileOf(name) !== undefined;
  }

  async invoke(name: string, event: unknown): Promise<unknown> {
    const handler = await this.load(name);
    const payload = JSON.stringify(event ?? null);
    assertLambdaRequestSize(payload); // 6 MB: refused before the function runs
    const requestId = randomUUID();
    const started = Date.now();
    const context = {
      functionName: name,
      functionVersion: '$LATEST',
      invokedFunctionArn: functionArn(name),
      memoryLimitInMB: '256',
      awsRequestId: requestId,
      logGroupName: `/aws/lambda/${name}`,
      logStreamName: `local/${requestId}`,
      callbackWaitsForEmptyEventLoop: true,
      getRemainingTimeInMillis: () => Math.max(0, 900_000 - (Date.now() - started)),
      done: () => undefined,
      fail: () => undefined,
      succeed: () => undefined,
    };
    let result: unknown;
    try {
      // The handler's AWS calls are its function's (local/iam checks them against that function's grants).
      result = await withPrincipal(name, () => handler(JSON.parse(payload), context));
    } catch (err) {
      const e = err as { name?: string; message?: string };
      throw new LambdaFunctionError(e?.name ?? 'Error', e?.message ?? String(err));
    }
    if (result === undefined) return null;
    const out = JSON.stringify(result);
    const tooLarge = lambdaResponseTooLarge(out);
    if (tooLarge) throw new LambdaFunctionError(tooLarge.errorType, tooLarge.errorMessage);
    return JSON.parse(out);
  }

  private load(name: string): Promise<Handler> {
    let loading = this.modules.get(name);
    if (!loading) {
      loading = (async () => {
        const file = /^[a-z0-9][a-z0-9-]*$/.test(name) ? this.fileOf(name) : undefined;
        if (!file) throw new FunctionNotFoundError(`Function not found: ${functionArn(name)} (no functions/handlers/${name}.ts)`);
        const mod = (await import(pathToFileURL(file).href)) as { handler?: Handler };
        if (typeof mod.handler !== 'function') throw new FunctionNotFoundError(`functions/handlers/${name}.ts exports no handler`);
        return mod.handler;
      })();
      this.modules.set(name, loading);
      loading.catch(() => this.modules.delete(name));
    }
    return loading;
  }
}

export const functionArn = (name: string): string => `arn:aws:lambda:local:000000000000:function:${name}`;

/** `arn:aws:lambda:…:function:name[:qualifier]` or a bare name → handler name. */
export function functionNameOf(nameOrArn: string): string {
  const m = /^arn:aws:lambda:[^:]*:[^:]*:function:([^:]+)/.exec(nameOrArn);
  return m ? m[1]! : nameOrArn;
}
