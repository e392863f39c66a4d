import {
  CreateWhatsAppMessageTemplateMediaCommand,
  DeleteWhatsAppMessageMediaCommand,
  GetWhatsAppMessageMediaCommand,
  PostWhatsAppMessageMediaCommand,
} from '@aws-sdk/client-socialmessaging';
import { socialMessagingClient, toProviderError } from './client.js';

export interface S3ObjectRef {
  bucket: string;
  key: string;
}

/** EUM Social's media operations (WhatsApp media ids ↔ S3 objects). */
export interface WhatsAppMediaApi {
  /** Downloads an inbound media id into S3 through a presigned PUT URL (the exact key is ours). Sizes in bytes. */
  download(originationPhoneNumberId: string, mediaId: string, destination: { url: string; headers: Record<string, string> }): Promise<{ mimeType?: string; sizeBytes?: number }>;
  /** Uploads an S3 object to WhatsApp; returns the media id to send. */
  upload(originationPhoneNumberId: string, source: S3ObjectRef): Promise<{ mediaId: string }>;
  delete(originationPhoneNumberId: string, mediaId: string): Promise<void>;
  /** Turns an S3 object into the header handle a media template needs. `wabaId`: EUM's linked account id. */
  templateHeaderHandle(wabaId: string, source: S3ObjectRef): Promise<{ handle: string }>;
}

export class EumWhatsAppMedia implements WhatsAppMediaApi {
  async download(originationPhoneNumberId: string, mediaId: string, destination: { url: string; headers: Record<string, string> }) {
    try {
      const out = await socialMessagingClient().send(
        new GetWhatsAppMessageMediaCommand({ originationPhoneNumberId, mediaId, destinationS3PresignedUrl: destination }),
      );
      // EUM reports fileSize in KB.
      return { mimeType: out.mimeType, sizeBytes: out.fileSize === undefined ? undefined : out.fileSize * 1024 };
    } catch (err) {
      throw toProviderError(err);
    }
  }

  async upload(originationPhoneNumberId: string, source: S3ObjectRef) {
    try {
      const out = await socialMessagingClient().send(
        new PostWhatsAppMessageMediaCommand({ originationPhoneNumberId, sourceS3File: { bucketName: source.bucket, key: source.key } }),
      );
      if (!out.mediaId) throw new Error('PostWhatsAppMessageMedia returned no mediaId');
      return { mediaId: out.mediaId };
    } catch (err) {
      throw toProviderError(err);
    }
  }

  async delete(originationPhoneNumberId: string, mediaId: string) {
    try {
      await socialMessagingClient().send(new DeleteWhatsAppMessageMediaCommand({ originationPhoneNumberId, mediaId }));
    } catch (err) {
      throw toProviderError(err);
    }
  }

  async templateHeaderHandle(wabaId: string, source: S3ObjectRef) {
    try {
      const out = await socialMessagingClient().send(
        new CreateWhatsAppMessageTemplateMediaCommand({ id: wabaId, sourceS3File: { bucketName: source.bucket, key: source.key } }),
      );
      if (!out.metaHeaderHandle) throw new Error('CreateWhatsAppMessageTemplateMedia returned no metaHeaderHandle');
      return { handle: out.metaHeaderHandle };
    } catch (err) {
      throw toProviderError(err);
    }
  }
}
