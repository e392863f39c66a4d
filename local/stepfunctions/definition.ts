/** Preparing an ASL definition for the engine (in memory; the file stays as it is). */

/**
 * The library has no `$$.State.Name`; a state's name is static, so each reference becomes the
 * literal name of the state it appears in (in a copy of the definition: the file is unchanged).
 */
export function withStateNames(definition: unknown): unknown {
  const def = structuredClone(definition) as any;
  const rewrite = (value: unknown, stateName: string): unknown => {
    if (Array.isArray(value)) return value.map((v) => rewrite(v, stateName));
    if (!value || typeof value !== 'object') return value;
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
      if (key.endsWith('.$') && typeof v === 'string' && v.includes('$$.State.Name')) {
        if (v.trim() === '$$.State.Name') out[key.slice(0, -2)] = stateName;
        else out[key] = v.split('$$.State.Name').join(`'${stateName.replace(/[\\'{}]/g, (c) => `\\${c}`)}'`);
      } else out[key] = rewrite(v, stateName);
    }
    return out;
  };
  const walk = (machine: any) => {
    for (const [name, state] of Object.entries<any>(machine?.States ?? {})) {
      for (const field of ['Parameters', 'ResultSelector', 'ItemSelector', 'Arguments']) {
        if (state[field] !== undefined) state[field] = rewrite(state[field], name);
      }
      for (const branch of state.Branches ?? []) walk(branch);
      if (state.Iterator) walk(state.Iterator);
      if (state.ItemProcessor) walk(state.ItemProcessor);
    }
  };
  walk(def);
  return def;
}

export function indexStates(def: any, into: Map<string, any>): void {
  for (const [name, state] of Object.entries<any>(def?.States ?? {})) {
    into.set(name, state);
    for (const branch of state.Branches ?? []) indexStates(branch, into);
    if (state.Iterator) indexStates(state.Iterator, into);
    if (state.ItemProcessor) indexStates(state.ItemProcessor, into);
  }
}

/** Where the rewritten definition carries a Task's path-given timeout through its Parameters. */
export const LOCAL_TIMEOUT_FIELD = '__localTimeoutSeconds';

/**
 * Step Functions resolves a Task's `TimeoutSecondsPath` against the state's input; the library
 * resolves it against the input *after* `Parameters` (where a lambda:invoke only has FunctionName
 * and Payload). So the copy the engine runs carries the value through Parameters under
 * LOCAL_TIMEOUT_FIELD, and the engine drops that field before the task sees its input.
 */
export function withInputTimeoutPaths(definition: unknown): unknown {
  const def = structuredClone(definition) as any;
  const walk = (machine: any) => {
    for (const state of Object.values<any>(machine?.States ?? {})) {
      if (state.Type === 'Task' && typeof state.TimeoutSecondsPath === 'string' && state.Parameters && typeof state.Parameters === 'object') {
        state.Parameters[`${LOCAL_TIMEOUT_FIELD}.$`] = state.TimeoutSecondsPath;
        state.TimeoutSecondsPath = `$.${LOCAL_TIMEOUT_FIELD}`;
      }
      for (const branch of state.Branches ?? []) walk(branch);
      if (state.Iterator) walk(state.Iterator);
      if (state.ItemProcessor) walk(state.ItemProcessor);
    }
  };
  walk(def);
  return def;
}
