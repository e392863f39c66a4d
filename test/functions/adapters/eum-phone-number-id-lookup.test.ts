import { describe, expect, it } from 'vitest';
import { eumPhoneNumberIdLookup } from '../../../functions/adapters/eum/phone-numbers.js';
import type { PhoneNumberDirectory, PhoneNumberInfo } from '../../../functions/ports/eum.js';

function directory(numbers: PhoneNumberInfo[]): PhoneNumberDirectory & { lists: number } {
  const d = {
    lists: 0,
    list: async () => (d.lists++, [...numbers]),
    get: async () => undefined,
  };
  return d;
}

describe("Meta's phone_number_id → EUM's phone number id", () => {
  it('answers from one read of the list, then from memory', async () => {
    const dir = directory([
      { eumPhoneNumberId: 'phone-number-id-aa', metaPhoneNumberId: '1065' },
      { eumPhoneNumberId: 'phone-number-id-bb', metaPhoneNumberId: '2077' },
    ]);
    const eumIdOf = eumPhoneNumberIdLookup(dir);
    expect(await eumIdOf('2077')).toBe('phone-number-id-bb');
    expect(await eumIdOf('1065')).toBe('phone-number-id-aa');
    expect(dir.lists).toBe(1);
  });

  it('reads the list again for a number it does not know (linked since), and answers undefined when still unknown', async () => {
    const numbers: PhoneNumberInfo[] = [{ eumPhoneNumberId: 'phone-number-id-aa', metaPhoneNumberId: '1065' }];
    const dir = directory(numbers);
    const eumIdOf = eumPhoneNumberIdLookup(dir);
    expect(await eumIdOf('1065')).toBe('phone-number-id-aa');
    numbers.push({ eumPhoneNumberId: 'phone-number-id-cc', metaPhoneNumberId: '3099' });
    expect(await eumIdOf('3099')).toBe('phone-number-id-cc');
    expect(await eumIdOf('9999')).toBeUndefined();
  });
});
