import { snsNotification } from '../sandboxes/shared/sns.js';
import type { EumSandbox, EumSandboxOptions } from '../sandboxes/eum/index.js';

type EumSandboxOptionsAuthorize = EumSandboxOptions['authorize'];
import type { RazorpaySandbox } from '../sandboxes/razorpay/index.js';
import type { CustomerSimulator } from '../sandboxes/customer.js';

/**
 * Starts the sandboxes (EUM Social API, Razorpay API, simulated customer) written under
 * `local/sandboxes/` and wires their webhooks to the runtime's own HTTP endpoints, so every
 * simulated delivery runs the full HTTP ingress path.
 */
export interface Sandboxes {
  eum: EumSandbox;
  razorpay: RazorpaySandbox;
  customer: CustomerSimulator;
}

export interface StartedSandboxes {
  api: Sandboxes;
  eumEndpoint?: string;
  razorpayBaseUrl?: string;
  wabaId?: string;
  busy(): boolean;
  close(): Promise<void>;
}

const missing = (what: string) =>
  new Proxy(
    {},
    {
      get: (_t, prop) => {
        if (prop === 'then') return undefined;
        throw new Error(`${what} is not available (sandbox module missing or disabled); tried to use .${String(prop)}`);
      },
    },
  );

async function post(url: string, body: string, headers: Record<string, string>): Promise<void> {
  const res = await fetch(url, { method: 'POST', body, headers });
  const text = await res.text();
  if (res.status >= 300) throw new Error(`webhook ${url} answered ${res.status}: ${text.slice(0, 300)}`);
}

async function tryImport(specifier: string, log: (msg: string) => void): Promise<any | undefined> {
  try {
    return await import(specifier);
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'ERR_MODULE_NOT_FOUND' || /Cannot find module|Failed to load url|does not exist/i.test(String((err as Error).message))) return undefined;
    // A broken sandbox must not take the whole runtime down: say why and run without it.
    console.error(`[runtime] sandbox ${specifier} failed to load: ${(err as Error)?.stack ?? String(err)}`);
    log('continuing without that sandbox');
    return undefined;
  }
}

export async function startSandboxes(opts: {
  enabled: boolean;
  runtimeUrl: string;
  timeScale: number;
  eum?: Record<string, unknown>;
  razorpay?: Record<string, unknown>;
  secrets: { webhookSecret: string; keyId: string; keySecret: string };
  log: (msg: string) => void;
  /** IAM check of each EUM Social call (local/iam). */
  authorizeEum?: EumSandboxOptionsAuthorize;
}): Promise<StartedSandboxes> {
  const none: StartedSandboxes = {
    api: {
      eum: missing('the EUM sandbox') as EumSandbox,
      razorpay: missing('the Razorpay sandbox') as RazorpaySandbox,
      customer: missing('the simulated customer') as CustomerSimulator,
    },
    busy: () => false,
    close: async () => undefined,
  };
  if (!opts.enabled) return none;
  // Specifiers built at run time: the sandboxes are written concurrently and may be absent.
  const base = new URL('../sandboxes/', import.meta.url).href;
  const [eumMod, rzpMod, customerMod] = await Promise.all([
    tryImport(`${base}eum/index.ts`, opts.log),
    tryImport(`${base}razorpay/index.ts`, opts.log),
    tryImport(`${base}customer.ts`, opts.log),
  ]);
  const closers: (() => Promise<void>)[] = [];
  const busyChecks: (() => boolean)[] = [];
  const api: Sandboxes = { ...none.api };
  const out: StartedSandboxes = { api, busy: () => busyChecks.some((b) => b()), close: async () => void (await Promise.allSettled(closers.map((c) => c()))) };

  if (eumMod?.startEumSandbox) {
    const eum: EumSandbox = await eumMod.startEumSandbox({
      log: opts.log,
      ...(opts.eum ?? {}),
      timeScale: opts.timeScale,
      authorize: opts.authorizeEum,
      deliverWebhook: (snsMessageBody: string) =>
        post(`${opts.runtimeUrl}/webhooks/eum`, snsNotification(snsMessageBody), {
          'content-type': 'text/plain; charset=UTF-8',
          'x-amz-sns-message-type': 'Notification',
        }),
    });
    api.eum = eum;
    out.eumEndpoint = eum.endpoint;
    out.wabaId = eum.phoneNumber?.wabaId;
    closers.push(() => eum.close());
    if (typeof eum.pending === 'function') busyChecks.push(() => eum.pending() > 0);
  } else opts.log('EUM sandbox not found (local/sandboxes/eum/index.ts): EUM API calls will fail');

  if (rzpMod?.startRazorpaySandbox) {
    const rzp: RazorpaySandbox = await rzpMod.startRazorpaySandbox({
      log: opts.log,
      ...(opts.razorpay ?? {}),
      timeScale: opts.timeScale,
      webhookSecret: opts.secrets.webhookSecret,
      keyId: opts.secrets.keyId,
      keySecret: opts.secrets.keySecret,
      deliverWebhook: (rawBody: string, headers: Record<string, string>) =>
        post(`${opts.runtimeUrl}/webhooks/razorpay`, rawBody, { 'content-type': 'application/json', ...headers }),
    });
    api.razorpay = rzp;
    out.razorpayBaseUrl = rzp.baseUrl;
    closers.push(() => rzp.close());
    if (typeof rzp.pending === 'function') busyChecks.push(() => rzp.pending() > 0);
  } else opts.log('Razorpay sandbox not found (local/sandboxes/razorpay/index.ts): Razorpay API calls will fail');

  if (customerMod?.createCustomer && eumMod?.startEumSandbox) {
    const eum = api.eum;
    api.customer = customerMod.createCustomer({
      deliverEntry: (entry: object) => eum.deliverEntry(entry),
      // Files the customer sends are held by the sandbox's WhatsApp side, fetched with GetWhatsAppMessageMedia.
      receiveMedia: (bytes: Buffer, mimeType: string) => eum.receiveMedia(bytes, mimeType),
      // The customer writes Meta webhook entries: Meta's ids, not EUM's.
      phoneNumberId: eum.phoneNumber?.metaPhoneNumberId,
      wabaId: eum.phoneNumber?.metaWabaId ?? eum.phoneNumber?.wabaId,
      displayPhoneNumber: eum.phoneNumber?.webhookDisplayPhoneNumber,
      // Replies quote the business's last message to this user, as WhatsApp does.
      lastOutboundWamid: (waId: string) => {
        const digits = (v: string) => v.replace(/\D/g, '');
        return eum
          .sentMessages()
          .filter((m) => digits(m.to) === digits(waId))
          .at(-1)?.wamid;
      },
    });
  }
  return out;
}
