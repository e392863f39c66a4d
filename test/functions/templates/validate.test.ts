import { describe, expect, it } from 'vitest';
import { checkTemplate, LIMITS } from '../../../functions/domain/templates/validate.js';

/** Meta's documented template rules, one table row each: the valid shape, then one mistake at a time. */
const body = (text = 'Hello {{1}}, your order {{2}} is ready.', example: unknown = { body_text: [['Asha', 'A-1']] }) => ({ type: 'BODY', text, example });
const base = (over: Record<string, unknown> = {}) => ({ name: 'order_ready', language: 'en_US', category: 'UTILITY', components: [body()], ...over });
const card = (buttons = [{ type: 'QUICK_REPLY', text: 'More' }], format = 'IMAGE') => ({
  components: [
    { type: 'HEADER', format, example: { header_handle: ['4::aW1n'] } },
    { type: 'BODY', text: 'Card {{1}} text', example: { body_text: [['x']] } },
    { type: 'BUTTONS', buttons },
  ],
});

describe('checkTemplate: valid templates of each kind pass', () => {
  it.each([
    [
      'standard with header, footer and buttons',
      base({
        components: [
          { type: 'HEADER', format: 'TEXT', text: 'Order update' },
          body(),
          { type: 'FOOTER', text: 'Reply STOP to opt out' },
          {
            type: 'BUTTONS',
            buttons: [
              { type: 'QUICK_REPLY', text: 'Track' },
              { type: 'URL', text: 'Open', url: 'https://x.example/o/{{1}}', example: ['https://x.example/o/1'] },
            ],
          },
        ],
      }),
      'standard',
    ],
    [
      'named parameters',
      base({
        parameter_format: 'NAMED',
        components: [{ type: 'BODY', text: 'Hi {{first_name}}, thanks!', example: { body_text_named_params: [{ param_name: 'first_name', example: 'Asha' }] } }],
      }),
      'standard',
    ],
    [
      'authentication (fixed shape)',
      {
        name: 'login_code',
        language: 'en',
        category: 'AUTHENTICATION',
        components: [
          { type: 'BODY', add_security_recommendation: true },
          { type: 'FOOTER', code_expiration_minutes: 10 },
          { type: 'BUTTONS', buttons: [{ type: 'OTP', otp_type: 'COPY_CODE' }] },
        ],
      },
      'authentication',
    ],
    [
      'media card carousel',
      base({ category: 'MARKETING', components: [body('Our picks for {{1}} this week!', { body_text: [['you']] }), { type: 'CAROUSEL', cards: [card(), card()] }] }),
      'carousel',
    ],
    [
      'limited-time offer',
      base({
        category: 'MARKETING',
        components: [
          { type: 'HEADER', format: 'IMAGE', example: { header_handle: ['4::aW1n'] } },
          { type: 'LIMITED_TIME_OFFER', limited_time_offer: { text: 'Ends soon!', has_expiration: true } },
          body('Get {{1}} off today only', { body_text: [['20%']] }),
          {
            type: 'BUTTONS',
            buttons: [
              { type: 'COPY_CODE', example: 'SAVE20' },
              { type: 'URL', text: 'Shop', url: 'https://x.example/sale' },
            ],
          },
        ],
      }),
      'limited_time_offer',
    ],
    [
      'multi-product',
      base({
        category: 'MARKETING',
        components: [
          { type: 'HEADER', format: 'TEXT', text: 'New arrivals' },
          body('Hi {{1}}, see what is new.', { body_text: [['Asha']] }),
          { type: 'BUTTONS', buttons: [{ type: 'MPM', text: 'View items' }] },
        ],
      }),
      'multi_product',
    ],
  ])('%s', (_label, template, kind) => {
    const result = checkTemplate(template);
    expect(result.issues).toEqual([]);
    expect(result.kind).toBe(kind);
  });
});

describe('checkTemplate: each mistake names its field and rule', () => {
  it.each([
    ['uppercase and space in the name', base({ name: 'Order Ready' }), 'name', /lowercase letters, digits and underscores/],
    ['name over 512 characters', base({ name: 'a'.repeat(LIMITS.name + 1) }), 'name', /at most 512/],
    ['unknown language code', base({ language: 'english' }), 'language', /language code/],
    ['unknown category', base({ category: 'PROMO' }), 'category', /MARKETING, UTILITY, AUTHENTICATION/],
    ['no BODY', base({ components: [{ type: 'FOOTER', text: 'x' }] }), 'components', /BODY component is required/],
    ['two BODY components', base({ components: [body(), body()] }), 'components[1].type', /at most one BODY/],
    ['variables out of order', base({ components: [body('Hi {{2}} and {{1}} there.')] }), 'components[0].text', /\{\{1\}\}…\{\{2\}\} in order/],
    ['a gap in the variables', base({ components: [body('Hi {{1}} and {{3}} there.')] }), 'components[0].text', /in order, without gaps/],
    ['missing examples', base({ components: [body('Hi {{1}} and {{2}} there.', null)] }), 'components[0].example', /one example value per variable \(2\)/],
    ['too few examples', base({ components: [body('Hi {{1}} and {{2}} there.', { body_text: [['one']] })] }), 'components[0].example', /need 2 example value\(s\), got 1/],
    ['variable at the start', base({ components: [body('{{1}} is your order.', { body_text: [['A']] })] }), 'components[0].text', /start or the end/],
    ['adjacent variables', base({ components: [body('Hi {{1}} {{2}} there.')] }), 'components[0].text', /next to each other/],
    ['body too long', base({ components: [body('x'.repeat(LIMITS.bodyText + 1), null)] }), 'components[0].text', /at most 1024/],
    ['header text too long', base({ components: [{ type: 'HEADER', format: 'TEXT', text: 'h'.repeat(61) }, body()] }), 'components[0].text', /at most 60/],
    ['image header without a handle', base({ components: [{ type: 'HEADER', format: 'IMAGE' }, body()] }), 'components[0].example.header_handle', /media handle/],
    ['footer with a variable', base({ components: [body(), { type: 'FOOTER', text: 'Code {{1}}' }] }), 'components[1].text', /footer cannot have variables/],
    [
      'too many buttons',
      base({ components: [body(), { type: 'BUTTONS', buttons: Array.from({ length: 11 }, (_, i) => ({ type: 'QUICK_REPLY', text: `b${i}` })) }] }),
      'components[1].buttons',
      /at most 10 buttons/,
    ],
    [
      'three URL buttons',
      base({ components: [body(), { type: 'BUTTONS', buttons: [1, 2, 3].map((i) => ({ type: 'URL', text: `u${i}`, url: `https://x.example/${i}` })) }] }),
      'components[1].buttons',
      /at most 2 URL buttons/,
    ],
    [
      'button text too long',
      base({ components: [body(), { type: 'BUTTONS', buttons: [{ type: 'QUICK_REPLY', text: 'x'.repeat(26) }] }] }),
      'components[1].buttons[0].text',
      /at most 25/,
    ],
    [
      'URL variable not at the end',
      base({ components: [body(), { type: 'BUTTONS', buttons: [{ type: 'URL', text: 'Go', url: 'https://x.example/{{1}}/track', example: ['https://x.example/1/track'] }] }] }),
      'components[1].buttons[0].url',
      /at the end of the URL/,
    ],
    [
      'authentication with text',
      {
        name: 'otp',
        language: 'en',
        category: 'AUTHENTICATION',
        components: [
          { type: 'BODY', text: 'Your code is {{1}}' },
          { type: 'BUTTONS', buttons: [{ type: 'OTP', otp_type: 'COPY_CODE' }] },
        ],
      },
      'components[0].text',
      /Meta supplies/,
    ],
    ['authentication without an OTP button', { name: 'otp', language: 'en', category: 'AUTHENTICATION', components: [{ type: 'BODY' }] }, 'components', /exactly one OTP button/],
    [
      'authentication expiry out of range',
      {
        name: 'otp',
        language: 'en',
        category: 'AUTHENTICATION',
        components: [{ type: 'BODY' }, { type: 'FOOTER', code_expiration_minutes: 120 }, { type: 'BUTTONS', buttons: [{ type: 'OTP', otp_type: 'COPY_CODE' }] }],
      },
      'components[1].code_expiration_minutes',
      /1 to 90/,
    ],
    [
      'one-tap without supported apps',
      { name: 'otp', language: 'en', category: 'AUTHENTICATION', components: [{ type: 'BODY' }, { type: 'BUTTONS', buttons: [{ type: 'OTP', otp_type: 'ONE_TAP' }] }] },
      'components[1].buttons[0].supported_apps',
      /package_name/,
    ],
    ['carousel with one card', base({ category: 'MARKETING', components: [body(), { type: 'CAROUSEL', cards: [card()] }] }), 'components[1].cards', /from 2 to 10 cards/],
    [
      'carousel cards of different shapes',
      base({
        category: 'MARKETING',
        components: [
          body(),
          {
            type: 'CAROUSEL',
            cards: [
              card(),
              card([
                { type: 'QUICK_REPLY', text: 'A' },
                { type: 'QUICK_REPLY', text: 'B' },
              ]),
            ],
          },
        ],
      }),
      'components[1].cards',
      /same header format and the same buttons/,
    ],
    ['carousel as UTILITY', base({ components: [body(), { type: 'CAROUSEL', cards: [card(), card()] }] }), 'category', /carousel template is MARKETING/],
    [
      'limited-time offer with a footer',
      base({
        category: 'MARKETING',
        components: [
          { type: 'LIMITED_TIME_OFFER', limited_time_offer: { text: 'Soon' } },
          body(),
          { type: 'FOOTER', text: 'x' },
          { type: 'BUTTONS', buttons: [{ type: 'URL', text: 'Shop', url: 'https://x.example' }] },
        ],
      }),
      'components[2]',
      /no FOOTER/,
    ],
    [
      'limited-time offer text too long',
      base({
        category: 'MARKETING',
        components: [
          { type: 'LIMITED_TIME_OFFER', limited_time_offer: { text: 'x'.repeat(17) } },
          body(),
          { type: 'BUTTONS', buttons: [{ type: 'URL', text: 'Shop', url: 'https://x.example' }] },
        ],
      }),
      'components[0].limited_time_offer.text',
      /at most 16/,
    ],
    [
      'expiring offer without a copy-code button first',
      base({
        category: 'MARKETING',
        components: [
          { type: 'LIMITED_TIME_OFFER', limited_time_offer: { text: 'Soon', has_expiration: true } },
          body(),
          { type: 'BUTTONS', buttons: [{ type: 'URL', text: 'Shop', url: 'https://x.example' }] },
        ],
      }),
      'components[2].buttons[0]',
      /COPY_CODE/,
    ],
  ])('%s', (_label, template, field, rule) => {
    const { issues } = checkTemplate(template);
    expect(issues.map((i) => i.field)).toContain(field);
    expect(issues.find((i) => i.field === field)!.rule).toMatch(rule);
  });

  it('reports every mistake at once, not only the first', () => {
    const { issues } = checkTemplate({ name: 'Bad', language: 'x', category: 'NOPE', components: [body('{{2}}', null)] });
    expect(new Set(issues.map((i) => i.field))).toEqual(new Set(['name', 'language', 'category', 'components[0].text', 'components[0].example']));
  });
});
