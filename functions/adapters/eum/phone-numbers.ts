import {
  GetLinkedWhatsAppBusinessAccountCommand,
  GetLinkedWhatsAppBusinessAccountPhoneNumberCommand,
  ListLinkedWhatsAppBusinessAccountsCommand,
  ListWhatsAppMessageTemplatesCommand,
  type SocialMessagingClient,
} from '@aws-sdk/client-socialmessaging';
import { EumAdapter, socialMessagingClient, toProviderError } from './client.js';
import type { PhoneNumberInfo, PhoneNumberDirectory, TemplateQualityInfo, TemplateQualityReader } from '../../ports/eum.js';

export class EumPhoneNumberDirectory extends EumAdapter implements PhoneNumberDirectory {
  /** `wabaId` = EUM's linked account id (env EUM_WABA_ID); without it every linked account is listed. */
  constructor(
    private readonly wabaId = process.env.EUM_WABA_ID,
    client?: SocialMessagingClient,
  ) {
    super(client);
  }

  async list(): Promise<PhoneNumberInfo[]> {
    try {
      const accountIds = this.wabaId ? [this.wabaId] : await this.listAccountIds();
      const numbers: PhoneNumberInfo[] = [];
      for (const id of accountIds) {
        const out = await this.client.send(new GetLinkedWhatsAppBusinessAccountCommand({ id }));
        for (const p of out.account?.phoneNumbers ?? []) {
          if (!p.phoneNumberId) continue;
          numbers.push({
            eumPhoneNumberId: p.phoneNumberId,
            metaPhoneNumberId: p.metaPhoneNumberId ?? p.phoneNumberId,
            displayPhoneNumber: p.displayPhoneNumber,
            displayPhoneNumberName: p.displayPhoneNumberName,
            qualityRating: p.qualityRating,
            linkedWabaId: id,
            metaWabaId: out.account?.wabaId,
            wabaName: out.account?.wabaName,
          });
        }
      }
      return numbers;
    } catch (err) {
      throw toProviderError(err);
    }
  }

  async get(id: string): Promise<PhoneNumberInfo | undefined> {
    let eumId = id;
    if (!id.startsWith('phone-number-id-')) {
      const hit = (await this.list()).find((p) => p.metaPhoneNumberId === id || p.displayPhoneNumber === id);
      if (!hit) return undefined;
      eumId = hit.eumPhoneNumberId;
    }
    try {
      const out = await this.client.send(new GetLinkedWhatsAppBusinessAccountPhoneNumberCommand({ id: eumId }));
      const p = out.phoneNumber;
      if (!p) return undefined;
      return {
        eumPhoneNumberId: p.phoneNumberId ?? eumId,
        metaPhoneNumberId: p.metaPhoneNumberId ?? eumId,
        displayPhoneNumber: p.displayPhoneNumber,
        displayPhoneNumberName: p.displayPhoneNumberName,
        qualityRating: p.qualityRating,
        linkedWabaId: out.linkedWhatsAppBusinessAccountId,
      };
    } catch (err) {
      if ((err as { name?: string }).name === 'ResourceNotFoundException') return undefined;
      throw toProviderError(err);
    }
  }

  private listAccountIds(): Promise<string[]> {
    return listLinkedWabaIds(this.client);
  }
}

/**
 * Meta's phone_number_id (what webhooks carry) → EUM's `phone-number-id-…` (what EUM's APIs take), the one
 * translation every function that answers a webhook through EUM needs. The directory's list is read once
 * and kept (a link does not change); a number not in it reads the list again, in case it was linked since.
 */
export function eumPhoneNumberIdLookup(directory: PhoneNumberDirectory): (metaPhoneNumberId: string) => Promise<string | undefined> {
  let ids: Map<string, string> | undefined;
  const load = async () => (ids = new Map((await directory.list()).map((p) => [p.metaPhoneNumberId, p.eumPhoneNumberId])));
  return async (metaPhoneNumberId) => (ids ?? (await load())).get(metaPhoneNumberId) ?? (await load()).get(metaPhoneNumberId);
}

/** EUM's ids (`waba-…`) of every WhatsApp Business Account linked in this account and region. */
export async function listLinkedWabaIds(client: SocialMessagingClient = socialMessagingClient()): Promise<string[]> {
  const ids: string[] = [];
  let nextToken: string | undefined;
  do {
    const out = await client.send(new ListLinkedWhatsAppBusinessAccountsCommand({ nextToken }));
    ids.push(...(out.linkedAccounts ?? []).map((a) => a.id).filter((x): x is string => !!x));
    nextToken = out.nextToken;
  } while (nextToken);
  return ids;
}

export class EumTemplateQualityReader extends EumAdapter implements TemplateQualityReader {
  async list(linkedWabaId: string): Promise<TemplateQualityInfo[]> {
    const out: TemplateQualityInfo[] = [];
    let nextToken: string | undefined;
    try {
      do {
        const page = await this.client.send(new ListWhatsAppMessageTemplatesCommand({ id: linkedWabaId, nextToken, maxResults: 100 }));
        for (const t of page.templates ?? []) {
          if (!t.metaTemplateId) continue;
          out.push({ templateId: t.metaTemplateId, templateName: t.templateName, language: t.templateLanguage, qualityScore: t.templateQualityScore });
        }
        nextToken = page.nextToken;
      } while (nextToken);
      return out;
    } catch (err) {
      throw toProviderError(err);
    }
  }
}
