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
 * AWS_ENDPOINT_URL_SOCIALMESSAGING). Tests give their own through the action context.
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

// Once per process: the sender remembers each number's Meta id it looked up.
let cached: MessagingAdapters | undefined;

/** The messaging and flows concerns' wiring (handlers/actions-messaging.ts, actions-flows.ts). */
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
