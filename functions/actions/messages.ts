import * as z from 'zod';
import { ActionError, defineAction, type ActionDefinition } from './types.js';
import { keyId } from '../domain/shared/ids.js';

export const messageActions: ActionDefinition[] = [
  defineAction({
    name: 'get_message',
    status: 'supported',
    summary: 'A stored message with its current status, pricing and full status history',
    needs: ['the message store (DynamoDB)'],
    input: z.object({
      action: z.literal('get_message'),
      // A longer id is no stored key (ingest refuses ids that would exceed DynamoDB's key size).
      messageKey: keyId('messageKey').describe('our message id (out_…) or Meta wamid'),
    }),
    async run(input, { deps }) {
      const message = await deps.messages.getMessage(input.messageKey);
      if (!message) throw new ActionError(`no stored message ${input.messageKey}`, 404, 'NotFound');
      const history = await deps.messages.getStatusHistory(input.messageKey);
      return { message, history };
    },
  }),
];
