import type { BuildOptions } from 'esbuild';

/**
 * How every Lambda is bundled: one definition for the CDK stack (NodejsFunction), the twin's
 * bundles mode (local/lambda/) and the bench (bundle sizes, cold init), so what is run and measured
 * is what is deployed.
 *
 * The AWS SDK is bundled, not left to the runtime's copy (AWS's advice for a pinned, tested SDK):
 * the runtime's SDK can predate a command the code imports (`GetWhatsAppFlowCommand` is missing from
 * `@aws-sdk/client-socialmessaging` 3.999.0), and then the whole module fails to load.
 */
export const LAMBDA_NODE_TARGET = 'node22';
/** The Lambda runtime the stack declares; its Node major picks the binary the twin runs bundles on. */
export const LAMBDA_RUNTIME_NAME = 'nodejs22.x';
export const LAMBDA_NODE_MAJOR = Number(/^nodejs(\d+)\.x$/.exec(LAMBDA_RUNTIME_NAME)![1]);
/** Nothing external: every import, `@aws-sdk/*` included, is resolved at build time. */
export const LAMBDA_EXTERNALS: string[] = [];
/** ESM bundles still meet CommonJS dependencies that call `require`: give them one. */
export const ESM_REQUIRE_BANNER = "import { createRequire as __eumCreateRequire } from 'node:module'; const require = __eumCreateRequire(import.meta.url);";

/**
 * Packages replaced by a stub in the bundles. `mime-db` (134 KB) reaches the Razorpay functions
 * through razorpay → axios → form-data → mime-types, where it only names the type of uploaded
 * files; every call this project makes to Razorpay is JSON, so an empty table is enough (form-data
 * falls back to application/octet-stream). `semver` (29 KB, in every function since Tracer) is
 * required by aws-xray-sdk-core's AWS SDK v2 patcher and called only by its captureAWS, which this
 * project never calls (SDK v3: captureAWSv3Client); the stub throws if anything does.
 * test/infra/bundle-stubs.test.ts checks that each stub is reached only from these importers.
 */
export const LAMBDA_ALIASES: Record<string, string> = { 'mime-db': './infra/stubs/mime-db.json', semver: './infra/stubs/semver.cjs' };

export const lambdaEsbuildOptions: BuildOptions = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: LAMBDA_NODE_TARGET,
  minify: true,
  sourcemap: true,
  mainFields: ['module', 'main'],
  external: LAMBDA_EXTERNALS,
  banner: { js: ESM_REQUIRE_BANNER },
  alias: LAMBDA_ALIASES,
  logLevel: 'warning',
};

/** The same options in the shape of CDK's NodejsFunction `bundling` (kept structural: no aws-cdk-lib import here). */
export function nodejsFunctionBundling() {
  return {
    target: LAMBDA_NODE_TARGET,
    minify: lambdaEsbuildOptions.minify,
    sourceMap: lambdaEsbuildOptions.sourcemap === true,
    mainFields: lambdaEsbuildOptions.mainFields,
    externalModules: LAMBDA_EXTERNALS,
    banner: ESM_REQUIRE_BANNER,
    // esbuild resolves an alias path from the working directory: the project root for CDK's local bundling.
    esbuildArgs: Object.fromEntries(Object.entries(LAMBDA_ALIASES).map(([pkg, path]) => [`--alias:${pkg}`, path])),
  };
}
