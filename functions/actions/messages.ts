import * as z from 'zod';
import { ActionError, defineAction, mediaOf, type ActionDefinition } from './types.js';
import { keyId } from '../domain/shared/ids.js';

export const MEDIA_URL_SECONDS = 300;

export const messageActions: ActionDefinition[] = [
  defineAction({
    name: 'get_message',
    status: 'supported',
    summary: 'A stored message with its current status, pricing and full status history; inbound media with a short-lived download URL',
    needs: ['the message store (DynamoDB)', 's3:GetObject on the media bucket (MEDIA_BUCKET) for media download URLs'],
    input: z.object({
      action: z.literal('get_message'),
      // A longer id is no stored key (ingest refuses ids that would exceed DynamoDB's key size).
      messageKey: keyId('messageKey').describe('our message id (out_…) or Meta wamid'),
    }),
    async run(input, ctx) {
      const { deps } = ctx;
      const message = await deps.messages.getMessage(input.messageKey);
      if (!message) throw new ActionError(`no stored message ${input.messageKey}`, 404, 'NotFound');
      const history = await deps.messages.getStatusHistory(input.messageKey);
      const bucket = mediaOf(ctx).bucket;
      if (!message.media || !bucket) return { message, history };
      // A presigned GET, short-lived: whoever holds the answer can download the file for a few minutes only.
      const url = await bucket.presignGet(message.media.key, MEDIA_URL_SECONDS, message.media.bucket);
      return { message, history, media: { ...message.media, url, expiresInSeconds: MEDIA_URL_SECONDS } };
    },
  }),
];
