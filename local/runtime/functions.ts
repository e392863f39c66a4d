import type { FunctionSpec } from '../../infra/function-catalog.js';
import { LambdaInvoker, type FunctionInvoker } from '../bus/lambda-invoker.js';
import { createBundleInvoker, prebuildBundles, type LocalDeployment } from '../lambda/bundles-mode.js';
import type { MetricsBoard } from '../metrics/emf.js';

type BundleInvoker = ReturnType<typeof createBundleInvoker>;

/** How the functions run: imported into this process, or (bundles mode) each from its deployed bundle in its own process. */
export interface LocalFunctions {
  lambdas: FunctionInvoker;
  /** Bundles mode only. */
  bundleInvoker: BundleInvoker | undefined;
  /** Bundles mode: what a bundle's environment is built from, known once the endpoints are (see environment.ts). */
  deploy(deployment: LocalDeployment): void;
}

export async function startFunctions(opts: {
  bundles: boolean;
  catalog: FunctionSpec[];
  handlersDir: string | string[] | undefined;
  log: (msg: string) => void;
  quiet: boolean;
  /** Where the bundles' EMF lines go (GET /metrics). */
  metrics: MetricsBoard;
}): Promise<LocalFunctions> {
  let deployment: LocalDeployment | undefined;
  const bundleInvoker = opts.bundles
    ? createBundleInvoker({
        catalog: opts.catalog,
        handlersDir: opts.handlersDir,
        deployment: () => deployment!,
        log: opts.log,
        quiet: opts.quiet,
        metricsLine: (l) => opts.metrics.take(l),
      })
    : undefined;
  if (opts.bundles) await prebuildBundles(opts.handlersDir);
  return {
    lambdas: bundleInvoker ?? new LambdaInvoker(opts.handlersDir),
    bundleInvoker,
    deploy: (d) => {
      deployment = d;
    },
  };
}

/**
 * The in-process entry points of the functions. Imported only once the environment is set, so
 * every SDK client the handler code builds sees the local endpoints; the live wiring is reset
 * so a second runtime in the same process builds its own.
 */
export async function importHandlerCode() {
  const wiring = await import('../../functions/wiring/shared.js');
  const { resetLiveWiring } = await import('../../functions/wiring/reset.js');
  resetLiveWiring();
  const { ingestEumHttp } = await import('../../functions/ingest/eum-ingest.js');
  const { ingestRazorpayWebhook } = await import('../../functions/ingest/razorpay-ingest.js');
  const { dispatchAction } = await import('../../functions/actions/registry.js');
  const { asFunction } = await import('../../functions/observability/instrumented.js');
  // Every concern function's own wiring at once (functions/handlers/actions-*.ts), for the in-process registry.
  const { inProcessActionContext } = await import('../../functions/actions/in-process.js');
  return { wiring, resetLiveWiring, ingestEumHttp, ingestRazorpayWebhook, dispatchAction, asFunction, inProcessActionContext };
}
export type HandlerCode = Awaited<ReturnType<typeof importHandlerCode>>;
