import { describe, expect, it } from 'vitest';
import { keyId } from '../../../functions/domain/shared/ids.js';
import { actionHarness } from '../messaging/support.js';

/** Ids that become DynamoDB keys are bounded in bytes, so a long or wide id is a 400 naming it, never a 500. */
describe('ids that become stored keys', () => {
  const wide = '😀'.repeat(129); // 129 characters, 516 UTF-8 bytes
  const cases: [string, Record<string, unknown>, string][] = [
    ['get_payment', { payment_id: wide }, 'payment_id'],
    ['get_template', { meta_template_id: wide }, 'meta_template_id'],
    ['get_message', { messageKey: wide }, 'messageKey'],
    ['get_quality_history', { phoneNumberId: wide }, 'phoneNumberId'],
  ];

  it.each(cases)('%s refuses an id past 512 bytes, naming the field', async (action, fields, field) => {
    const res = await actionHarness().run({ action, ...fields });
    expect(res.statusCode).toBe(400);
    expect(res.body).toMatchObject({
      error: { code: 'ValidationError', details: { issues: expect.arrayContaining([expect.objectContaining({ field, rule: expect.stringMatching(/512 bytes/) })]) } },
    });
  });

  it('counts bytes, not characters: 512 bytes pass, 513 do not', () => {
    const id = keyId('payment_id');
    expect(id.safeParse('😀'.repeat(128)).success).toBe(true);
    expect(id.safeParse(`${'😀'.repeat(128)}a`).success).toBe(false);
    expect(id.safeParse('a'.repeat(512)).success).toBe(true);
  });
});
