import * as z from 'zod';
import { MAX_CAPTION_LENGTH, MEDIA_KINDS } from '../domain/media/limits.js';
import { sendBase } from '../domain/messaging/schemas.js';
import { sendWhatsAppMessage } from '../messaging/send-message.js';
import { captionsAllowed, headerHandleFor, S3ObjectInput, uploadForSend } from './outbound-media.js';
import { defineAction, mediaOf, sendDeps, type ActionDefinition } from './types.js';
import { resolveWaba } from './waba.js';

const MEDIA_NEEDS = [
  'social-messaging:PostWhatsAppMessageMedia and SendWhatsAppMessage on the origination number',
  's3:GetObject on the object (the media bucket, MEDIA_BUCKET, unless bucket is given)',
  'an inbound message from the customer in the last 24 hours (customer-service window), stored by record-message',
];

const sendMedia = defineAction({
  name: 'send_media',
  status: 'supported',
  summary: "Send an image, document (with filename), audio, video or sticker from an S3 object, checked against WhatsApp's type and size limits first",
  needs: MEDIA_NEEDS,
  input: z
    .object({
      ...sendBase('send_media'),
      type: z.enum(MEDIA_KINDS).describe('image, audio, video, document or sticker'),
      media: S3ObjectInput.describe('the S3 object to send (the CLI uploads a local --file here first)'),
      caption: z.string().trim().min(1).max(MAX_CAPTION_LENGTH, `caption must be at most ${MAX_CAPTION_LENGTH} characters (Meta limit)`).optional(),
      filename: z.string().trim().min(1).max(240, 'filename must be at most 240 characters').optional().describe('document file name shown to the customer'),
    })
    .superRefine((v, ctx) => {
      if (v.caption !== undefined && !captionsAllowed(v.type)) ctx.addIssue({ code: 'custom', path: ['caption'], message: `WhatsApp shows no caption on ${v.type} messages` });
      if (v.filename !== undefined && v.type !== 'document') ctx.addIssue({ code: 'custom', path: ['filename'], message: 'only a document has a filename' });
    }),
  async run(i, ctx) {
    const uploaded = await uploadForSend(mediaOf(ctx), i.from, i.media, i.type, 'media');
    const message = { type: i.type, [i.type]: { id: uploaded.mediaId, ...(i.caption ? { caption: i.caption } : {}), ...(i.filename ? { filename: i.filename } : {}) } };
    const result = await sendWhatsAppMessage({ originationPhoneNumberId: i.from, to: i.to, message }, sendDeps(ctx));
    return { status: 'sent', to: i.to, type: i.type, mediaId: uploaded.mediaId, mimeType: uploaded.mimeType, sizeBytes: uploaded.sizeBytes, ...result };
  },
});

const uploadTemplateMedia = defineAction({
  name: 'upload_template_media',
  status: 'supported',
  summary: 'Turn an S3 image (jpg/png), video (mp4) or document (pdf) into the header handle a media template needs',
  needs: ['social-messaging:CreateWhatsAppMessageTemplateMedia', 's3:GetObject on the object', 'waba_id, or EUM_WABA_ID set for the actions function'],
  input: z.object({
    action: z.literal('upload_template_media'),
    waba_id: z.string().min(1).optional().describe('EUM WhatsApp Business Account id, waba-… (default: env EUM_WABA_ID)'),
    format: z.enum(['IMAGE', 'VIDEO', 'DOCUMENT']).describe('the header format the handle is for'),
    media: S3ObjectInput,
  }),
  async run(i, ctx) {
    const wabaId = resolveWaba(i.waba_id);
    const out = await headerHandleFor(mediaOf(ctx), wabaId, i.media, i.format, 'media');
    return { headerHandle: out.handle, format: i.format, mimeType: out.mimeType, sizeBytes: out.sizeBytes, use: 'components[HEADER].example.header_handle = [headerHandle]' };
  },
});

/** Media actions (issue 19): sends run with the messaging concern, header handles with the templates one (functions/actions/routes.ts). */
export const mediaMessagingActions: ActionDefinition[] = [sendMedia] as ActionDefinition[];
export const mediaTemplateActions: ActionDefinition[] = [uploadTemplateMedia] as ActionDefinition[];
export const mediaActions: ActionDefinition[] = [...mediaMessagingActions, ...mediaTemplateActions];
