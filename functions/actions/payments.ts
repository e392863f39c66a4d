import type { ActionDefinition } from './types.js';

/** Actions of this concern; see DESIGN.md "Actions". */
export const paymentsActions: ActionDefinition[] = [];
