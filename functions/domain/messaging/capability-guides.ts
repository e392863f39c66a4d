/**
 * What EUM Social cannot do for WhatsApp, said as structured guidance rather than errors:
 * why, the steps in Meta's own tools, links, and what to do here instead.
 */
export interface StubAnswer {
  status: 'stub';
  supported: false;
  action: string;
  reason: string;
  runbook: string[];
  links: { title: string; url: string }[];
  alternatives: string[];
}

export const CATALOG_RUNBOOK = [
  'Open Meta Commerce Manager (business.facebook.com/commerce) with the Business that owns the WhatsApp Business Account.',
  'Create a catalog (type: Ecommerce) and add items manually, from a data feed, or from a partner platform; each item gets a Content ID (retailer id / SKU).',
  'In WhatsApp Manager → Account tools → Catalog, connect the catalog to the WhatsApp Business Account (one catalog per WABA), and turn on "Show catalog" / the cart if customers should order.',
  'Note the catalog id (Commerce Manager → Settings) and the Content IDs of the products you will send.',
  'Send products from here: send_product_message (catalog_id + product_retailer_id), send_product_list (up to 10 sections, 30 products), or send_catalog_message.',
];

export const PROFILE_RUNBOOK = [
  'Open WhatsApp Manager (business.facebook.com/wa/manage) → Phone numbers and select the number.',
  'Open the Profile tab: edit the about text, description, address, email, websites, vertical and profile photo; changes apply immediately.',
  'Display name changes go through Meta review (Phone numbers → the number → Display name → Edit); messaging continues under the old name until approved.',
  'Check the result with get_business_profile (display name, quality rating) or in the WhatsApp app on a test phone.',
];

export const FLOW_ENDPOINT_RUNBOOK = [
  'Flows without an endpoint (static screens ending in a "complete" action) need nothing more: create, publish, then send_flow.',
  "Flows with a data endpoint (data_api_version / data_exchange): host an HTTPS endpoint that implements Meta's data-exchange protocol (decrypt the request, answer the next screen, encrypt the response).",
  'Generate a 2048-bit RSA key pair and upload the public key as the business encryption key of the phone number (Cloud API: POST /<PHONE_NUMBER_ID>/whatsapp_business_encryption); keep the private key in Secrets Manager.',
  "Set the endpoint URI on the Flow in WhatsApp Manager → Account tools → Flows (or Meta's Flow API), connect the Meta app, and run the health check before publishing.",
  "The Flow's health status (get_flow → healthStatus) must be AVAILABLE before customers can open it.",
];

/** Every stub answers `status: 'stub'`, `supported: false`: only what it says differs. */
const stubAnswer = (guide: Omit<StubAnswer, 'status' | 'supported'>): StubAnswer => ({ status: 'stub', supported: false, ...guide });

export const CATALOG_STUB = stubAnswer({
  action: 'manage_catalog',
  reason:
    'EUM Social exposes no catalog API: catalogs and their products live in Meta Commerce Manager, and EUM only passes messages that reference them (catalog_id, product_retailer_id).',
  runbook: CATALOG_RUNBOOK,
  links: [
    { title: 'Meta Commerce Manager', url: 'https://business.facebook.com/commerce/' },
    { title: 'Share products with customers (Meta)', url: 'https://developers.facebook.com/docs/whatsapp/guides/commerce-guides/share-products-with-customers' },
    { title: 'Sell products and services on WhatsApp (Meta)', url: 'https://developers.facebook.com/docs/whatsapp/cloud-api/guides/sell-products-and-services' },
  ],
  alternatives: ['send_product_message', 'send_product_list', 'send_catalog_message', 'orders arrive as order.received events'],
});

export const PROFILE_STUB = stubAnswer({
  action: 'update_business_profile',
  reason:
    'EUM Social has no operation to change the WhatsApp business profile (about, description, address, email, websites, photo, vertical): Meta keeps it in WhatsApp Manager, and EUM exposes only the read-only phone number details.',
  runbook: PROFILE_RUNBOOK,
  links: [
    { title: 'WhatsApp Manager', url: 'https://business.facebook.com/wa/manage/phone-numbers/' },
    { title: 'Business profiles (Meta Cloud API reference)', url: 'https://developers.facebook.com/docs/whatsapp/cloud-api/reference/business-profiles' },
  ],
  alternatives: ['get_business_profile (display name, verified name, quality rating, read-only)'],
});

export const FLOW_LINKS = [
  { title: 'WhatsApp Flows (Meta)', url: 'https://developers.facebook.com/docs/whatsapp/flows' },
  { title: 'Implementing a Flow endpoint (Meta)', url: 'https://developers.facebook.com/docs/whatsapp/flows/guides/implementingyourflowendpoint' },
  { title: 'Flows on AWS End User Messaging Social', url: 'https://docs.aws.amazon.com/social-messaging/latest/userguide/managing-flows-webhooks.html' },
];
