import { startRuntime } from '../local/runtime.js';
const rt = await startRuntime({ memory: true, port: 0, timeScale: 0.001, quiet: false });
const entry = (s: string, t: number) => JSON.stringify({
  context: { MetaPhoneNumberIds: [{ metaPhoneNumberId: '106540352242922' }] },
  aws_account_id: '123456789012', message_timestamp: '2026-01-01T00:00:00Z',
  whatsAppWebhookEntry: JSON.stringify({ id: '102290129340398', changes: [{ field: 'messages', value: { messaging_product: 'whatsapp', metadata: { phone_number_id: '106540352242922' }, statuses: [{ id: 'wamid.A', status: s, timestamp: String(t), recipient_id: '15550001111' }] } }] }),
});
for (const [s, t] of [['read', 30], ['delivered', 20], ['sent', 10]] as const) {
  const sns = JSON.stringify({ Type: 'Notification', MessageId: 'x', TopicArn: 'arn', Message: entry(s, t), Timestamp: new Date().toISOString() });
  console.log(await rt.postWebhook('/webhooks/eum', sns));
}
await rt.idle();
console.log(rt.events().map((e) => e.detailType + ' ' + e.detail.eventId));
const id = rt.events()[0]!.detail.eventId;
console.log(JSON.stringify(rt.trace(id), null, 1));
console.log(await rt.action({ action: 'list_capabilities' }).then((r) => r.statusCode));
console.log(rt.dlq());
await rt.stop();
