/**
 * Imports a module on first use, once. The SDK clients that only some handlers call (Secrets
 * Manager, Step Functions, EventBridge) are loaded this way, so the others do not pay their import
 * at cold start just because the shared wiring knows about them. The module loaded is a local one
 * re-exporting the client and commands used (sfn-commands.ts, …): esbuild keeps every export of a
 * dynamic import()'s target, so importing the package itself would bundle all its commands.
 */
export function loadOnce<T>(load: () => Promise<T>): () => Promise<T> {
  let loaded: Promise<T> | undefined;
  return () =>
    (loaded ??= load().catch((err) => {
      loaded = undefined; // a failed import may succeed on the next call
      throw err;
    }));
}
