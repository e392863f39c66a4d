import { createHash } from 'node:crypto';

/**
 * A simulated WhatsApp user. Each action builds the inbound message exactly as Meta's Cloud API
 * webhook carries it (business-messaging-api_v23.0 `/whatsapp/webhooks` examples: text,
 * interactive button_reply / list_reply / nfm_reply, template quick-reply `button`, `order`),
 * wraps it in one Meta `entry` and hands it to `deliverEntry` (the EUM sandbox posts it as
 * EUM's SNS envelope). Every action resolves with the new message's wamid once delivered.
 */
export interface CustomerOptions {
  deliverEntry: (entry: object) => Promise<void>;
  /** Meta's phone_number_id of the business number (webhook `metadata.phone_number_id`). */
  phoneNumberId: string;
  /** Meta's WABA id (`entry.id`). */
  wabaId: string;
  /** Business number as webhooks show it (digits). Default 919000000001. */
  displayPhoneNumber?: string;
  waId?: string;
  name?: string;
  /** A business-scoped user id (BSUID): sent as `from_user_id` / `contacts[].user_id` (Meta sends it for every user from 2026). */
  userId?: string;
  /** A user who adopted a username: Meta sends no phone number (`from` and `wa_id` are empty strings). */
  usernameOnly?: boolean;
  username?: string;
  /** Hands a file to WhatsApp's side (the EUM sandbox): its media id and the base64 sha256 the webhook carries. */
  receiveMedia?: (bytes: Buffer, mimeType: string) => { id: string; sha256: string };
  /** The wamid of the last business message to this user, used as `context.id` of replies. */
  lastOutboundWamid?: (waId: string) => string | undefined;
  now?: () => Date;
}

export interface OrderItem {
  productRetailerId: string;
  quantity: number;
  itemPrice: number;
  currency: string;
}

export interface ReplyOptions {
  /** wamid of the business message replied to (default: the last one sent to this user, if known). */
  replyTo?: string;
}

export interface MediaInput {
  kind: 'image' | 'audio' | 'video' | 'document' | 'sticker';
  bytes: Buffer;
  mimeType: string;
  caption?: string;
  filename?: string;
  /** A voice note (audio recorded in WhatsApp). */
  voice?: boolean;
}

export interface CustomerSimulator {
  readonly waId: string;
  /** The BSUID, when this user has one. */
  readonly userId?: string;
  /** What the business answers: the phone number, or the BSUID of a username-only user. */
  readonly address: string;
  readonly name: string;
  sendText(text: string): Promise<string>;
  /** Reply button of an interactive message (`interactive.type: "button_reply"`). */
  tapButton(id: string, title: string, opts?: ReplyOptions): Promise<string>;
  /** Row of an interactive list (`interactive.type: "list_reply"`). */
  pickListItem(id: string, title: string, description?: string, opts?: ReplyOptions): Promise<string>;
  /** Quick-reply button of a template (`type: "button"`, not interactive). */
  tapTemplateQuickReply(payload: string, text: string, opts?: ReplyOptions): Promise<string>;
  /** Flow completion (`nfm_reply`): `response_json` is a JSON string holding the response and flow_token. */
  completeFlow(flowToken: string, response: Record<string, unknown>, opts?: ReplyOptions): Promise<string>;
  /** A cart from a catalog / product message (`type: "order"`). */
  sendOrder(input: { catalogId: string; items: OrderItem[]; text?: string }): Promise<string>;
  /** A photo, voice note, video, document or sticker, as Meta's webhook carries it (media id + sha256, no URL). */
  sendMedia(input: MediaInput): Promise<string>;
  /** Another user on the same business number. */
  other(input: { waId: string; name?: string; userId?: string; usernameOnly?: boolean; username?: string }): CustomerSimulator;
  /** A user known only by username: no phone number, a BSUID. */
  asUsername(input: { userId: string; username?: string; name?: string }): CustomerSimulator;
}

export function createCustomer(opts: CustomerOptions): CustomerSimulator {
  const waId = opts.usernameOnly ? '' : (opts.waId ?? '919876543210');
  const userId = opts.userId;
  const name = opts.name ?? 'Asha Verma';
  const address = waId || userId || '';
  const display = opts.displayPhoneNumber ?? '919000000001';
  const now = opts.now ?? (() => new Date());
  let counter = 0;

  const wamid = () => {
    counter++;
    const tail = createHash('sha256').update(`${address}:${counter}:${opts.phoneNumberId}`).digest('hex').slice(0, 20).toUpperCase();
    return `wamid.${Buffer.from(`HBgM${address}FQIAEhgU${tail}`).toString('base64')}`;
  };

  const deliver = async (message: Record<string, unknown>): Promise<string> => {
    const id = wamid();
    const entry = {
      id: opts.wabaId,
      changes: [
        {
          value: {
            messaging_product: 'whatsapp',
            metadata: { display_phone_number: display, phone_number_id: opts.phoneNumberId },
            contacts: [{ profile: { name, ...(opts.username ? { username: opts.username } : {}) }, wa_id: waId, ...(userId ? { user_id: userId } : {}) }],
            messages: [
              {
                ...(message.context ? { context: message.context } : {}),
                from: waId,
                ...(userId ? { from_user_id: userId } : {}),
                id,
                timestamp: String(Math.floor(now().getTime() / 1000)),
                ...withoutContext(message),
              },
            ],
          },
          field: 'messages',
        },
      ],
    };
    await opts.deliverEntry(entry);
    return id;
  };

  const context = (o?: ReplyOptions) => {
    const id = o?.replyTo ?? opts.lastOutboundWamid?.(address);
    return id ? { context: { from: display, id } } : {};
  };

  return {
    waId,
    userId,
    address,
    name,
    sendText: (text) => deliver({ type: 'text', text: { body: text } }),
    tapButton: (id, title, o) => deliver({ ...context(o), type: 'interactive', interactive: { type: 'button_reply', button_reply: { id, title } } }),
    pickListItem: (id, title, description, o) =>
      deliver({ ...context(o), type: 'interactive', interactive: { type: 'list_reply', list_reply: { id, title, ...(description ? { description } : {}) } } }),
    tapTemplateQuickReply: (payload, text, o) => deliver({ ...context(o), type: 'button', button: { payload, text } }),
    completeFlow: (flowToken, response, o) =>
      deliver({
        ...context(o),
        type: 'interactive',
        interactive: { type: 'nfm_reply', nfm_reply: { response_json: JSON.stringify({ ...response, flow_token: flowToken }), body: 'Sent', name: 'flow' } },
      }),
    sendOrder: ({ catalogId, items, text }) =>
      deliver({
        type: 'order',
        order: {
          catalog_id: catalogId,
          text: text ?? '',
          product_items: items.map((i) => ({ product_retailer_id: i.productRetailerId, quantity: i.quantity, item_price: i.itemPrice, currency: i.currency })),
        },
      }),
    sendMedia: ({ kind, bytes, mimeType, caption, filename, voice }) => {
      if (!opts.receiveMedia) throw new Error('this customer cannot send media: no receiveMedia (the EUM sandbox) was given');
      const held = opts.receiveMedia(bytes, mimeType);
      return deliver({
        type: kind,
        [kind]: {
          ...(caption !== undefined ? { caption } : {}),
          ...(filename !== undefined ? { filename } : {}),
          mime_type: mimeType,
          sha256: held.sha256,
          id: held.id,
          ...(kind === 'audio' ? { voice: voice ?? false } : {}),
          ...(kind === 'sticker' ? { animated: false } : {}),
        },
      });
    },
    other: (o) => createCustomer({ ...opts, waId: o.waId, name: o.name ?? o.waId, userId: o.userId, usernameOnly: o.usernameOnly, username: o.username }),
    asUsername: (o) => createCustomer({ ...opts, waId: undefined, usernameOnly: true, userId: o.userId, username: o.username, name: o.name ?? o.username ?? o.userId }),
  };
}

function withoutContext(m: Record<string, unknown>): Record<string, unknown> {
  const { context: _c, ...rest } = m;
  return rest;
}
