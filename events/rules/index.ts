import { backboneRules } from './backbone.js';
import { mediaRules } from './media.js';
import { paymentRules } from './payments.js';
import { qualityRules } from './quality.js';
import { templateRules } from './templates.js';
import type { RuleDefinition } from './types.js';

export type { RuleDefinition, RuleTarget } from './types.js';

/** Every rule of the system. Each workflow contributes its own list from a file beside this one. */
export const rules: RuleDefinition[] = [...backboneRules, ...qualityRules, ...paymentRules, ...templateRules, ...mediaRules];
