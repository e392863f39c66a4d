/**
 * Dotted keys, as EventBridge reads them: it flattens an event and a pattern into dotted paths before
 * matching (event-ruler), so a key containing dots names the same path as the nested objects it
 * spells — `{"detail": {"a.b": [1]}}` matches `{"detail": {"a": {"b": 1}}}`, and `{"detail": {"a":
 * {"b": [1]}}}` matches `{"detail": {"a.b": 1}}`. The matcher works on nested objects; these two
 * functions bring both sides to that form.
 */
type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const splitPath = (key: string): string[] | undefined => {
  const parts = key.split('.');
  return parts.length > 1 && parts.every((p) => p.length > 0) ? parts : undefined;
};

/**
 * A pattern with every dotted field key rewritten as nested objects (inside `$or` branches too),
 * merged with the nested fields beside it. A path given twice as a leaf (`"a.b": […]` and
 * `"a": {"b": […]}`) is a problem: EventBridge would see one field with two value lists.
 */
export function expandDottedPatternKeys(pattern: unknown): { pattern: unknown; problems: string[] } {
  const problems: string[] = [];
  const expand = (node: unknown, path: string): unknown => {
    if (!isObject(node)) return node;
    const out: Json = {};
    for (const [key, value] of Object.entries(node)) {
      if (key === '$or') {
        out[key] = Array.isArray(value) ? value.map((alt, i) => expand(alt, `${path ? `${path}.` : ''}$or[${i}]`)) : value;
        continue;
      }
      const parts = splitPath(key) ?? [key];
      const at = path ? `${path}.${key}` : key;
      const leafValue = Array.isArray(value) ? value : expand(value, at);
      let target = out;
      parts.slice(0, -1).forEach((p) => {
        if (!isObject(target[p])) {
          if (target[p] !== undefined) problems.push(`${at}: the path is given both as a value list and as an object`);
          target[p] = {};
        }
        target = target[p] as Json;
      });
      const last = parts.at(-1)!;
      if (target[last] === undefined) target[last] = leafValue;
      else if (isObject(target[last]) && isObject(leafValue)) target[last] = merge(target[last] as Json, leafValue, at, problems);
      else problems.push(`${at}: the same field path is given twice (dotted and nested)`);
    }
    return out;
  };
  return { pattern: expand(pattern, ''), problems };
}

function merge(a: Json, b: Json, path: string, problems: string[]): Json {
  const out: Json = { ...a };
  for (const [k, v] of Object.entries(b)) {
    if (out[k] === undefined) out[k] = v;
    else if (isObject(out[k]) && isObject(v)) out[k] = merge(out[k] as Json, v, `${path}.${k}`, problems);
    else problems.push(`${path}.${k}: the same field path is given twice (dotted and nested)`);
  }
  return out;
}

/**
 * The value an object-valued pattern field is matched against: the event's nested object under `key`,
 * with the event's dotted keys `key.rest` added as `rest` (deeper dots are resolved at the next level).
 * Undefined when neither exists. Arrays are returned as they are (matched element by element).
 */
export function nestedValue(obj: Json | undefined, key: string): unknown {
  if (!obj) return undefined;
  const own = Object.hasOwn(obj, key) ? obj[key] : undefined;
  const prefix = `${key}.`;
  let dotted: Json | undefined;
  for (const k of Object.keys(obj)) {
    if (k.length > prefix.length && k.startsWith(prefix)) (dotted ??= {})[k.slice(prefix.length)] = obj[k];
  }
  if (!dotted) return own;
  if (own === undefined || isObject(own)) return { ...(own as Json | undefined), ...dotted };
  return Array.isArray(own) ? [...own, dotted] : dotted;
}
