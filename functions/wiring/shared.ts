import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { BUS_NAME } from '../../events/index.js';
import { EnvNames, requireEnv } from '../config/environment.js';
import { createDocumentClient } from '../adapters/dynamodb/client.js';
import { DynamoCustomerIdentities } from '../adapters/dynamodb/customer-identity-store.js';
import { DynamoDedupeStore } from '../adapters/dynamodb/dedupe-store.js';
import { DynamoMessageStore } from '../adapters/dynamodb/message-store.js';
import { EventBridgePublisher } from '../adapters/eventbridge/publisher.js';
import { DynamoWaiterStore } from '../adapters/dynamodb/waiter-store.js';
import { SecretsManagerProvider } from '../adapters/secrets/secrets-manager.js';
import { SfnTaskTokenClient } from '../adapters/stepfunctions/task-token-client.js';
import type { TaskTokenClient } from '../ports/task-tokens.js';
import type { WaiterStore } from '../ports/waiters.js';
import type { CustomerIdentities } from '../domain/customers/identity.js';
import type { DedupeStore, EventPublisher, RejectedPayloadStore, SecretProvider } from '../ports/index.js';
import type { MessageStore } from '../ports/message-store.js';

/**
 * Builds the adapters from configuration only (environment + the SDK's standard endpoint
 * settings), so the same handler code runs on Lambda and in the local runtime.
 */
export interface Deps {
  tableName: string;
  busName: string;
  db: DynamoDBDocumentClient;
  publisher: EventPublisher;
  dedupe: DedupeStore & RejectedPayloadStore;
  messages: MessageStore;
  /** Phone ↔ BSUID links; optional so partial test wiring keeps working (then each identity stands alone). */
  identities?: CustomerIdentities;
  secrets: SecretProvider;
  waiters: WaiterStore;
  tokens: TaskTokenClient;
}

let cached: Deps | undefined;

export function getDeps(): Deps {
  if (cached) return cached;
  const tableName = requireEnv(EnvNames.table);
  const busName = process.env[EnvNames.bus] ?? BUS_NAME;
  const db = createDocumentClient();
  const inFlight = Number(process.env[EnvNames.dedupeInFlightSeconds]);
  const dedupe = new DynamoDedupeStore(db, tableName, Date.now, Number.isInteger(inFlight) && inFlight > 0 ? inFlight : undefined);
  cached = {
    tableName,
    busName,
    db,
    publisher: new EventBridgePublisher(undefined, { busName }),
    dedupe,
    messages: new DynamoMessageStore(db, tableName),
    identities: new DynamoCustomerIdentities(db, tableName),
    secrets: new SecretsManagerProvider(),
    waiters: new DynamoWaiterStore(db, tableName),
    tokens: new SfnTaskTokenClient(),
  };
  return cached;
}

/** For the local runtime's reset of the live wiring only (wiring/reset.ts): the next `getDeps()` builds from the environment again. */
export function dropSharedDeps(): void {
  cached = undefined;
}
