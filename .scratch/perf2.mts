import http from 'node:http';
import { startRuntime } from '../local/runtime.js';
import { asSnsNotification, statusUpdate, DEFAULT_IDS } from '../local/demo/backbone-payloads.js';
const origEmit = http.Server.prototype.emit;
const rt = await startRuntime({ memory: true, port: 0, timeScale: 0.001, quiet: true, sandboxes: false, rules: [] });
const t00 = Date.now();
(http.Server.prototype as any).emit = function (ev: string, req: any, res: any) {
  if (ev === 'request') { const s = Date.now(); const tg = req.headers['x-amz-target'] ?? req.url; console.log('  start', tg, s - t00); res.on('finish', () => console.log('  done', tg, Date.now() - s, 'ms')); }
  return origEmit.apply(this, arguments as any);
};
for (let i = 0; i < 3; i++) { const t = Date.now(); await rt.postWebhook('/webhooks/eum', asSnsNotification(statusUpdate(DEFAULT_IDS, 'wamid.P' + i, 'sent', 1000 + i))); console.log('webhook', Date.now() - t); }
await rt.stop();
