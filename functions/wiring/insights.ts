import { DynamoAnalyticsStore } from '../adapters/dynamodb/analytics-store.js';
import { DynamoQualityStore } from '../adapters/dynamodb/quality-store.js';
import { EumPhoneNumberDirectory } from '../adapters/eum/phone-numbers.js';
import { SfnRollupStarter } from '../adapters/stepfunctions/analytics-rollup.js';
import type { AnalyticsStore, RollupStarter } from '../ports/analytics.js';
import type { PhoneNumberDirectory } from '../ports/eum.js';
import type { QualityStore } from '../ports/quality.js';
import { getDeps, type Deps } from './shared.js';

export interface InsightsAdapters {
  phoneDirectory: PhoneNumberDirectory;
  qualityStore: QualityStore;
  analyticsStore: AnalyticsStore;
  rollupStarter: RollupStarter;
}

/** The quality and analytics adapters of the insights actions: stores on the shared table, EUM's phone numbers, the rollup machine. */
export function insightsAdapters(base: Deps = getDeps()): InsightsAdapters {
  return {
    phoneDirectory: new EumPhoneNumberDirectory(),
    qualityStore: new DynamoQualityStore(base.db, base.tableName),
    analyticsStore: new DynamoAnalyticsStore(base.db, base.tableName),
    rollupStarter: new SfnRollupStarter(),
  };
}
