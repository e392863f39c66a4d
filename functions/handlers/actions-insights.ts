import { analyticsActions } from '../actions/analytics.js';
import { concernHandler } from '../actions/concern-handler.js';
import { qualityActions } from '../actions/quality.js';
import { instrumented } from '../observability/index.js';

/** Actions concern "insights" (functions/actions/routes.ts): quality ratings and history, analytics and backfills. */
export const concernActions = [...qualityActions, ...analyticsActions];
export const handler = instrumented('actions-insights', concernHandler(concernActions));
