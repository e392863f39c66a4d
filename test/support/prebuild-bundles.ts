import { prebuildBundles } from '../../local/lambda/bundles-mode.js';

/** Vitest globalSetup of the bundles run: every function's bundle built (or found in .bundles/) once, before the workers start. */
export default async function setup(): Promise<void> {
  await prebuildBundles(undefined);
}
