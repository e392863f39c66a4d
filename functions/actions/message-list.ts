import * as z from 'zod';
import { DAY_RE } from '../domain/analytics/days.js';
import { describeErrorCode } from '../domain/messaging/error-codes.js';
import { statusTimeAttribute } from '../domain/messaging/status-order.js';
import { keyId } from '../domain/shared/ids.js';
import { InvalidListCursorError } from '../ports/errors.js';
import type { StoredMessage } from '../ports/message-store.js';
import { resolveMetaPhoneId } from './quality.js';
import { ActionError, defineAction, insightsOf } from './types.js';

/** A day means the whole UTC day: `from` its first millisecond, `to` its last. */
const bound = (edge: 'from' | 'to') =>
  z
    .string()
    .refine((v) => DAY_RE.test(v) || !Number.isNaN(Date.parse(v)), 'must be a UTC day YYYY-MM-DD or an ISO-8601 time')
    .transform((v) => (DAY_RE.test(v) ? `${v}T${edge === 'from' ? '00:00:00.000' : '23:59:59.999'}Z` : new Date(v).toISOString()));

const MAX_DAYS = 400;

/** One row of the list: what the analytics click-through shows. */
export function messageRow(m: StoredMessage) {
  const errorCode = m.errorCodes?.length ? String(m.errorCodes[0]) : m.status === 'failed' ? 'unknown' : null;
  const statusAt = m.status ? (m[statusTimeAttribute(m.status)] as string | undefined) : undefined;
  return {
    messageId: m.wamid ?? m.messageKey,
    messageKey: m.messageKey,
    waId: m.waId ?? null,
    direction: m.direction === 'unknown' ? 'outbound' : m.direction,
    type: m.type ?? (m.templateName ? 'template' : null),
    template: m.templateName ?? null,
    status: m.status ?? (m.direction === 'inbound' ? 'received' : null),
    errorCode,
    errorTitle: errorCode ? describeErrorCode(errorCode).title : null,
    createdAt: m.createdAt,
    statusAt: statusAt ?? m.createdAt,
  };
}

export const listMessages = defineAction({
  name: 'list_messages',
  status: 'supported',
  summary: "A phone number's stored messages over a time range, newest first, filtered by status, Meta error code, template or customer; paginated (the analytics click-through)",
  needs: ['messages stored by record-message (GSI1: by phone number and UTC day)'],
  input: z
    .object({
      action: z.literal('list_messages'),
      phoneNumberId: keyId('phoneNumberId').describe('Meta phone_number_id or EUM phone-number-id-…'),
      from: bound('from'),
      to: bound('to'),
      status: z.enum(['accepted', 'sent', 'delivered', 'read', 'failed', 'deleted']).optional(),
      errorCode: z
        .string()
        .regex(/^(\d{1,7}|unknown)$/, "must be Meta's numeric error code or 'unknown'")
        .optional(),
      template: keyId('template').optional().describe('template name'),
      waId: keyId('waId').optional(),
      direction: z.enum(['inbound', 'outbound']).optional(),
      limit: z.number().int().min(1).max(200).default(50),
      cursor: z.string().min(1).max(4096).optional(),
    })
    .refine((v) => v.from <= v.to, { message: 'must not be after to', path: ['from'] })
    .refine((v) => Date.parse(v.to) - Date.parse(v.from) <= MAX_DAYS * 86_400_000, { message: `at most ${MAX_DAYS} days per query`, path: ['from'] }),
  async run(input, ctx) {
    const phoneNumberId = await resolveMetaPhoneId(input.phoneNumberId, insightsOf(ctx).phoneDirectory);
    try {
      const page = await insightsOf(ctx).messageListing.list({ ...input, phoneNumberId });
      return { phoneNumberId, from: input.from, to: input.to, messages: page.items.map(messageRow), nextCursor: page.nextCursor };
    } catch (err) {
      if (err instanceof InvalidListCursorError) throw new ActionError(err.message, 400, 'ValidationError', { issues: [{ field: 'cursor', rule: err.message }] });
      throw err;
    }
  },
});
