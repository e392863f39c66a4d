import { FLOW_MESSAGE_VERSION } from './limits.js';

/**
 * Builders of Meta's message JSON (the part after `messaging_product`/`recipient_type`/`to`,
 * which `sendWhatsAppMessage` adds). Shapes follow Meta's documented examples; see
 * test/fixtures/messaging/README.md for the origin of each.
 */
export type MetaMessage = Record<string, unknown> & { type: string };

const textPart = (text: string | undefined) => (text === undefined ? undefined : { text });
const textHeader = (text: string | undefined) => (text === undefined ? undefined : { type: 'text', text });

/** Drops undefined members so the JSON equals Meta's examples key for key. */
function compact<T extends Record<string, unknown>>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

export function buildText(i: { text: string; preview_url?: boolean }): MetaMessage {
  return { type: 'text', text: compact({ body: i.text, preview_url: i.preview_url }) };
}

type Params = string[] | Record<string, string>;

function templateParameters(p: Params) {
  return Array.isArray(p) ? p.map((text) => ({ type: 'text', text })) : Object.entries(p).map(([parameter_name, text]) => ({ type: 'text', parameter_name, text }));
}

export function buildTemplate(i: { name: string; language: string; parameters?: Params; header_parameters?: Params; components?: Record<string, unknown>[] }): MetaMessage {
  const components =
    i.components ??
    [
      i.header_parameters ? { type: 'header', parameters: templateParameters(i.header_parameters) } : undefined,
      i.parameters ? { type: 'body', parameters: templateParameters(i.parameters) } : undefined,
    ].filter((c) => c !== undefined);
  return {
    type: 'template',
    template: compact({ name: i.name, language: { code: i.language }, components: components.length ? components : undefined }),
  };
}

export type InteractiveInput =
  | { type: 'button'; header?: string; body: string; footer?: string; buttons: { id: string; title: string }[] }
  | {
      type: 'list';
      header?: string;
      body: string;
      footer?: string;
      button: string;
      sections: { title?: string; rows: { id: string; title: string; description?: string }[] }[];
    }
  | { type: 'cta_url'; header?: string; body: string; footer?: string; display_text: string; url: string };

export function buildInteractive(i: InteractiveInput): MetaMessage {
  const frame = { type: i.type, header: textHeader(i.header), body: textPart(i.body), footer: textPart(i.footer) };
  let action: Record<string, unknown>;
  switch (i.type) {
    case 'button':
      action = { buttons: i.buttons.map((b) => ({ type: 'reply', reply: { id: b.id, title: b.title } })) };
      break;
    case 'list':
      action = {
        button: i.button,
        sections: i.sections.map((s) => compact({ title: s.title, rows: s.rows.map((r) => compact({ ...r })) })),
      };
      break;
    case 'cta_url':
      action = { name: 'cta_url', parameters: { display_text: i.display_text, url: i.url } };
      break;
  }
  return { type: 'interactive', interactive: compact({ ...frame, action }) };
}

export function buildProduct(i: { catalog_id: string; product_retailer_id: string; body?: string; footer?: string }): MetaMessage {
  return {
    type: 'interactive',
    interactive: compact({
      type: 'product',
      body: textPart(i.body),
      footer: textPart(i.footer),
      action: { catalog_id: i.catalog_id, product_retailer_id: i.product_retailer_id },
    }),
  };
}

export function buildProductList(i: {
  catalog_id: string;
  header: string;
  body: string;
  footer?: string;
  sections: { title: string; product_items?: { product_retailer_id: string }[]; product_retailer_ids?: string[] }[];
}): MetaMessage {
  return {
    type: 'interactive',
    interactive: compact({
      type: 'product_list',
      header: textHeader(i.header),
      body: textPart(i.body),
      footer: textPart(i.footer),
      action: {
        catalog_id: i.catalog_id,
        sections: i.sections.map((s) => ({
          title: s.title,
          product_items: s.product_items ?? (s.product_retailer_ids ?? []).map((id) => ({ product_retailer_id: id })),
        })),
      },
    }),
  };
}

export function buildCatalogMessage(i: { body: string; footer?: string; thumbnail_product_retailer_id?: string }): MetaMessage {
  return {
    type: 'interactive',
    interactive: compact({
      type: 'catalog_message',
      body: textPart(i.body),
      footer: textPart(i.footer),
      action: compact({
        name: 'catalog_message',
        parameters: i.thumbnail_product_retailer_id ? { thumbnail_product_retailer_id: i.thumbnail_product_retailer_id } : undefined,
      }),
    }),
  };
}

export interface FlowMessageInput {
  flow_id?: string;
  flow_name?: string;
  flow_cta: string;
  flow_token: string;
  mode?: 'draft' | 'published';
  flow_action?: 'navigate' | 'data_exchange';
  flow_action_payload?: { screen: string; data?: Record<string, unknown> };
  header?: string;
  body: string;
  footer?: string;
}

export function buildFlow(i: FlowMessageInput): MetaMessage {
  return {
    type: 'interactive',
    interactive: compact({
      type: 'flow',
      header: textHeader(i.header),
      body: textPart(i.body),
      footer: textPart(i.footer),
      action: {
        name: 'flow',
        parameters: compact({
          flow_message_version: FLOW_MESSAGE_VERSION,
          flow_token: i.flow_token,
          flow_id: i.flow_id,
          flow_name: i.flow_name,
          flow_cta: i.flow_cta,
          mode: i.mode,
          flow_action: i.flow_action,
          flow_action_payload: i.flow_action_payload ? compact({ ...i.flow_action_payload }) : undefined,
        }),
      },
    }),
  };
}
