import { analyticsActions } from '../actions/analytics.js';
import { concernHandler } from '../actions/concern-handler.js';
import { qualityActions } from '../actions/quality.js';
import { instrumented } from '../observability/index.js';
import { insightsAdapters } from '../wiring/insights.js';

/** Actions concern "insights" (functions/actions/routes.ts): quality ratings and history, analytics and backfills. */
export const concernActions = [...qualityActions, ...analyticsActions];
/** This function's wiring: the quality and analytics stores, EUM's phone numbers, the rollup machine, the message listing. */
const wiring = { insights: () => insightsAdapters() };
export const handler = instrumented('actions-insights', concernHandler(concernActions, wiring));
