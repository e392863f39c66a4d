import { ActionError } from './types.js';

/** The running function's default WhatsApp Business Account (EUM's linked account id, env EUM_WABA_ID). */
export const envWabaId = (): string | undefined => process.env.EUM_WABA_ID || undefined;

/** The WABA an action works on: the request's `waba_id`, else the function's default; a 400 naming the field without either. */
export function resolveWaba(given: string | undefined, defaultWabaId: () => string | undefined = envWabaId): string {
  const id = given ?? defaultWabaId();
  if (!id) throw new ActionError('waba_id: required (or set EUM_WABA_ID for the actions function)', 400, 'ValidationError', { issues: [{ field: 'waba_id', rule: 'required' }] });
  return id;
}
