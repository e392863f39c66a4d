import { GetLinkedWhatsAppBusinessAccountPhoneNumberCommand } from '@aws-sdk/client-socialmessaging';
import { EumAdapter, toProviderError } from './client.js';
import type { PhoneNumberProfile, PhoneNumberReader } from '../../ports/eum.js';

export class EumPhoneNumberReader extends EumAdapter implements PhoneNumberReader {
  async get(id: string): Promise<PhoneNumberProfile> {
    try {
      const out = await this.client.send(new GetLinkedWhatsAppBusinessAccountPhoneNumberCommand({ id }));
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
