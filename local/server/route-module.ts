import type http from 'node:http';

/** One request as a route module (the console's) sees it: the body is already read and size-checked. */
export interface ModuleRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  rawBody: Buffer;
  req: http.IncomingMessage;
  res: http.ServerResponse;
  /** A long-lived response (the event stream) stops counting as work in flight, so `idle()` and shutdown do not wait for it. */
  detach: () => void;
}

/** Answers the request and resolves true, or resolves false to let the next module / the core routes try. */
export type RouteModule = (request: ModuleRequest) => Promise<boolean>;

export async function runModules(modules: readonly RouteModule[], request: ModuleRequest): Promise<boolean> {
  for (const m of modules) if (await m(request)) return true;
  return false;
}
