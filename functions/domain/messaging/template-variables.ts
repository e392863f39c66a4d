/**
 * Checks template send parameters against the variables of the stored template definition
 * (Meta's template JSON: components[] with `type` BODY/HEADER and `text` holding {{1}} or {{name}}).
 */
export interface TemplateDefinitionLike {
  parameter_format?: string;
  components?: { type?: string; format?: string; text?: string }[];
}

export interface VariableProblem {
  field: string;
  rule: string;
}

export function templateVariables(text: string | undefined): string[] {
  if (!text) return [];
  const seen = new Set<string>();
  for (const m of text.matchAll(/\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g)) seen.add(m[1]!);
  return [...seen];
}

type Params = string[] | Record<string, string> | undefined;

function compare(field: string, expected: string[], given: Params, problems: VariableProblem[]): void {
  const count = Array.isArray(given) ? given.length : given ? Object.keys(given).length : 0;
  if (expected.length === 0) {
    if (count > 0) problems.push({ field, rule: `the template has no variables here; got ${count} value(s)` });
    return;
  }
  const positional = expected.every((v) => /^[0-9]+$/.test(v));
  if (positional) {
    if (!Array.isArray(given)) {
      problems.push({ field, rule: `needs a list of ${expected.length} value(s) for ${expected.map((v) => `{{${v}}}`).join(', ')}` });
    } else if (given.length !== expected.length) {
      problems.push({ field, rule: `the template has ${expected.length} variable(s) (${expected.map((v) => `{{${v}}}`).join(', ')}); got ${given.length}` });
    }
    return;
  }
  if (!given || Array.isArray(given)) {
    problems.push({ field, rule: `needs named values for ${expected.map((v) => `{{${v}}}`).join(', ')}` });
    return;
  }
  const missing = expected.filter((v) => !(v in given));
  const unknown = Object.keys(given).filter((k) => !expected.includes(k));
  if (missing.length) problems.push({ field, rule: `missing value(s) for ${missing.map((v) => `{{${v}}}`).join(', ')}` });
  if (unknown.length) problems.push({ field, rule: `the template has no variable(s) ${unknown.join(', ')}` });
}

export function checkTemplateParameters(def: TemplateDefinitionLike, given: { parameters?: Params; header_parameters?: Params }): VariableProblem[] {
  const problems: VariableProblem[] = [];
  const find = (type: string) => def.components?.find((c) => c.type?.toUpperCase() === type);
  const header = find('HEADER');
  compare('parameters', templateVariables(find('BODY')?.text), given.parameters, problems);
  compare('header_parameters', header && (header.format ?? 'TEXT').toUpperCase() === 'TEXT' ? templateVariables(header.text) : [], given.header_parameters, problems);
  return problems;
}
