import { DynamoAnalyticsStore } from '../adapters/dynamodb/analytics-store.js';
import { DynamoMessageListing } from '../adapters/dynamodb/message-listing.js';
import { DynamoQualityStore } from '../adapters/dynamodb/quality-store.js';
import { DynamoTemplateStore } from '../adapters/dynamodb/template-store.js';
import { EumPhoneNumberDirectory } from '../adapters/eum/phone-numbers.js';
import { SfnRollupStarter } from '../adapters/stepfunctions/analytics-rollup.js';
import type { AnalyticsStore, RollupStarter } from '../ports/analytics.js';
import type { PhoneNumberDirectory } from '../ports/eum.js';
import type { MessageListing } from '../ports/message-store.js';
import type { QualityStore } from '../ports/quality.js';
import type { TemplateHistoryReader } from '../ports/templates.js';
import { getDeps, type Deps } from './shared.js';

export interface InsightsAdapters {
  phoneDirectory: PhoneNumberDirectory;
  qualityStore: QualityStore;
  analyticsStore: AnalyticsStore;
  rollupStarter: RollupStarter;
  /** list_messages: a phone number's messages, a page at a time. */
  messageListing: MessageListing;
  /** get_quality_history: a template's status changes beside its scores. */
  templateHistory: TemplateHistoryReader;
}

/** The insights concern's wiring (handlers/actions-insights.ts): stores on the shared table, EUM's phone numbers, the rollup machine. */
export function insightsAdapters(base: Deps = getDeps()): InsightsAdapters {
  return {
    phoneDirectory: new EumPhoneNumberDirectory(),
    qualityStore: new DynamoQualityStore(base.db, base.tableName),
    analyticsStore: new DynamoAnalyticsStore(base.db, base.tableName),
    rollupStarter: new SfnRollupStarter(),
    messageListing: new DynamoMessageListing(base.db, base.tableName),
    templateHistory: new DynamoTemplateStore(base.db, base.tableName),
  };
}
