/**
 * Basic structural checks of a Flow JSON before it goes to Meta (Meta runs the full validation and
 * returns its errors through CreateWhatsAppFlow/GetWhatsAppFlow). Shape from Meta's Flow JSON
 * reference: { version, screens: [{ id, title?, terminal?, data?, layout: { type, children } }],
 * routing_model?, data_api_version? }.
 */
export interface FlowJsonIssue {
  field: string;
  rule: string;
}

export const FLOW_JSON_MAX_BYTES = 10 * 1024 * 1024;

export interface FlowJsonSummary {
  issues: FlowJsonIssue[];
  screens: string[];
  /** The Flow talks to a business endpoint (data_api_version or a data_exchange action). */
  usesDataEndpoint: boolean;
  bytes: Uint8Array;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function checkFlowJson(input: unknown, field = 'flow_json'): FlowJsonSummary {
  const issues: FlowJsonIssue[] = [];
  let json: unknown = input;
  if (typeof input === 'string') {
    try {
      json = JSON.parse(input);
    } catch (err) {
      return { issues: [{ field, rule: `is not valid JSON: ${(err as Error).message}` }], screens: [], usesDataEndpoint: false, bytes: new Uint8Array() };
    }
  }
  const text = JSON.stringify(json);
  const bytes = new TextEncoder().encode(text ?? '');
  if (bytes.length > FLOW_JSON_MAX_BYTES) issues.push({ field, rule: `is ${bytes.length} bytes; Meta accepts at most 10 MB` });
  if (!isObject(json)) return { issues: [{ field, rule: 'must be a JSON object with "version" and "screens"' }], screens: [], usesDataEndpoint: false, bytes };

  if (typeof json.version !== 'string' || !/^\d+\.\d+$/.test(json.version)) {
    issues.push({ field: `${field}.version`, rule: 'must be a Flow JSON version string such as "7.1"' });
  }
  const screens = Array.isArray(json.screens) ? json.screens : undefined;
  if (!screens || screens.length === 0) issues.push({ field: `${field}.screens`, rule: 'must be a non-empty array of screens' });
  const ids: string[] = [];
  (screens ?? []).forEach((s, i) => {
    const at = `${field}.screens[${i}]`;
    if (!isObject(s)) return void issues.push({ field: at, rule: 'must be an object' });
    if (typeof s.id !== 'string' || !/^[A-Za-z_]+$/.test(s.id)) {
      issues.push({ field: `${at}.id`, rule: 'must be a string of letters and underscores' });
    } else if (s.id === 'SUCCESS') {
      issues.push({ field: `${at}.id`, rule: '"SUCCESS" is reserved by Meta' });
    } else if (ids.includes(s.id)) {
      issues.push({ field: `${at}.id`, rule: `duplicate screen id "${s.id}"` });
    } else ids.push(s.id);
    const layout = s.layout;
    if (!isObject(layout) || typeof layout.type !== 'string' || !Array.isArray(layout.children)) {
      issues.push({ field: `${at}.layout`, rule: 'must be { "type": "SingleColumnLayout", "children": [...] }' });
    }
  });
  if (screens && screens.length > 0 && !screens.some((s) => isObject(s) && s.terminal === true)) {
    issues.push({ field: `${field}.screens`, rule: 'at least one screen must be terminal ("terminal": true)' });
  }
  if (json.routing_model !== undefined) {
    if (!isObject(json.routing_model)) issues.push({ field: `${field}.routing_model`, rule: 'must be an object of screen id → next screen ids' });
    else {
      for (const [from, to] of Object.entries(json.routing_model)) {
        if (!ids.includes(from)) issues.push({ field: `${field}.routing_model.${from}`, rule: `names no screen of this Flow` });
        if (!Array.isArray(to)) issues.push({ field: `${field}.routing_model.${from}`, rule: 'must be an array of screen ids' });
        else
          to.filter((t) => typeof t !== 'string' || !ids.includes(t)).forEach((t) =>
            issues.push({ field: `${field}.routing_model.${from}`, rule: `names unknown screen ${JSON.stringify(t)}` }),
          );
      }
    }
  }
  const usesDataEndpoint = json.data_api_version !== undefined || text.includes('"data_exchange"');
  return { issues, screens: ids, usesDataEndpoint, bytes };
}
