import { GetLinkedWhatsAppBusinessAccountPhoneNumberCommand, SendWhatsAppMessageCommand } from '@aws-sdk/client-socialmessaging';
import { EumAdapter, toProviderError } from './client.js';
import type { WhatsAppSender } from '../../ports/eum.js';

const META_API_VERSION = 'v20.0';

export class EumWhatsAppSender extends EumAdapter implements WhatsAppSender {
  private readonly metaIds = new Map<string, string>();

  async send(originationPhoneNumberId: string, message: Record<string, unknown>): Promise<{ eumMessageId: string }> {
    try {
      const out = await this.client.send(
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
      const out = await this.client.send(new GetLinkedWhatsAppBusinessAccountPhoneNumberCommand({ id: originationPhoneNumberId }));
      const id = out.phoneNumber?.metaPhoneNumberId ?? originationPhoneNumberId;
      this.metaIds.set(originationPhoneNumberId, id);
      return id;
    } catch (err) {
      throw toProviderError(err);
    }
  }
}
