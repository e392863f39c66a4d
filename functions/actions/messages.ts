import * as z from 'zod';
import { ActionError, defineAction, type ActionDefinition } from './types.js';

export const messageActions: ActionDefinition[] = [
  defineAction({
    name: 'get_message',
    status: 'supported',
    summary: 'A stored message with its current status, pricing and full status history',
    needs: ['the message store (DynamoDB)'],
    input: z.object({
      action: z.literal('get_message'),
      // At most 512 characters, as ingest accepts: a longer id is no stored key (and would exceed DynamoDB's key size).
      messageKey: z.string().min(1).max(512).describe('our message id (out_…) or Meta wamid'),
    }),
    async run(input, { deps }) {
      const message = await deps.messages.getMessage(input.messageKey);
      if (!message) throw new ActionError(`no stored message ${input.messageKey}`, 404, 'NotFound');
      const history = await deps.messages.getStatusHistory(input.messageKey);
      return { message, history };
    },
  }),
];
