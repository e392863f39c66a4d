import { GetLinkedWhatsAppBusinessAccountPhoneNumberCommand } from '@aws-sdk/client-socialmessaging';
import { socialMessagingClient, toProviderError } from './client.js';
import type { PhoneNumberProfile, PhoneNumberReader } from '../../ports/eum.js';

export class EumPhoneNumberReader implements PhoneNumberReader {
  async get(id: string): Promise<PhoneNumberProfile> {
    try {
      const out = await socialMessagingClient().send(new GetLinkedWhatsAppBusinessAccountPhoneNumberCommand({ id }));
      const p = out.phoneNumber;
      return {
        phoneNumberId: p?.phoneNumberId ?? id,
        metaPhoneNumberId: p?.metaPhoneNumberId,
        arn: p?.arn,
        phoneNumber: p?.phoneNumber,
        displayPhoneNumber: p?.displayPhoneNumber,
        displayPhoneNumberName: p?.displayPhoneNumberName,
        qualityRating: p?.qualityRating,
        dataLocalizationRegion: p?.dataLocalizationRegion,
        linkedWhatsAppBusinessAccountId: out.linkedWhatsAppBusinessAccountId,
      };
    } catch (err) {
      throw toProviderError(err);
    }
  }
}
