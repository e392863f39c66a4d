import {
  CreateWhatsAppMessageTemplateMediaCommand,
  DeleteWhatsAppMessageMediaCommand,
  GetWhatsAppMessageMediaCommand,
  PostWhatsAppMessageMediaCommand,
} from '@aws-sdk/client-socialmessaging';
import { EumAdapter, toProviderError } from './client.js';
import type { S3ObjectRef, WhatsAppMediaApi } from '../../ports/eum.js';

export class EumWhatsAppMedia extends EumAdapter implements WhatsAppMediaApi {
  async download(originationPhoneNumberId: string, mediaId: string, destination: { url: string; headers: Record<string, string> }) {
    try {
      const out = await this.client.send(new GetWhatsAppMessageMediaCommand({ originationPhoneNumberId, mediaId, destinationS3PresignedUrl: destination }));
      // EUM reports fileSize in KB.
      return { mimeType: out.mimeType, sizeBytes: out.fileSize === undefined ? undefined : out.fileSize * 1024 };
    } catch (err) {
      throw toProviderError(err);
    }
  }

  async upload(originationPhoneNumberId: string, source: S3ObjectRef) {
    try {
      const out = await this.client.send(new PostWhatsAppMessageMediaCommand({ originationPhoneNumberId, sourceS3File: { bucketName: source.bucket, key: source.key } }));
      if (!out.mediaId) throw new Error('PostWhatsAppMessageMedia returned no mediaId');
      return { mediaId: out.mediaId };
    } catch (err) {
      throw toProviderError(err);
    }
  }

  async delete(originationPhoneNumberId: string, mediaId: string) {
    try {
      await this.client.send(new DeleteWhatsAppMessageMediaCommand({ originationPhoneNumberId, mediaId }));
    } catch (err) {
      throw toProviderError(err);
    }
  }

  async templateHeaderHandle(wabaId: string, source: S3ObjectRef) {
    try {
      const out = await this.client.send(new CreateWhatsAppMessageTemplateMediaCommand({ id: wabaId, sourceS3File: { bucketName: source.bucket, key: source.key } }));
      if (!out.metaHeaderHandle) throw new Error('CreateWhatsAppMessageTemplateMedia returned no metaHeaderHandle');
      return { handle: out.metaHeaderHandle };
    } catch (err) {
      throw toProviderError(err);
    }
  }
}
