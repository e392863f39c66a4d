import type { BuildOptions } from 'esbuild';

/**
 * How every Lambda is bundled: one definition for the CDK stack (NodejsFunction) and the bench
 * (bundle sizes, cold init), so what is measured is what is deployed.
 * The Node.js 22 Lambda runtime ships AWS SDK v3, so `@aws-sdk/*` stays external.
 */
export const LAMBDA_NODE_TARGET = 'node22';
export const LAMBDA_EXTERNALS = ['@aws-sdk/*'];
/** ESM bundles still meet CommonJS dependencies that call `require`: give them one. */
export const ESM_REQUIRE_BANNER =
  "import { createRequire as __eumCreateRequire } from 'node:module'; const require = __eumCreateRequire(import.meta.url);";

/**
 * Packages replaced by a stub in the bundles. `mime-db` (134 KB) reaches the Razorpay functions
 * through razorpay → axios → form-data → mime-types, where it only names the type of uploaded
 * files; every call this project makes to Razorpay is JSON, so an empty table is enough (form-data
 * falls back to application/octet-stream).
 */
export const LAMBDA_ALIASES: Record<string, string> = { 'mime-db': './infra/stubs/mime-db.json' };

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
