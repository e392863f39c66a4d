import type { DomainDetail } from '../../../events/index.js';
import { dispatchAction } from '../../../functions/actions/registry.js';
import type { WhatsAppSender } from '../../../functions/ports/eum.js';
import type { MessageStore, StoredMessage } from '../../../functions/ports/message-store.js';
import type { MessagingAdapters } from '../../../functions/wiring/messaging.js';
import type { Deps } from '../../../functions/wiring/shared.js';
import { actionContext } from '../../support/action-context.js';
import { CollectingPublisher } from '../../support/fakes.js';

/** Records what would go to EUM; maps every origination id to one Meta phone number id. */
export class RecordingSender implements WhatsAppSender {
  readonly sent: { originationPhoneNumberId: string; message: Record<string, unknown> }[] = [];
  async send(originationPhoneNumberId: string, message: Record<string, unknown>) {
    this.sent.push({ originationPhoneNumberId, message });
    return { eumMessageId: `eum-${this.sent.length}` };
  }
  async metaPhoneNumberId() {
    return '106540352242922';
  }
}

/** Just enough of the message store for sends: the window and the outbound records. */
export class WindowStore implements Partial<MessageStore> {
  lastInbound = new Map<string, string>();
  outbound: DomainDetail<'message.sent'>[] = [];
  async getLastInboundAt(phoneNumberId: string, waId: string) {
    return this.lastInbound.get(`${phoneNumberId}|${waId}`);
  }
  async recordOutbound(d: DomainDetail<'message.sent'>) {
    this.outbound.push(d);
  }
  async getMessage(): Promise<StoredMessage | undefined> {
    return undefined;
  }
}

export const NOW = new Date('2026-03-01T12:00:00Z');

/** Runs actions over a window store and a collecting bus; `messaging` replaces those live messaging adapters (the sender, the catalogue lookup…). */
export function actionHarness(messaging: Partial<MessagingAdapters> = {}) {
  const store = new WindowStore();
  const publisher = new CollectingPublisher();
  const deps = { messages: store as unknown as MessageStore, publisher } as unknown as Deps;
  const run = (body: unknown) => dispatchAction(body, actionContext({ deps, now: () => NOW, messaging }));
  const openWindow = (waId: string, at = new Date(NOW.getTime() - 3600_000)) => store.lastInbound.set(`106540352242922|${waId}`, at.toISOString());
  return { store, publisher, run, openWindow };
}
