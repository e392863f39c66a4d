import { GetLinkedWhatsAppBusinessAccountPhoneNumberCommand, SendWhatsAppMessageCommand } from '@aws-sdk/client-socialmessaging';
import { socialMessagingClient, toProviderError } from './client.js';

export interface WhatsAppSender {
  /** Sends Meta's message JSON through EUM; returns EUM's message id (not Meta's wamid). */
  send(originationPhoneNumberId: string, message: Record<string, unknown>): Promise<{ eumMessageId: string }>;
  /** Meta's phone_number_id (what webhooks carry) for an EUM phone number id. */
  metaPhoneNumberId(originationPhoneNumberId: string): Promise<string>;
}

const META_API_VERSION = 'v20.0';

export class EumWhatsAppSender implements WhatsAppSender {
  private readonly metaIds = new Map<string, string>();

  async send(originationPhoneNumberId: string, message: Record<string, unknown>): Promise<{ eumMessageId: string }> {
    try {
      const out = await socialMessagingClient().send(
        new SendWhatsAppMessageCommand({
          originationPhoneNumberId,
          message: new TextEncoder().encode(JSON.stringify(message)),
          metaApiVersion: META_API_VERSION,
        }),
      );
      return { eumMessageId: out.messageId ?? '' };
    } catch (err) {
      throw toProviderError(err);
    }
  }

  async metaPhoneNumberId(originationPhoneNumberId: string): Promise<string> {
    const hit = this.metaIds.get(originationPhoneNumberId);
    if (hit) return hit;
    try {
      const out = await socialMessagingClient().send(
        new GetLinkedWhatsAppBusinessAccountPhoneNumberCommand({ id: originationPhoneNumberId }),
      );
      const id = out.phoneNumber?.metaPhoneNumberId ?? originationPhoneNumberId;
      this.metaIds.set(originationPhoneNumberId, id);
      return id;
    } catch (err) {
      throw toProviderError(err);
    }
  }
}
