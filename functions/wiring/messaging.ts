import { EumPhoneNumberReader } from '../adapters/eum/business-profile.js';
import type { PhoneNumberReader } from '../ports/eum.js';
import { EumFlowManager } from '../adapters/eum/flows.js';
import type { FlowManager } from '../ports/eum.js';
import { EumWhatsAppSender } from '../adapters/eum/messages.js';
import type { WhatsAppSender } from '../ports/eum.js';
import type { TemplateDefinitionLike } from '../domain/messaging/template-variables.js';
import { templateDeps } from './templates.js';

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

/** The template catalogue (templates concern): sends are checked against the approved definition. */
const catalogueLookup: TemplateLookup = {
  async find(name, language) {
    const t = await templateDeps().store.findByName(name, language);
    if (!t) return undefined;
    return { status: t.status, category: t.category, parameter_format: t.parameterFormat, components: t.components as TemplateDefinitionLike['components'] };
  },
};

let cached: MessagingAdapters | undefined;

export function messagingAdapters(): MessagingAdapters {
  cached ??= {
    sender: new EumWhatsAppSender(),
    flows: new EumFlowManager(),
    phoneNumbers: new EumPhoneNumberReader(),
    templates: catalogueLookup,
    defaultWabaId: () => process.env.EUM_WABA_ID || undefined,
  };
  return cached;
}

export function setMessagingAdapters(overrides: Partial<MessagingAdapters> | undefined): void {
  cached = overrides ? { ...messagingAdapters(), ...overrides } : undefined;
}
