/** The answer of an action: an HTTP-like status and a JSON body (never a thrown error). */
export interface ActionResponse {
  statusCode: number;
  body: unknown;
}

/** Invokes one concern's function with the action request (a Lambda invoke on AWS). */
export interface ConcernInvoker {
  invoke(functionName: string, request: unknown): Promise<ActionResponse>;
}
