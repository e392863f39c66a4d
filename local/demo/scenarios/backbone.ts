import { DynamoMessageStore } from '../../../functions/adapters/dynamodb/message-store.js';
import { createDocumentClient } from '../../../functions/adapters/dynamodb/client.js';
import type { Runtime } from '../../runtime.js';
import { DEFAULT_IDS, inboundText, statusUpdate } from '../backbone-payloads.js';
import { snsNotification } from '../../sandboxes/shared/sns.js';

/** Backbone: an inbound message and an outbound status sequence delivered newest-first, twice each. */
export const scenario = {
  name: 'backbone',
  async run(rt: Runtime): Promise<{ ok: boolean; summary: string }> {
    const run = Date.now().toString(36);
    const inboundId = `wamid.demo-in-${run}`;
    const outboundId = `wamid.demo-out-${run}`;
    const t0 = Math.floor(Date.now() / 1000) - 60;
    const deliveries = [
      inboundText(DEFAULT_IDS, inboundId, 'Hi! Is my order on its way?', t0),
      statusUpdate(DEFAULT_IDS, outboundId, 'read', t0 + 30),
      statusUpdate(DEFAULT_IDS, outboundId, 'delivered', t0 + 20),
      statusUpdate(DEFAULT_IDS, outboundId, 'sent', t0 + 10),
    ];
    for (const body of [...deliveries, ...deliveries]) {
      const res = await rt.postWebhook('/webhooks/eum', snsNotification(body));
      if (res.statusCode !== 200) return { ok: false, summary: `webhook answered ${res.statusCode}: ${JSON.stringify(res.body)}` };
    }
    await rt.idle();
    const store = new DynamoMessageStore(createDocumentClient(rt.dynamo), rt.tableName);
    const inbound = await store.getMessage(inboundId);
    const outbound = await store.getMessage(outboundId);
    const history = await store.getStatusHistory(outboundId);
    const ok = inbound?.text === 'Hi! Is my order on its way?' && outbound?.status === 'read' && history.length === 3;
    return {
      ok,
      summary: `inbound ${inbound ? 'stored' : 'MISSING'}; outbound final status ${outbound?.status ?? 'none'} after ${history.length} distinct statuses (8 deliveries, newest first, duplicated)`,
    };
  },
};
