import type { z } from 'zod';

export interface FieldIssue {
  /** Dotted path of the offending field, e.g. `components[1].buttons[0].text`. */
  field: string;
  rule: string;
}

export function fieldIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.map((issue) => ({ field: formatPath(issue.path) || '(root)', rule: issue.message }));
}

/** One line naming each field and the rule it broke. */
export function describeZodError(error: z.ZodError): string {
  return fieldIssues(error)
    .map((i) => `${i.field}: ${i.rule}`)
    .join('; ');
}

function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((acc, part) => {
    if (typeof part === 'number') return `${acc}[${part}]`;
    return acc ? `${acc}.${String(part)}` : String(part);
  }, '');
}
