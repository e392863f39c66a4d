import { describe, expect, it } from 'vitest';
import { readable } from '../../../local/cli/format.js';

describe('the CLI’s readable answers', () => {
  it('say (none) for an empty list in an answer, where a blank would look like a missing value', () => {
    const out = readable({ phoneNumbers: [], wabaId: 'waba-1' });
    expect(out.split('\n')).toEqual(['phoneNumbers  (none)', 'wabaId        waba-1']);
  });

  it('still list the rows of a non-empty list as a table under its key', () => {
    const out = readable({ phoneNumbers: [{ phoneNumberId: '1065', rating: 'GREEN' }] });
    expect(out.split('\n')).toEqual(['phoneNumbers:', '  PHONENUMBERID  RATING', '  -------------  ------', '  1065           GREEN']);
  });
});
