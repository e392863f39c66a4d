/**
 * Meta's WhatsApp error codes, as data: what each means and what to do about it. The one catalogue
 * of them in the project (analytics failures, message lists, the console). Paraphrased from Meta's
 * "WhatsApp error codes" reference
 * (developers.facebook.com/documentation/business-messaging/whatsapp/support/error-codes), which
 * recommends handling errors by `code` (titles are being deprecated).
 */
export interface MetaErrorCode {
  code: string;
  title: string;
  meaning: string;
  fix: string;
  /** Who has to act: the sender (request, account, template), the recipient, or nobody (retry). */
  kind: 'recipient' | 'template' | 'rate_limit' | 'account' | 'request' | 'transient';
}

const entry = (code: number, kind: MetaErrorCode['kind'], title: string, meaning: string, fix: string): MetaErrorCode => ({ code: String(code), kind, title, meaning, fix });

const CATALOGUE: MetaErrorCode[] = [
  entry(
    131047,
    'recipient',
    'Re-engagement message',
    'More than 24 hours have passed since the customer last wrote to this number: the customer-service window is closed, so only a template may be sent.',
    'Send an approved template to reopen the conversation, or wait for the customer to write again; do not retry the free-form message.',
  ),
  entry(
    131049,
    'recipient',
    'Meta chose not to deliver (per-user marketing limit)',
    'Meta did not deliver this marketing message to keep the ecosystem healthy: the customer already received its limit of marketing templates from businesses recently, or is unlikely to engage.',
    'Do not resend at once: retry no sooner than a day later, send fewer marketing templates to this customer, and prefer customers who recently engaged.',
  ),
  entry(
    131026,
    'recipient',
    'Message undeliverable',
    'The message could not be delivered: the number is not on WhatsApp, the customer has not accepted the latest terms, uses an old app version, or blocked the business.',
    'Check the number (country code, WhatsApp account), ask the customer to update WhatsApp, and stop sending after repeated failures.',
  ),
  entry(
    131048,
    'rate_limit',
    'Spam rate limit hit',
    'Meta restricted how many messages this number may send because earlier messages were blocked or flagged as spam.',
    'Slow down, send only to opted-in customers, and check the phone number quality rating in WhatsApp Manager.',
  ),
  entry(
    131056,
    'rate_limit',
    'Pair rate limit hit',
    'Too many messages from this business number to the same customer in a short time.',
    'Wait before sending again to this customer; batch the content into fewer messages.',
  ),
  entry(
    130429,
    'rate_limit',
    'Cloud API throughput reached',
    'The number sent more messages per second than its throughput allows.',
    'Queue and retry with backoff; spread campaigns over time.',
  ),
  entry(
    131050,
    'recipient',
    'Customer stopped marketing messages',
    'The customer chose to stop receiving marketing messages from this business.',
    'Do not send marketing templates to this customer; utility and service messages still go through.',
  ),
  entry(
    131051,
    'request',
    'Unsupported message type',
    'The message type is not supported (for example an unknown type, or one the recipient cannot receive).',
    'Send a supported type (text, media, interactive, template); check the payload built for this message.',
  ),
  entry(131052, 'request', 'Media download error', "The media in the customer's message could not be downloaded.", 'Ask the customer to send the file again.'),
  entry(
    131053,
    'request',
    'Media upload error',
    'The media to send could not be uploaded: unsupported type or too large.',
    'Check the MIME type and size limits of the media kind, and its URL or id.',
  ),
  entry(
    130472,
    'recipient',
    "Customer's number is part of an experiment",
    "Meta held this marketing message back: the customer's number is in a marketing-message experiment.",
    'Nothing to fix; the message is not charged. Reach the customer another way if needed.',
  ),
  entry(131000, 'transient', 'Something went wrong', 'An unknown error at Meta.', 'Retry later; if it persists, contact support with the message id.'),
  entry(131016, 'transient', 'Service unavailable', "Meta's service was temporarily unavailable.", 'Retry with backoff; check the WhatsApp Business status page.'),
  entry(
    131005,
    'account',
    'Access denied',
    'The permission to send was denied or revoked.',
    'Check that the WhatsApp Business Account is still linked to EUM Social and its permissions.',
  ),
  entry(131008, 'request', 'Required parameter missing', 'The request lacked a required parameter.', 'Fill the missing field named in the error details.'),
  entry(131009, 'request', 'Parameter value is not valid', 'A parameter value is invalid (phone number format, id, URL…).', 'Fix the value named in the error details.'),
  entry(131021, 'request', 'Recipient cannot be sender', 'The message was addressed to the sending number itself.', 'Send to another number.'),
  entry(
    131031,
    'account',
    'Business account locked',
    'The WhatsApp Business Account is restricted or disabled (policy violation or failed verification).',
    'See Business Support Home / WhatsApp Manager for the reason and request a review.',
  ),
  entry(
    131042,
    'account',
    'Business eligibility payment issue',
    'Payment for the account failed or is not set up (no valid payment method, credit line over limit).',
    'Fix the payment method in Business settings → Billing (or the AWS account for EUM fees).',
  ),
  entry(131057, 'account', 'Account in maintenance mode', 'The business account is being updated (for example a throughput upgrade).', 'Retry later.'),
  entry(
    132000,
    'template',
    'Template parameter count mismatch',
    "The number of variables sent does not match the template's variables.",
    'Send exactly one value per {{n}} variable of the approved template (body, header, buttons).',
  ),
  entry(
    132001,
    'template',
    'Template does not exist',
    'No approved template with this name in this language (misspelt, not approved yet, or deleted).',
    'Check the name and language against list_templates; wait for approval of a new one.',
  ),
  entry(132005, 'template', 'Template text too long', 'The template text with its variables filled in exceeds the length limit.', 'Shorten the variable values.'),
  entry(
    132007,
    'template',
    'Template format character policy violated',
    'A variable value breaks the format rules (newlines, tabs, more than 4 spaces in a row…).',
    'Strip newlines and repeated spaces from variable values.',
  ),
  entry(
    132012,
    'template',
    'Template parameter format mismatch',
    'A variable value does not match the type the template expects (text, currency, date-time, media).',
    'Send each parameter with the type the template declares.',
  ),
  entry(
    132015,
    'template',
    'Template is paused',
    'Meta paused the template because of low quality (negative feedback).',
    'Switch to another approved template; improve or edit this one (see its quality history and guidance).',
  ),
  entry(132016, 'template', 'Template is disabled', 'Meta disabled the template after repeated pauses; it can no longer be sent.', 'Create a new template with different content.'),
  entry(132068, 'template', 'Flow is blocked', 'The flow in the message is in a blocked state.', 'Fix the flow in WhatsApp Manager and publish it again.'),
  entry(
    132069,
    'template',
    'Flow is throttled',
    'The flow is throttled (too many recent errors); only a few messages per hour are allowed.',
    "Fix the flow's endpoint errors; sends resume when the flow recovers.",
  ),
  entry(
    133010,
    'account',
    'Phone number not registered',
    'The sending phone number is not registered on the WhatsApp Business Platform.',
    'Register the number (EUM Social console) before sending.',
  ),
  entry(
    368,
    'account',
    'Temporarily blocked for policy violations',
    'The account is temporarily blocked for violating WhatsApp policies.',
    'See Business Support Home for the violation; appeal if it is a mistake.',
  ),
  entry(
    470,
    'recipient',
    'Message failed: outside the 24-hour window (legacy)',
    'The older code for a closed customer-service window (now 131047).',
    'Send an approved template instead.',
  ),
];

const BY_CODE = new Map(CATALOGUE.map((e) => [e.code, e]));

/** Every code of the catalogue, in catalogue order. */
export const META_ERROR_CODES: readonly MetaErrorCode[] = CATALOGUE;

/** What a Meta error code means and how to fix it; a generic answer for a code not catalogued (or `unknown`). */
export function describeErrorCode(code: string | number | undefined): MetaErrorCode {
  const key = code === undefined || code === null ? 'unknown' : String(code);
  const known = BY_CODE.get(key);
  if (known) return known;
  if (key === 'unknown') {
    return {
      code: key,
      kind: 'transient',
      title: 'Failed without an error code',
      meaning: 'The failed status carried no error code.',
      fix: 'Open the message (get_message) for the status history and any reason given.',
    };
  }
  return {
    code: key,
    kind: 'transient',
    title: `Meta error ${key}`,
    meaning: 'A code this catalogue does not describe yet.',
    fix: "Look the code up in Meta's WhatsApp error codes reference and the status's error details (get_message).",
  };
}
