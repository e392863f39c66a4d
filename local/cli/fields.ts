import * as z from 'zod';
import type { ActionDefinition } from '../../functions/actions/types.js';

/** One input field of an action, as the CLI presents it (`--kebab-name`). */
export interface FieldInfo {
  name: string;
  flag: string;
  kind: 'string' | 'number' | 'boolean' | 'array' | 'object' | 'json';
  required: boolean;
  description?: string;
}

type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  description?: string;
  const?: unknown;
  enum?: unknown[];
};

export const toFlag = (name: string) =>
  `--${name
    .replace(/_/g, '-')
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .toLowerCase()}`;

function kindOf(s: JsonSchema): FieldInfo['kind'] {
  const variants = s.anyOf ?? s.oneOf;
  if (variants) {
    const kinds = new Set(variants.map(kindOf));
    return kinds.size === 1 ? [...kinds][0]! : 'json';
  }
  const t = Array.isArray(s.type) ? s.type.find((x) => x !== 'null') : s.type;
  if (t === 'integer' || t === 'number') return 'number';
  if (t === 'boolean' || t === 'string' || t === 'array' || t === 'object') return t;
  return s.const !== undefined || s.enum ? 'string' : 'json';
}

/** The fields of an action's input schema (all variants of a union merged), without `action`. */
export function actionFields(action: ActionDefinition): FieldInfo[] {
  let schema: JsonSchema;
  try {
    schema = z.toJSONSchema(action.input, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  } catch {
    return [];
  }
  const objects = (s: JsonSchema): JsonSchema[] => (s.properties ? [s] : [...(s.anyOf ?? []), ...(s.oneOf ?? []), ...(s.allOf ?? [])].flatMap(objects));
  const variants = objects(schema);
  const fields = new Map<string, FieldInfo>();
  for (const v of variants) {
    for (const [name, prop] of Object.entries(v.properties ?? {})) {
      if (name === 'action') continue;
      const requiredEverywhere = variants.every((o) => !o.properties?.[name] || o.required?.includes(name));
      const known = fields.get(name);
      const description = prop.description ?? (prop.enum ? `one of ${prop.enum.join(', ')}` : prop.const !== undefined ? String(prop.const) : undefined);
      if (known) {
        if (prop.const !== undefined) known.description = [known.description, String(prop.const)].join(' | ');
        continue;
      }
      fields.set(name, { name, flag: toFlag(name), kind: kindOf(prop), required: requiredEverywhere && (v.required?.includes(name) ?? false), description });
    }
  }
  return [...fields.values()];
}
