import * as z from 'zod';

/** One action of the registry as the console's Actions view draws its form (`GET /console/api/actions`). */
export interface ActionForm {
  name: string;
  status: string;
  summary: string;
  needs: string[];
  runbook: string[];
  schema: unknown;
}

let cache: Promise<ActionForm[]> | undefined;

/**
 * The action registry with each input as JSON Schema (`z.toJSONSchema`, input side). Loaded on first
 * use (the registry imports every action); the same list for the twin and the deployed-stack console,
 * whose forms describe what the deployed actions API checks.
 */
export function actionForms(): Promise<ActionForm[]> {
  cache ??= import('../../functions/actions/registry.js').then(({ actions }) =>
    actions.map((a) => {
      let schema: unknown;
      try {
        schema = z.toJSONSchema(a.input, { io: 'input', unrepresentable: 'any' });
      } catch (err) {
        schema = { description: `schema not representable: ${(err as Error).message}` };
      }
      return { name: a.name, status: a.status, summary: a.summary, needs: a.needs, runbook: a.runbook ?? [], schema };
    }),
  );
  return cache;
}
