import { EumPhoneNumberReader, type PhoneNumberReader } from '../adapters/eum/business-profile.js';
import { EumFlowManager, type FlowManager } from '../adapters/eum/flows.js';
import { EumWhatsAppSender, type WhatsAppSender } from '../adapters/eum/messages.js';
import type { TemplateDefinitionLike } from '../domain/messaging/template-variables.js';

/** Looks up a stored template definition (the templates concern's store), when one is wired. */
export interface TemplateLookup {
  find(name: string, language: string): Promise<(TemplateDefinitionLike & { category?: string; status?: string }) | undefined>;
}

/**
 * The EUM adapters the messaging actions use, built from configuration only (the SDK follows
 * AWS_ENDPOINT_URL_SOCIALMESSAGING). Tests replace them with `setMessagingAdapters`.
 */
export interface MessagingAdapters {
  sender: WhatsAppSender;
  flows: FlowManager;
  phoneNumbers: PhoneNumberReader;
  templates?: TemplateLookup;
  /** Default WhatsApp Business Account id for Flow management (env EUM_WABA_ID). */
  defaultWabaId(): string | undefined;
}

let cached: MessagingAdapters | undefined;

export function messagingAdapters(): MessagingAdapters {
  cached ??= {
    sender: new EumWhatsAppSender(),
    flows: new EumFlowManager(),
    phoneNumbers: new EumPhoneNumberReader(),
    defaultWabaId: () => process.env.EUM_WABA_ID || undefined,
  };
  return cached;
}

export function setMessagingAdapters(overrides: Partial<MessagingAdapters> | undefined): void {
  cached = overrides ? { ...messagingAdapters(), ...overrides } : undefined;
}
